import io

import pytest
from django.urls import reverse
from PIL import Image

from bookings.models import Reminder
from tests.factories import (
    BookingFactory,
    ClientFactory,
    InspirationImageFactory,
    IntakeResponseFactory,
    ReminderFactory,
    SessionTypeFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def booking(studio):
    intake = IntakeResponseFactory(
        answers={"uses": ["linkedin", "speaker"], "people": "just_me", "notes": "Glasses"},
        recommended_kind="headshot",
        runner_up_kind="hybrid",
        reasons=["You'll use it on LinkedIn: a clean, well-lit headshot reads at small sizes."],
        notes=["Bring your glasses."],
    )
    booking = BookingFactory(
        intake=intake,
        session_type=SessionTypeFactory(kind="portrait", name="Environmental portrait"),
        client=ClientFactory(name="Grace Hopper", email="grace@example.com", phone="+1 555 0100"),
        notes="I'd like one photo with my cat.",
        purpose="Book jacket",
    )
    BookingFactory(client=booking.client, reference="HS-OLDER", own_slot=True)
    return booking


def _page(client, booking):
    response = client.get(reverse("dashboard:booking", args=[booking.reference]))
    assert response.status_code == 200
    return response.content.decode()


def test_booking_page_shows_client_history_and_the_session(staff_client, booking):
    html = _page(staff_client, booking)
    for text in (
        "Grace Hopper",
        "grace@example.com",
        "+1 555 0100",
        "HS-OLDER",
        "I&#x27;d like one photo with my cat.",
        "Book jacket",
        "Environmental portrait",
    ):
        assert text in html, text
    assert reverse("dashboard:client", args=[booking.client_id]) in html


def test_booking_page_shows_answers_recommendation_reasons_and_the_other_choice(
    staff_client, booking
):
    html = _page(staff_client, booking)
    assert "Recommended: <strong>Headshot</strong>" in html
    assert "runner-up: Hybrid / personal branding" in html
    assert "a clean, well-lit headshot reads at small sizes" in html
    assert "Bring your glasses." in html
    assert "chose a Portrait session instead of the recommended Headshot" in html
    # The answers in the wizard's own words.
    assert "Where will the photos be used?" in html
    assert "LinkedIn or your CV, Speaker bio or press kit" in html
    assert "Just me" in html


def test_booking_without_wizard_says_so(staff_client, studio):
    html = _page(staff_client, BookingFactory())
    assert "Booked without the wizard." in html
    assert "No images sent." in html
    assert "No emails planned" in html


def test_email_timeline_shows_each_state_and_error(staff_client, booking):
    ReminderFactory(booking=booking, kind=Reminder.Kind.CONFIRMATION, state="sent")
    ReminderFactory(
        booking=booking,
        kind=Reminder.Kind.PREPARATION,
        state="failed",
        attempts=5,
        last_error="SMTP 550: mailbox unavailable",
    )
    ReminderFactory(booking=booking, kind=Reminder.Kind.DAY_BEFORE, state="pending")
    html = _page(staff_client, booking)
    timeline = html.split('id="emails"')[1]
    for text in (
        "Confirmation",
        "Preparation",
        "Day before",
        "Sent",
        "Failed",
        "Planned",
        "SMTP 550: mailbox unavailable",
        "5 attempts",
    ):
        assert text in timeline, text


def test_unknown_booking_is_404(staff_client):
    assert staff_client.get(reverse("dashboard:booking", args=["HS-NOPE"])).status_code == 404


def _jpeg(width=800, height=600):
    buffer = io.BytesIO()
    Image.new("RGB", (width, height), "teal").save(buffer, format="JPEG")
    return buffer.getvalue()


def test_images_show_as_thumbnails_linking_to_full_size(staff_client, booking):
    image = InspirationImageFactory(booking=booking, original_name="mood.jpg")
    html = _page(staff_client, booking)
    full = reverse("dashboard:booking_image", args=[booking.reference, image.pk])
    thumb = reverse("dashboard:booking_thumb", args=[booking.reference, image.pk])
    assert f'href="{full}"' in html and f'src="{thumb}"' in html


def test_full_image_streams_from_private_storage_to_staff(staff_client, booking, settings):
    image = InspirationImageFactory(booking=booking)
    response = staff_client.get(
        reverse("dashboard:booking_image", args=[booking.reference, image.pk])
    )
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg"
    assert b"".join(response.streaming_content) == image.image.open("rb").read()
    assert "sandbox" in response["Content-Security-Policy"]
    assert "no-store" in response["Cache-Control"]


def test_thumbnail_is_a_small_webp_made_once(staff_client, booking):
    from django.core.files.base import ContentFile

    image = InspirationImageFactory(booking=booking, image=ContentFile(_jpeg(), name="big.jpg"))
    url = reverse("dashboard:booking_thumb", args=[booking.reference, image.pk])
    first = b"".join(staff_client.get(url).streaming_content)
    with Image.open(io.BytesIO(first)) as thumb:
        assert thumb.format == "WEBP"
        assert thumb.width == 360
    storage = image.image.storage
    [name] = [f"thumbs/{image.image.name.rsplit('.', 1)[0]}-360.webp"]
    stamp = storage.get_modified_time(name)
    second = staff_client.get(url)
    assert b"".join(second.streaming_content) == first
    assert storage.get_modified_time(name) == stamp


def test_image_of_another_booking_is_404(staff_client, booking):
    image = InspirationImageFactory(booking__own_slot=True)
    url = reverse("dashboard:booking_image", args=[booking.reference, image.pk])
    assert staff_client.get(url).status_code == 404


def test_missing_image_file_is_404_not_500(staff_client, booking):
    image = InspirationImageFactory(booking=booking)
    image.image.storage.delete(image.image.name)
    for name in ("booking_image", "booking_thumb"):
        url = reverse(f"dashboard:{name}", args=[booking.reference, image.pk])
        assert staff_client.get(url).status_code == 404


def test_private_images_are_not_reachable_without_the_dashboard(client, booking, settings):
    image = InspirationImageFactory(booking=booking)
    assert not image.image.path.startswith(str(settings.MEDIA_ROOT))
    assert client.get(f"/media/{image.image.name}").status_code == 404
    url = reverse("dashboard:booking_image", args=[booking.reference, image.pk])
    assert client.get(url).status_code == 302  # to the login page
