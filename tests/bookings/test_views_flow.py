"""The booking flow over HTTP: each step, its bad input, and what must never happen."""

import re
from datetime import UTC, datetime, time, timedelta
from pathlib import Path
from urllib.parse import urlencode

import pytest
import time_machine
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from bookings import drafts
from bookings.intake.session_keys import BOOKING_SESSION_KEY
from bookings.models import Booking, InspirationImage
from bookings.services import ClientDetails, book
from studio.models import StudioProfile, WorkingHours
from tests.bookings.booking_setup import (
    NOW,
    details_data,
    headshot,
    jpeg_upload,
    open_studio,
    private_ratelimit_cache,
    value,
    wednesday,
)
from tests.factories import IntakeResponseFactory, SessionTypeFactory, TimeOffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_ratelimit_counts(settings):
    private_ratelimit_cache(settings)


BOOK = "/book/headshot/"
DETAILS = "/book/headshot/details/"
REVIEW = "/book/headshot/review/"
CONFIRMED = "/book/headshot/confirmed/"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def session_type():
    open_studio()
    return headshot(deposit=50, price=185)


def to_review(client, **overrides):
    response = client.post(DETAILS, details_data(**overrides))
    assert response.status_code == 302 and response["Location"] == REVIEW, response.content[:500]
    return client.session[drafts.SESSION_KEY]


def confirm(client, **extra):
    key = client.session[drafts.SESSION_KEY]["key"]
    return client.post(REVIEW, {"key": key, **extra})


def private_files(folder=""):
    root = Path(settings.PRIVATE_MEDIA_ROOT) / folder
    return sorted(p for p in root.rglob("*") if p.is_file()) if root.exists() else []


# --- choose --------------------------------------------------------------------------------


def test_choose_lists_offered_types_with_book_links(
    client, session_type, django_assert_max_num_queries
):
    SessionTypeFactory(name="Hidden", slug="hidden", is_active=False)
    with django_assert_max_num_queries(4):
        response = client.get("/book/")
    assert response.status_code == 200
    assert b'href="/book/headshot/"' in response.content
    assert b"Hidden" not in response.content


def test_choose_suggests_the_recommended_kind_when_answers_came_along(client, session_type):
    session = client.session
    session[BOOKING_SESSION_KEY] = IntakeResponseFactory(recommended_kind="headshot").pk
    session.save()
    assert b"Suggested for you" in client.get("/book/").content


# --- step 1: day and time ------------------------------------------------------------------


def test_calendar_links_free_days_without_javascript(client, session_type):
    response = client.get(BOOK)
    html = response.content.decode()
    assert response.status_code == 200
    assert 'href="/book/headshot/?date=2030-01-08#times"' in html
    assert "?date=2030-01-07" not in html  # inside the 24 h notice
    assert "?date=2030-01-12" not in html  # Saturday: closed
    assert 'href="/book/headshot/?month=2030-02"' in html
    assert "?month=2029-12" not in html


def test_choosing_a_day_lists_its_times_with_the_zone_named(client, session_type):
    html = client.get(BOOK, {"date": "2030-01-09"}).content.decode()
    assert "Times on Wednesday 9 January" in html
    assert "Europe/London (GMT)" in html
    links = re.findall(r'href="/book/headshot/details/\?start=([^"]+)"', html)
    assert len(links) == 12  # starts 09:00-11:00 and 13:00-16:00, every 30 minutes
    assert links[0] == "2030-01-09T09%3A00%3A00%2B00%3A00"
    assert "09:00" in html and "16:00" in html


def test_a_day_the_clocks_go_back_labels_each_time_with_its_own_zone(client, session_type):
    """London falls back at 02:00 BST on Sunday 31 October 2027: 01:00-02:00 happens twice."""
    WorkingHours.objects.create(weekday=6, start=time(0), end=time(3))
    with time_machine.travel(datetime(2027, 10, 20, 8, 0, tzinfo=UTC), tick=False):
        html = client.get(BOOK, {"date": "2027-10-31"}).content.decode()
        answer = client.get(BOOK + "slots/", {"date": "2027-10-31"}).json()
    labels = re.findall(r'class="btn btn-outline-brand time"[^>]*>([^<]+)</a>', html)
    assert labels[:4] == ["00:00 BST", "00:30 BST", "01:00 BST", "01:30 BST"]
    assert answer["labels"] == labels  # what booking.js shows
    assert "02:00 GMT" in labels
    assert "Times are in the studio's time zone, Europe/London." in html
    assert "(BST)" not in html


def test_another_month(client, session_type):
    html = client.get(BOOK, {"month": "2030-02"}).content.decode()
    assert "February 2030" in html and "?date=2030-02-01#times" in html


@pytest.mark.parametrize(
    "params",
    [
        {"date": "2029-12-30"},
        {"date": "2030-05-01"},
        {"date": "nonsense"},
        {"date": "2030-02-31"},
        {"month": "2031-06"},
        {"month": "20-20"},
        {"date": "9" * 300},
    ],
)
def test_bad_days_and_months_show_the_calendar_with_a_message(client, session_type, params):
    response = client.get(BOOK, params)
    assert response.status_code == 200
    assert b'class="alert alert-warning"' in response.content
    assert b"January 2030" in response.content


def test_full_day_says_so(client, session_type):
    for hhmm in ("09:00", "10:00", "11:00", "13:00", "14:00", "15:00", "16:00"):
        book(
            session_type=session_type,
            start=wednesday(hhmm),
            client=ClientDetails("X", f"x{hhmm[:2]}@example.com"),
        )
    html = client.get(BOOK, {"date": "2030-01-09"}).content.decode()
    assert "fully booked" in html
    assert "?date=2030-01-09" not in html.split("<tbody")[1].split("</tbody>")[0]


@pytest.mark.parametrize("url", [BOOK, DETAILS, REVIEW, "/book/nope/", "/book/nope/details/"])
def test_unknown_or_withdrawn_type_goes_back_to_the_choice(client, session_type, url):
    session_type.is_active = False
    session_type.save()
    response = client.get(url, follow=True)
    assert response.redirect_chain[-1][0] == "/book/"
    assert b"We don&#x27;t offer that session" in response.content


# --- step 2: details -----------------------------------------------------------------------


def test_details_form_carries_the_chosen_time(client, session_type):
    response = client.get(DETAILS, {"start": value(wednesday("10:00"))})
    html = response.content.decode()
    assert response.status_code == 200
    assert "Wednesday 9 January 2030 at 10:00" in html
    assert 'name="start" value="2030-01-09T10:00:00+00:00"' in html
    assert 'name="purpose"' in html  # no wizard answers: ask what the photos are for
    assert 'autocomplete="email"' in html


@pytest.mark.parametrize(
    ("start", "words"),
    [
        (NOW - timedelta(hours=2), "already passed"),
        (NOW + timedelta(hours=3), "notice"),
        (wednesday("10:10"), "not one of the times"),
        (wednesday("10:00") + timedelta(days=100), "days ahead"),
        ("yesterday", "choose one of the times"),
        ("2030-01-09T10:00:00", "choose one of the times"),  # no offset
        ("", "choose one of the times"),
        ("2030-01-09T10:00:00+00:00\x00", "choose one of the times"),
        ("2030-01-09\x0010:00:00+00:00", "choose one of the times"),
        ("２０３０-01-09T10:00:00+00:00", "choose one of the times"),  # full-width digits
    ],
    ids=[
        "past",
        "notice",
        "off-grid",
        "window",
        "garbage",
        "naive",
        "missing",
        "trailing-nul",
        "nul-separator",
        "non-ascii-digits",
    ],
)
def test_details_with_a_bad_time_goes_back_to_the_calendar(client, session_type, start, words):
    raw = start if isinstance(start, str) else value(start)
    response = client.get(DETAILS, {"start": raw}, follow=True)
    assert response.redirect_chain[-1][0].startswith(BOOK)
    assert words in response.content.decode()


def test_details_for_a_taken_time_goes_back_with_a_message(client, session_type):
    book(session_type=session_type, start=wednesday("10:00"), client=ClientDetails("B", "b@x.io"))
    response = client.get(DETAILS, {"start": value(wednesday("10:00"))})
    assert response.status_code == 302
    assert response["Location"] == BOOK + "?date=2030-01-09"


def test_valid_details_become_a_draft_and_lead_to_review(client, session_type):
    draft = to_review(client)
    assert draft["name"] == "Ada Lovelace" and draft["start"] == "2030-01-09T10:00:00+00:00"
    assert not Booking.objects.exists()  # nothing is booked before the final confirm


@pytest.mark.parametrize(
    ("overrides", "field", "words"),
    [
        ({"email": "ada@"}, "email", "valid email"),
        ({"email": ""}, "email", "required"),
        ({"name": "Ada\nLovelace"}, "name", "one line"),
        ({"name": "Ada\r\nBcc: evil@example.com"}, "name", "one line"),
        ({"name": "x" * 121}, "name", "at most 120"),
        ({"people": "3"}, "people", "up to 2 people"),
        ({"people": "99"}, "people", "up to 2 people"),
        ({"people": "-1"}, "people", "up to 2 people"),
        ({"people": "two"}, "people", "up to 2 people"),
        ({"notes": "x" * 2001}, "notes", "2000 characters"),
        ({"phone": "call me maybe"}, "phone", "digits"),
        ({"purpose": "a" * 301}, "purpose", "at most 300"),
    ],
)
def test_bad_details_come_back_beside_the_field_with_input_kept(
    client, session_type, overrides, field, words
):
    response = client.post(DETAILS, details_data(**overrides))
    html = response.content.decode()
    assert response.status_code == 400
    error = re.search(rf'id="id_{field}_error">(.*?)</div>', html, re.S)
    assert error and words in error.group(1)
    assert f'aria-describedby="id_{field}_error' in html or f"id_{field}_error" in html
    kept = {"name": "Ada Lovelace", "email": "ada@example.com", "notes": "I wear glasses."}
    for name, typed in kept.items():
        if name not in overrides:
            assert typed in html
    assert drafts.SESSION_KEY not in client.session


def test_a_forged_start_is_refused_keeping_the_details(client, session_type):
    response = client.post(DETAILS, details_data(start=wednesday("10:10")))
    assert response.status_code == 400
    html = response.content.decode()
    assert "not one of the times" in html and "Ada Lovelace" in html
    assert "Choose another day and time" in html


def test_a_start_with_a_nul_byte_is_a_form_error_not_a_time(client, session_type):
    response = client.post(
        DETAILS, details_data(start=None) | {"start": value(wednesday("10:00")) + "\x00"}
    )
    assert response.status_code == 400
    assert "Please choose one of the times offered." in response.content.decode()
    assert drafts.SESSION_KEY not in client.session


def test_a_start_inside_time_off_is_not_offered_rather_than_taken(client, session_type):
    TimeOffFactory(start=wednesday("09:00"), end=wednesday("12:00"))
    response = client.get(DETAILS, {"start": value(wednesday("10:00"))}, follow=True)
    assert response.redirect_chain[-1][0].startswith(BOOK)
    html = response.content.decode()
    assert "That is not one of the times we offer." in html and "taken" not in html
    response = client.post(DETAILS, details_data())
    html = response.content.decode()
    assert response.status_code == 400
    assert "That is not one of the times we offer." in html and "taken" not in html


def test_time_off_added_before_confirm_is_not_offered_rather_than_taken(client, session_type):
    to_review(client)
    TimeOffFactory(start=wednesday("09:00"), end=wednesday("12:00"))
    response = confirm(client)
    html = response.content.decode()
    assert response.status_code == 400
    assert "That is not one of the times we offer." in html and "taken" not in html
    assert not Booking.objects.exists()


def test_time_taken_while_typing_offers_nearest_times_keeping_the_details(client, session_type):
    book(session_type=session_type, start=wednesday("10:00"), client=ClientDetails("B", "b@x.io"))
    response = client.post(DETAILS, details_data())
    html = response.content.decode()
    assert response.status_code == 409
    assert "just taken" in html and "Ada Lovelace" in html and "I wear glasses." in html
    nearest = re.findall(r'<button[^>]*name="start" value="([^"]+)"', html)
    assert nearest == [
        "2030-01-09T09:00:00+00:00",
        "2030-01-09T11:00:00+00:00",
        "2030-01-09T13:00:00+00:00",
    ]
    # Picking one submits the same form with that start (the button comes last).
    to_review(client, start=datetime.fromisoformat(nearest[1]))


def test_wizard_answers_replace_the_purpose_question(client, session_type):
    intake = IntakeResponseFactory()
    session = client.session
    session[BOOKING_SESSION_KEY] = intake.pk
    session.save()
    html = client.get(DETAILS, {"start": value(wednesday("10:00"))}).content.decode()
    assert 'name="purpose"' not in html
    assert "are attached" in html
    to_review(client, purpose="ignored")
    assert client.session[drafts.SESSION_KEY]["purpose"] == ""
    assert confirm(client).status_code == 302
    booking = Booking.objects.get()
    assert booking.intake == intake
    assert BOOKING_SESSION_KEY not in client.session


def test_stale_or_odd_intake_in_session_is_ignored(client, session_type):
    session = client.session
    session[BOOKING_SESSION_KEY] = "1; DROP TABLE"
    session.save()
    html = client.get(DETAILS, {"start": value(wednesday("10:00"))}).content.decode()
    assert 'name="purpose"' in html


def test_images_are_parked_then_kept_with_the_booking(client, session_type):
    data = details_data()
    data["images"] = [jpeg_upload("one.jpg"), jpeg_upload("two.jpg")]
    response = client.post(DETAILS, data)
    assert response.status_code == 302
    assert len(private_files("drafts")) == 2
    assert confirm(client).status_code == 302
    booking = Booking.objects.get()
    names = sorted(
        InspirationImage.objects.filter(booking=booking).values_list("original_name", flat=True)
    )
    assert names == ["one.jpg", "two.jpg"]
    assert private_files("drafts") == []
    assert len(private_files("inspiration")) == 2


@pytest.mark.parametrize(
    ("files", "words"),
    [
        (
            [SimpleUploadedFile("cv.pdf", b"%PDF-1.4 nope", content_type="application/pdf")],
            "cv.pdf",
        ),
        ([SimpleUploadedFile("x.svg", b"<svg></svg>", content_type="image/svg+xml")], "x.svg"),
        ([jpeg_upload(f"{n}.jpg") for n in range(6)], "at most 5 images"),
    ],
    ids=["pdf", "svg", "too-many"],
)
def test_bad_images_are_refused_with_the_file_named(client, session_type, files, words):
    data = details_data()
    data["images"] = files
    response = client.post(DETAILS, data)
    assert response.status_code == 400
    assert words in response.content.decode()
    assert private_files() == []


def test_coming_back_to_details_keeps_or_removes_parked_images(client, session_type):
    data = details_data()
    data["images"] = [jpeg_upload()]
    client.post(DETAILS, data)
    html = client.get(DETAILS).content.decode()
    assert "You have added 1 image" in html and 'value="Ada Lovelace"' in html
    to_review(client, notes="Changed my mind about the notes")
    assert len(client.session[drafts.SESSION_KEY]["images"]) == 1
    to_review(client, remove_images="on")
    assert client.session[drafts.SESSION_KEY]["images"] == []
    assert private_files() == []


def test_images_chosen_with_a_mistake_elsewhere_are_kept(client, session_type):
    data = details_data(email="ada@")
    data["images"] = [jpeg_upload("one.jpg"), jpeg_upload("two.jpg")]
    response = client.post(DETAILS, data)
    html = response.content.decode()
    assert response.status_code == 400
    assert "You have added 2 images" in html
    assert "choose these again" not in html
    assert len(private_files("drafts")) == 2
    # Only the images are kept: review waits for details that pass the form.
    assert client.get(REVIEW)["Location"] == DETAILS
    assert "Your details are saved" not in client.get(BOOK).content.decode()

    to_review(client)  # the corrected form, with no files chosen this time
    assert confirm(client).status_code == 302
    names = InspirationImage.objects.values_list("original_name", flat=True)
    assert sorted(names) == ["one.jpg", "two.jpg"]
    assert private_files("drafts") == []


def test_images_are_kept_when_the_time_was_taken_while_typing(client, session_type):
    book(session_type=session_type, start=wednesday("10:00"), client=ClientDetails("B", "b@x.io"))
    data = details_data()
    data["images"] = [jpeg_upload("one.jpg")]
    response = client.post(DETAILS, data)
    assert response.status_code == 409
    assert "You have added 1 image" in response.content.decode()
    draft = to_review(client, start=wednesday("11:00"))  # a nearest time, no files
    assert [image["original_name"] for image in draft["images"]] == ["one.jpg"]


def test_images_that_cannot_be_kept_are_named_to_choose_again(client, session_type):
    data = details_data(email="ada@")
    data["images"] = [
        jpeg_upload("good.jpg"),
        SimpleUploadedFile("cv.pdf", b"%PDF-1.4 nope", content_type="application/pdf"),
    ]
    html = client.post(DETAILS, data).content.decode()
    assert "Please choose these again: good.jpg, cv.pdf" in html
    assert private_files() == []


def test_huge_request_is_refused_before_parsing(client, session_type):
    response = client.post(DETAILS, details_data(), CONTENT_LENGTH=str(200 * 1024 * 1024))
    assert response.status_code == 413
    assert b"far too large" in response.content


def test_the_request_limit_follows_the_per_file_upload_setting(client, session_type, settings):
    settings.STUDIO_MAX_UPLOAD_BYTES = 1024 * 1024  # five images of 1 MB at most
    response = client.post(DETAILS, details_data(), CONTENT_LENGTH=str(9 * 1024 * 1024))
    assert response.status_code == 413


# --- step 3: review and confirm ------------------------------------------------------------


def test_review_shows_details_and_policy(client, session_type):
    to_review(client)
    html = client.get(REVIEW).content.decode()
    assert "Ada Lovelace" in html and "ada@example.com" in html and "LinkedIn" in html
    assert "A deposit of £50 secures your time" in html
    assert "up to 48 hours before your session" in html
    assert "sooner than that" not in html


def test_review_warns_when_the_session_is_inside_the_change_notice(client, session_type):
    to_review(client, start=datetime(2030, 1, 8, 14, tzinfo=UTC))
    assert "sooner than that" in client.get(REVIEW).content.decode()


def test_review_without_a_draft_goes_to_the_calendar(client, session_type):
    response = client.get(REVIEW, follow=True)
    assert response.redirect_chain[-1][0] == BOOK
    assert b"Please choose a day and time" in response.content


def test_confirm_books_and_shows_the_confirmation(client, session_type):
    to_review(client)
    response = confirm(client)
    assert response.status_code == 302 and response["Location"] == CONFIRMED
    booking = Booking.objects.get()
    assert booking.client.email == "ada@example.com" and booking.purpose == "LinkedIn"
    assert drafts.SESSION_KEY not in client.session
    html = client.get(CONFIRMED).content.decode()
    assert booking.reference in html
    assert reverse("bookings:manage", args=[booking.manage_token]) in html
    assert reverse("bookings:manage_ics", args=[booking.manage_token]) in html
    assert "Wednesday 9 January 2030 at 10:00" in html


def test_confirmation_page_needs_the_booking_session(client, session_type):
    assert client.get(CONFIRMED)["Location"] == BOOK


def test_double_submit_makes_one_booking(client, session_type):
    to_review(client)
    key = client.session[drafts.SESSION_KEY]["key"]
    first = client.post(REVIEW, {"key": key})
    second = client.post(REVIEW, {"key": key})
    assert first["Location"] == second["Location"] == CONFIRMED
    assert Booking.objects.count() == 1


def test_forged_key_books_nothing(client, session_type):
    to_review(client)
    response = client.post(REVIEW, {"key": "forged"}, follow=True)
    assert b"out of date" in response.content
    assert not Booking.objects.exists()


def test_replayed_post_from_another_browser_books_nothing(client, session_type, django_user_model):
    to_review(client)
    key = client.session[drafts.SESSION_KEY]["key"]
    client.post(REVIEW, {"key": key})
    stranger = Client()
    response = stranger.post(REVIEW, {"key": key})
    assert response["Location"] == BOOK
    assert Booking.objects.count() == 1


def test_lost_race_at_confirm_offers_nearest_and_books_one_of_them(client, session_type):
    to_review(client, notes="Keep me")
    book(session_type=session_type, start=wednesday("10:00"), client=ClientDetails("B", "b@x.io"))
    response = confirm(client)
    html = response.content.decode()
    assert response.status_code == 409
    assert "that time was just taken" in html
    nearest = re.findall(r'name="start" value="([^"]+)"', html)
    assert len(nearest) == 3
    response = confirm(client, start=nearest[0])
    assert response["Location"] == CONFIRMED
    mine = Booking.objects.get(client__email="ada@example.com")
    assert mine.start == datetime.fromisoformat(nearest[0]) and mine.notes == "Keep me"


def test_time_passing_before_confirm_is_explained(client, session_type):
    to_review(client)
    with time_machine.travel(wednesday("09:00"), tick=False):
        response = confirm(client)
    assert response.status_code == 400
    assert b"notice" in response.content
    assert not Booking.objects.exists()


def test_forged_new_start_at_confirm_is_refused(client, session_type):
    to_review(client)
    response = confirm(client, start=value(wednesday("10:10")))
    assert response.status_code == 400
    assert b"not one of the times" in response.content
    assert not Booking.objects.exists()


def test_new_start_with_a_nul_byte_at_confirm_books_nothing(client, session_type):
    to_review(client)
    response = confirm(client, start=value(wednesday("11:00")) + "\x00")
    assert response.status_code == 302 and response["Location"] == REVIEW
    assert not Booking.objects.exists()
    assert client.session[drafts.SESSION_KEY]["start"] == "2030-01-09T10:00:00+00:00"


def test_pending_studio_says_the_time_is_held(client, session_type):
    StudioProfile.objects.update(require_confirmation=True)
    to_review(client)
    confirm(client)
    assert b"Your time is held" in client.get(CONFIRMED).content


# --- invariants ----------------------------------------------------------------------------


def test_get_requests_never_book_anything(client, session_type):
    to_review(client)
    for url in (BOOK, DETAILS, REVIEW, CONFIRMED, BOOK + "slots/?month=2030-01"):
        client.get(url)
    assert not Booking.objects.exists()


def test_posts_need_csrf(session_type):
    strict = Client(enforce_csrf_checks=True)
    response = strict.post(DETAILS, details_data())
    assert response.status_code == 403


@pytest.mark.parametrize(
    "payload",
    [
        {},
        {"start": ["a", "b"], "people": ["1", "2"]},
        {"name": "\x00", "email": "\x00@x.io", "start": "\x00"},
        {"people": "1e9", "start": "2030-01-09T10:00:00+99:00"},
        {"start": "9999-12-31T23:59:59+00:00", "name": "A", "email": "a@b.co", "people": "1"},
        {"key": "x" * 10000, "start": "x" * 10000},
    ],
)
def test_garbage_never_gives_5xx(client, session_type, payload):
    to_review(client)
    for url in (DETAILS, REVIEW):
        response = client.post(url, payload)
        assert response.status_code < 500, (url, payload)
    query = urlencode({"start": payload.get("start", "")}, doseq=True)
    assert client.get(f"{DETAILS}?{query}").status_code < 500


def test_single_person_session_needs_no_people_answer(client, session_type):
    session_type.max_people = 1
    session_type.save()
    html = client.get(DETAILS, {"start": value(wednesday("10:00"))}).content.decode()
    assert 'type="hidden" name="people" value="1"' in html
    assert "How many people?" not in html
    data = details_data()
    data["people"] = "1"
    assert client.post(DETAILS, data).status_code == 302


def test_a_drafts_images_outlive_the_sweep_while_its_client_may_still_book(client, session_type):
    import os

    data = details_data()
    data["images"] = [jpeg_upload()]
    client.post(DETAILS, data)
    (parked,) = private_files("drafts")
    days_ago = (NOW - timedelta(days=3)).timestamp()
    os.utime(parked, (days_ago, days_ago))
    assert drafts.sweep_stale() == 0  # the session still holds the draft
    assert confirm(client)["Location"] == CONFIRMED
    assert Booking.objects.get().images.count() == 1
    assert private_files("drafts") == []


@pytest.mark.parametrize("count", [0, 500])
def test_calendar_page_queries_do_not_grow_with_bookings(
    client, session_type, django_assert_max_num_queries, count
):
    for index in range(count):
        start = datetime(2030, 1, 8, tzinfo=UTC) + timedelta(minutes=20 * index)
        Booking.objects.create(
            reference=f"HS-Q{index:05d}",
            manage_token=f"query-token-{index:06d}-padding-xx",
            client_id=_client().pk,
            session_type=session_type,
            start=start,
            end=start + timedelta(minutes=15),
            blocked_start=start,
            blocked_end=start + timedelta(minutes=15),
            price=1,
            deposit=0,
            change_notice_hours=48,
        )
    with django_assert_max_num_queries(8):  # 7, and one for the cached pages' versions
        response = client.get(BOOK, {"date": "2030-01-09"})
    assert response.status_code == 200


def _client():
    from bookings.models import Client as ClientRow

    return ClientRow.objects.get_or_create(email="q@example.com", defaults={"name": "Q"})[0]
