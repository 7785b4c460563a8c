"""The client's own page at /manage/<token>/: see, reschedule, cancel, download."""

import re
from datetime import datetime, timedelta

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from bookings.models import Booking
from bookings.services import ClientDetails, book
from tests.bookings.booking_setup import (
    LONDON,
    NOW,
    headshot,
    later_day,
    open_studio,
    private_ratelimit_cache,
)
from tests.factories import TimeOffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_ratelimit_counts(settings):
    private_ratelimit_cache(settings)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def booking():
    open_studio()
    session_type = headshot(buffer_after_minutes=15)
    return book(
        session_type=session_type,
        start=later_day(3, "10:00"),  # Thursday 10 January, 10:00
        client=ClientDetails("Ada Lovelace", "ada@example.com"),
    )


def url(name, booking, **params):
    path = reverse(f"bookings:{name}", args=[booking.manage_token])
    if params:
        from urllib.parse import urlencode

        path += "?" + urlencode(params)
    return path


def value(moment):
    return moment.astimezone(LONDON).isoformat()


def test_manage_page_shows_the_booking_and_its_choices(client, booking):
    response = client.get(url("manage", booking))
    assert "no-store" in response["Cache-Control"] and "private" in response["Cache-Control"]
    html = response.content.decode()
    assert booking.reference in html and "Ada Lovelace" in html
    assert "Thursday 10 January 2030, 10:00–11:00" in html
    assert "Europe/London (GMT)" in html
    assert "until Tuesday 8 January, 10:00" in html
    assert url("manage_reschedule", booking) in html and url("manage_cancel", booking) in html
    assert 'name="robots" content="noindex"' in html


@pytest.mark.parametrize(
    "mangle",
    [
        lambda t: t[:-1] + ("A" if t[-1] != "A" else "B"),
        lambda t: t.upper(),
        lambda t: t[:20],
        lambda t: t + "x",
        lambda t: "1",
    ],
    ids=["one-char", "case", "truncated", "extended", "sequential-id"],
)
def test_wrong_or_tampered_tokens_are_404(client, booking, mangle):
    token = mangle(booking.manage_token)
    for name in ("manage", "manage_cancel", "manage_reschedule", "manage_ics"):
        assert client.get(reverse(f"bookings:{name}", args=[token])).status_code == 404
    assert client.post(reverse("bookings:manage_cancel", args=[token])).status_code == 404


def test_manage_link_expires_weeks_after_the_session(client, booking, settings):
    later = booking.end + timedelta(days=settings.STUDIO_MANAGE_LINK_DAYS_AFTER, hours=1)
    with time_machine.travel(later, tick=False):
        assert client.get(url("manage", booking)).status_code == 404


# --- cancel --------------------------------------------------------------------------------


def test_get_of_the_cancel_page_changes_nothing(client, booking):
    response = client.get(url("manage_cancel", booking))
    assert response.status_code == 200
    assert b"Yes, cancel this booking" in response.content
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_cancel_by_post_frees_the_time_at_once(client, booking):
    response = client.post(url("manage_cancel", booking), {"reason": "Flu"}, follow=True)
    assert b"Your booking is cancelled" in response.content
    assert b"This booking was cancelled on" in response.content
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED and booking.cancel_reason == "Flu"
    slots = client.get(reverse("bookings:slots", args=["headshot"]), {"date": "2030-01-10"})
    assert "2030-01-10T10:00:00+00:00" in slots.json()["slots"]
    again = client.post(url("manage_cancel", booking))  # a resubmit is harmless
    assert again.status_code in (302, 400)


def test_cancel_inside_the_notice_explains_and_gives_the_contact(client, booking):
    with time_machine.travel(booking.start - timedelta(hours=20), tick=False):
        page = client.get(url("manage", booking)).content.decode()
        assert "can no longer be changed here" in page and "+44 113 000 0000" in page
        assert url("manage_cancel", booking) not in page
        response = client.post(url("manage_cancel", booking))
    assert response.status_code == 400
    assert b"48 hours" in response.content
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


def test_oversized_cancel_reason_is_refused(client, booking):
    response = client.post(url("manage_cancel", booking), {"reason": "x" * 501})
    assert response.status_code == 400
    assert b"at most 500" in response.content
    booking.refresh_from_db()
    assert booking.is_active


# --- reschedule ----------------------------------------------------------------------------


def test_reschedule_calendar_offers_the_bookings_own_time_and_free_days(client, booking):
    html = client.get(url("manage_reschedule", booking), {"date": "2030-01-10"}).content.decode()
    starts = re.findall(r"reschedule/move/\?start=([^\"]+)\"", html)
    assert "2030-01-10T10%3A00%3A00%2B00%3A00" in starts  # its own slot is not 'busy' for itself
    data = client.get(url("manage_slots", booking), {"date": "2030-01-10"}).json()
    assert "2030-01-10T10:00:00+00:00" in data["slots"]


def test_move_page_asks_before_changing_anything(client, booking):
    target = later_day(8, "14:00")
    response = client.get(url("manage_move", booking), {"start": value(target)})
    assert response.status_code == 200
    assert b"Yes, move my session" in response.content
    booking.refresh_from_db()
    assert booking.version == 0


@pytest.mark.parametrize(
    "start",
    [
        "garbage",
        value(NOW - timedelta(days=1)),
        value(later_day(3, "10:10")),
        "",
        value(later_day(8, "14:00")) + "\x00",
    ],
)
def test_move_to_a_bad_time_goes_back_to_the_calendar(client, booking, start):
    response = client.get(url("manage_move", booking), {"start": start}, follow=True)
    assert response.redirect_chain[-1][0] == url("manage_reschedule", booking)
    assert b'class="alert alert-danger"' in response.content or b"alert" in response.content


def test_a_move_to_a_start_with_a_nul_byte_changes_nothing(client, booking):
    start = value(later_day(8, "14:00")) + "\x00"
    response = client.post(url("manage_move", booking), {"start": start}, follow=True)
    assert response.redirect_chain[-1][0] == url("manage_reschedule", booking)
    assert b"Please choose one of the times offered." in response.content
    booking.refresh_from_db()
    assert booking.version == 0


def test_reschedule_by_post_moves_and_the_link_shows_the_booking_as_it_is_now(client, booking):
    target = later_day(8, "14:00")
    response = client.post(url("manage_move", booking), {"start": value(target)}, follow=True)
    assert b"your session has moved" in response.content
    assert b"Tuesday 15 January 2030, 14:00" in response.content
    booking.refresh_from_db()
    assert booking.start == target and booking.version == 1
    ics = Calendar.from_ical(client.get(url("manage_ics", booking)).content)
    event = next(iter(ics.walk("VEVENT")))
    assert int(event["SEQUENCE"]) == 1 and event.decoded("DTSTART") == target


def test_reschedule_onto_a_just_taken_time_offers_nearest(client, booking):
    target = later_day(8, "14:00")
    book(session_type=booking.session_type, start=target, client=ClientDetails("B", "b@x.io"))
    response = client.post(url("manage_move", booking), {"start": value(target)})
    html = response.content.decode()
    assert response.status_code == 409
    assert "just taken" in html and "Your booking has not changed" in html
    nearest = re.findall(r'name="start" value="([^"]+)"', html)
    assert nearest
    client.post(url("manage_move", booking), {"start": nearest[0]})
    booking.refresh_from_db()
    assert booking.start == datetime.fromisoformat(nearest[0])


def test_reschedule_onto_time_off_is_not_offered_rather_than_taken(client, booking):
    TimeOffFactory(start=later_day(8, "13:00"), end=later_day(8, "17:00"))
    target = value(later_day(8, "14:00"))
    response = client.get(url("manage_move", booking), {"start": target}, follow=True)
    assert response.redirect_chain[-1][0] == url("manage_reschedule", booking)
    assert b"That is not one of the times we offer." in response.content
    response = client.post(url("manage_move", booking), {"start": target})
    html = response.content.decode()
    assert response.status_code == 400
    assert "That is not one of the times we offer." in html and "taken" not in html
    booking.refresh_from_db()
    assert booking.version == 0


def test_reschedule_inside_the_notice_is_refused(client, booking):
    with time_machine.travel(booking.start - timedelta(hours=20), tick=False):
        page = client.get(url("manage_reschedule", booking)).content.decode()
        assert "can no longer be changed online" in page
        response = client.post(url("manage_move", booking), {"start": value(later_day(9, "10:00"))})
    assert response.status_code == 400
    booking.refresh_from_db()
    assert booking.version == 0


def test_cancelled_booking_cannot_be_moved(client, booking):
    client.post(url("manage_cancel", booking))
    response = client.post(url("manage_move", booking), {"start": value(later_day(8, "10:00"))})
    assert response.status_code == 400
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED and booking.version == 0


# --- calendar file -------------------------------------------------------------------------


def test_ics_download_is_a_valid_calendar_in_the_studio_zone(client, booking):
    response = client.get(url("manage_ics", booking))
    assert response["Content-Type"].startswith("text/calendar")
    assert f'filename="{booking.reference}.ics"' in response["Content-Disposition"]
    calendar = Calendar.from_ical(response.content)
    assert calendar["METHOD"] == "PUBLISH"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/London"]
    event = next(iter(calendar.walk("VEVENT")))
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert str(event["ORGANIZER"]).startswith("mailto:")
    assert booking.reference in str(event["UID"])


def test_ics_of_a_cancelled_booking_cancels_the_event(client, booking):
    client.post(url("manage_cancel", booking))
    calendar = Calendar.from_ical(client.get(url("manage_ics", booking)).content)
    assert calendar["METHOD"] == "CANCEL"
    assert next(iter(calendar.walk("VEVENT")))["STATUS"] == "CANCELLED"


def test_manage_pages_never_5xx_on_garbage(client, booking):
    for payload in ({}, {"start": "x" * 5000}, {"start": ["a", "b"]}, {"reason": "\x00"}):
        for name in ("manage_move", "manage_cancel"):
            assert client.post(url(name, booking), payload).status_code < 500
    for params in ({"month": "x"}, {"date": "0000-00-00"}, {"date": "2030-01-10", "month": "1"}):
        assert client.get(url("manage_reschedule", booking), params).status_code < 500
        assert client.get(url("manage_slots", booking), params).status_code < 500
