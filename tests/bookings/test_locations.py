"""Sessions on location: the place is asked for, required, kept, shown and blocks travel time."""

from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from icalendar import Calendar

from bookings import drafts, services
from bookings.calendar import booking_ics
from bookings.models import Booking
from bookings.selectors import shape_of
from studio.models import SessionType
from tests.bookings.booking_setup import (
    NOW,
    details_data,
    headshot,
    open_studio,
    private_ratelimit_cache,
    value,
    wednesday,
)

pytestmark = pytest.mark.django_db
Location = SessionType.Location
CLIENT = services.ClientDetails(name="Ada Lovelace", email="ada@example.com", phone="")
PLACE = "The bandstand, Victoria Park, London E9"


@pytest.fixture(autouse=True)
def _own_ratelimit_counts(settings):
    private_ratelimit_cache(settings)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def outdoors():
    open_studio()
    return headshot(
        location=Location.LOCATION,
        buffer_after_minutes=15,
        travel_before_minutes=30,
        travel_after_minutes=45,
    )


DETAILS = "/book/headshot/details/"
REVIEW = "/book/headshot/review/"


# The rules, without HTTP


@pytest.mark.parametrize(
    ("where", "on_location", "before", "after"),
    [
        (Location.STUDIO, None, 0, 15),
        (Location.STUDIO, True, 0, 15),  # a studio-only type never travels
        (Location.LOCATION, None, 30, 60),
        (Location.LOCATION, False, 0, 15),  # the client chose the studio instead
        (Location.EITHER, None, 0, 15),
        (Location.EITHER, True, 30, 60),
    ],
)
def test_travel_time_blocks_like_a_buffer_for_location_bookings_only(
    where, on_location, before, after
):
    session_type = SessionType(
        location=where,
        duration_minutes=60,
        buffer_after_minutes=15,
        travel_before_minutes=30,
        travel_after_minutes=45,
    )
    if where == Location.STUDIO:
        on_location = False
    shape = shape_of(session_type, on_location=on_location)
    assert (shape.buffer_before, shape.buffer_after) == (
        timedelta(minutes=before),
        timedelta(minutes=after),
    )


def test_a_location_booking_keeps_the_place_and_blocks_travel(outdoors):
    booking = services.book(
        session_type=outdoors, start=wednesday("10:00"), client=CLIENT, location=f"  {PLACE} "
    )
    assert (booking.on_location, booking.location) == (True, PLACE)
    assert booking.blocked_start == wednesday("09:30")
    assert booking.blocked_end == wednesday("12:00")  # 1 h + 15 min buffer + 45 min travel


def test_the_studio_instead_books_without_place_or_travel(outdoors):
    booking = services.book(
        session_type=outdoors, start=wednesday("10:00"), client=CLIENT, on_location=False
    )
    assert (booking.on_location, booking.location) == (False, "")
    assert (booking.blocked_start, booking.blocked_end) == (wednesday("10:00"), wednesday("11:15"))


@pytest.mark.parametrize("place", ["", "   ", "line one\nline two", "x" * 301])
def test_a_location_booking_without_a_usable_place_is_refused_and_nothing_stored(outdoors, place):
    with pytest.raises(services.InvalidDetails):
        services.book(
            session_type=outdoors, start=wednesday("10:00"), client=CLIENT, location=place
        )
    assert not Booking.objects.exists()


def test_travel_time_makes_a_neighbouring_time_busy(outdoors):
    services.book(session_type=outdoors, start=wednesday("14:00"), client=CLIENT, location=PLACE)
    other = headshot(slug="studio-headshot", name="Studio headshot")
    with pytest.raises(services.SlotTaken):  # 15:30 is inside the travel back (until 16:00)
        services.book(session_type=other, start=wednesday("15:30"), client=CLIENT)
    assert services.book(session_type=other, start=wednesday("16:00"), client=CLIENT)


def test_the_calendar_file_names_the_place(outdoors):
    booking = services.book(
        session_type=outdoors, start=wednesday("10:00"), client=CLIENT, location=PLACE
    )
    (event,) = Calendar.from_ical(booking_ics(booking)).walk("VEVENT")
    assert str(event["LOCATION"]) == PLACE
    studio_booking = services.book(
        session_type=outdoors, start=wednesday("14:00"), client=CLIENT, on_location=False
    )
    (event,) = Calendar.from_ical(booking_ics(studio_booking)).walk("VEVENT")
    assert str(event["LOCATION"]) == "1 Test Street, Leeds"


# Over HTTP


def test_the_details_step_asks_where_for_a_location_type_only(client, outdoors):
    page = client.get(DETAILS, {"start": value(wednesday("10:00"))}).content.decode()
    assert 'name="where"' in page and 'name="location"' in page
    headshot(slug="in-studio", name="In studio")
    page = client.get("/book/in-studio/details/", {"start": value(wednesday("10:00"))})
    assert 'name="location"' not in page.content.decode()


def test_a_place_left_empty_is_a_form_error_beside_the_field_and_nothing_is_stored(
    client, outdoors
):
    response = client.post(DETAILS, details_data(where="place", location="  "))
    assert response.status_code == 400
    page = response.content.decode()
    assert "Please tell us where the session should be, or choose the studio." in page
    assert 'id="id_location_error"' in page
    assert drafts.SESSION_KEY not in client.session
    assert not Booking.objects.exists()


def test_a_missing_choice_of_where_is_a_form_error(client, outdoors):
    response = client.post(DETAILS, details_data(location=PLACE))
    assert response.status_code == 400
    assert 'id="id_where_error"' in response.content.decode()


def test_the_place_goes_through_review_into_the_booking_and_every_email(client, outdoors, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    response = client.post(DETAILS, details_data(where="place", location=PLACE))
    assert response.status_code == 302
    review = client.get(REVIEW).content.decode()
    assert "On location: The bandstand, Victoria Park, London E9" in review
    key = client.session[drafts.SESSION_KEY]["key"]
    assert client.post(REVIEW, {"key": key}).status_code == 302
    booking = Booking.objects.get()
    assert (booking.on_location, booking.location) == (True, PLACE)
    from bookings.reminders import send_due

    send_due(now=NOW)
    assert mail.outbox
    for message in mail.outbox:  # the client's confirmation and the studio's alert
        assert PLACE in message.body, message.subject


def test_choosing_the_studio_instead_needs_no_place(client, outdoors):
    response = client.post(DETAILS, details_data(where="studio", location=""))
    assert response.status_code == 302
    assert client.session[drafts.SESSION_KEY]["on_location"] is False


@pytest.mark.parametrize(
    ("data", "field", "words"),
    [
        ({"where": "place", "location": "Mill Lane\r\nBcc: x@example.com"}, "location", "one line"),
        ({"where": "moon", "location": PLACE}, "where", "Select a valid choice"),
        ({"where": "place", "location": "x" * 301}, "location", "at most 300"),
    ],
)
def test_hostile_or_odd_places_are_form_errors_and_nothing_is_stored(
    client, outdoors, data, field, words
):
    response = client.post(DETAILS, details_data(**data))
    assert response.status_code == 400
    assert words in str(response.context["form"].errors[field])
    assert drafts.SESSION_KEY not in client.session
    assert not Booking.objects.exists()


def test_the_place_is_inert_html_on_the_review_page(client, outdoors):
    client.post(DETAILS, details_data(where="place", location="<script>alert(1)</script> park"))
    page = client.get(REVIEW).content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; park" in page


def test_the_clients_booking_page_and_the_dashboard_show_the_place(client, outdoors, admin_user):
    booking = services.book(
        session_type=outdoors, start=wednesday("10:00"), client=CLIENT, location=PLACE
    )
    manage = client.get(f"/manage/{booking.manage_token}/").content.decode()
    assert f"On location: {PLACE}" in manage
    client.force_login(admin_user)
    dashboard = client.get(f"/dashboard/bookings/{booking.reference}/").content.decode()
    assert f"On location: {PLACE}" in dashboard
    assert "https://www.google.com/maps/search/?api=1&amp;query=The+bandstand" in dashboard
