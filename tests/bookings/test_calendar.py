from datetime import UTC, datetime, timedelta

import pytest
from icalendar import Calendar

from bookings.calendar import booking_ics, feed_ics, uid_for
from bookings.models import Booking
from studio.models import StudioProfile
from tests.factories import BookingFactory, SessionTypeFactory, StudioProfileFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def booking():
    StudioProfileFactory(time_zone="America/New_York", email="hello@studio.example")
    session_type = SessionTypeFactory(name="Headshot", duration_minutes=45)
    start = datetime(2027, 3, 15, 14, 0, tzinfo=UTC)  # 10:00 in New York (EDT)
    return BookingFactory(
        session_type=session_type,
        start=start,
        end=start + timedelta(minutes=45),
        reference="HS-7K3Q9",
        client__name="Ada Lovelace",
        client__email="ada@example.com",
    )


def parse(data: bytes):
    calendar = Calendar.from_ical(data)
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 1
    return calendar, events[0]


def test_request_ics_has_local_time_zone_uid_organizer_and_manage_link(booking):
    calendar, event = parse(booking_ics(booking))
    assert calendar["METHOD"] == "REQUEST"
    assert str(event["UID"]) == uid_for(booking)
    start = event.decoded("DTSTART")
    assert start.hour == 10 and str(start.tzinfo) == "America/New_York"
    assert event["DTSTART"].params["TZID"] == "America/New_York"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["America/New_York"]
    assert str(event["ORGANIZER"]) == "mailto:hello@studio.example"
    assert booking.manage_token in str(event["DESCRIPTION"])
    assert int(event["SEQUENCE"]) == 0


def test_reschedule_keeps_uid_and_raises_sequence(booking):
    _, before = parse(booking_ics(booking))
    booking.version = 2
    booking.start += timedelta(days=1)
    booking.end += timedelta(days=1)
    _, after = parse(booking_ics(booking))
    assert after["UID"] == before["UID"]
    assert int(after["SEQUENCE"]) == 2
    assert after.decoded("DTSTART") - before.decoded("DTSTART") == timedelta(days=1)


def test_cancel_ics_says_cancel(booking):
    booking.status = Booking.Status.CANCELLED
    calendar, event = parse(booking_ics(booking, method="CANCEL"))
    assert calendar["METHOD"] == "CANCEL"
    assert event["STATUS"] == "CANCELLED"


def test_user_text_cannot_inject_ics_properties(booking):
    booking.client.name = "Eve\r\nATTENDEE:mailto:evil@example.com"
    booking.notes = "x\nEND:VEVENT"
    data = booking_ics(booking)
    _, event = parse(data)
    assert b"\r\nATTENDEE:mailto:evil" not in data
    assert not isinstance(event.get("ATTENDEE"), list)  # still exactly one attendee


def test_feed_lists_each_booking_with_client_name(booking):
    other = BookingFactory(start=booking.start + timedelta(days=2), reference="PT-AAAAA")
    calendar = Calendar.from_ical(feed_ics([booking, other]))
    summaries = sorted(str(event["SUMMARY"]) for event in calendar.walk("VEVENT"))
    assert summaries[0].startswith("Headshot: Ada Lovelace")
    assert "METHOD" not in calendar


def test_pending_booking_is_tentative(booking):
    booking.status = Booking.Status.PENDING
    _, event = parse(booking_ics(booking))
    assert event["STATUS"] == "TENTATIVE"


def test_studio_name_with_a_line_break_still_gives_a_valid_calendar(booking):
    studio = StudioProfile.load()
    studio.name = "Northlight\r\nX-Evil: 1"
    studio.save()
    data = booking_ics(booking)
    calendar, _event = parse(data)
    assert b"\r\nX-Evil" not in data
    assert str(calendar["X-WR-CALNAME"]) == "Northlight X-Evil: 1"
