import io
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
import vobject
from dateutil import tz as dateutil_tz
from icalendar import Calendar

from bookings.calendar import PRODID, booking_event, booking_ics, feed_ics, uid_for
from bookings.models import Booking
from bookings.services import ClientDetails, book, cancel, move_for_studio
from bookings.vtimezone import vtimezone
from studio.models import StudioProfile
from tests.bookings.booking_setup import NOW, headshot, open_studio, wednesday
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


def test_cancel_ics_offers_no_way_to_reschedule_or_cancel(booking):
    booking.status = Booking.Status.CANCELLED
    data = booking_ics(booking, method="CANCEL")
    _, event = parse(data)
    assert "Reschedule" not in str(event["DESCRIPTION"])
    assert "HS-7K3Q9" in str(event["DESCRIPTION"])
    assert booking.manage_token.encode() not in data
    assert "URL" not in event


def test_a_cancellation_supersedes_every_request_the_client_was_sent(time_machine):
    """Each REQUEST the services cause carries the booking's version; the CANCEL must be
    above the last of them, or calendar apps ignore it as out of date."""
    time_machine.move_to(NOW, tick=False)
    session_type = headshot()
    open_studio()
    client = ClientDetails(name="Ada Lovelace", email="ada@example.com")
    booking = book(session_type=session_type, start=wednesday("10:00"), client=client)
    requests = [booking_ics(booking)]
    for hhmm in ("11:00", "14:00"):
        booking = move_for_studio(booking=booking, start=wednesday(hhmm)).booking
        requests.append(booking_ics(booking))
    booking = cancel(booking=booking, by_studio=True)
    _, cancellation = parse(booking_ics(booking, method="CANCEL"))
    sequences = [int(parse(request)[1]["SEQUENCE"]) for request in requests]
    assert sequences == [0, 1, 2]
    assert int(cancellation["SEQUENCE"]) > max(sequences)


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


@pytest.mark.parametrize("zone", ["America/New_York", "Europe/London", "Australia/Sydney"])
def test_ics_is_byte_for_byte_what_icalendar_writes_with_the_zone_added(
    zone, booking, time_machine
):
    """The VTIMEZONE text is cached and written where add_component would put it."""
    time_machine.move_to(datetime(2027, 3, 1, 12, 0, tzinfo=UTC), tick=False)
    studio = StudioProfile.load()
    studio.time_zone = zone
    studio.save()
    studio = StudioProfile.load()
    for _ in range(2):  # the second time from the cache
        calendar = Calendar()
        calendar.add("prodid", PRODID)
        calendar.add("version", "2.0")
        calendar.add("calscale", "GREGORIAN")
        calendar.add("method", "REQUEST")
        calendar.add("x-wr-calname", studio.name)
        calendar.add_component(vtimezone(ZoneInfo(zone), 2026, 2028))  # the booking's year ± 1
        calendar.add_component(booking_event(booking, studio=studio))
        assert booking_ics(booking, studio=studio) == calendar.to_ical()
        assert booking_ics(booking) == calendar.to_ical()  # the studio loaded when not given
    feed = Calendar.from_ical(feed_ics([booking]))
    assert [str(tz["TZID"]) for tz in feed.walk("VTIMEZONE")] == [zone]


def test_studio_name_with_a_line_break_still_gives_a_valid_calendar(booking):
    studio = StudioProfile.load()
    studio.name = "Northlight\r\nX-Evil: 1"
    studio.save()
    data = booking_ics(booking)
    calendar, _event = parse(data)
    assert b"\r\nX-Evil" not in data
    assert str(calendar["X-WR-CALNAME"]) == "Northlight X-Evil: 1"


# London falls back on Sunday 31 October 2027: 02:00 BST -> 01:00 GMT, so 01:00-02:00 happens
# twice (00:00-01:00 UTC as BST, 01:00-02:00 UTC as GMT).
FALL_BACK_CASES = {
    "ends in the repeated hour": (datetime(2027, 10, 31, 0, 30, tzinfo=UTC), 45),  # 01:30 BST
    "starts in the repeated hour": (datetime(2027, 10, 31, 1, 30, tzinfo=UTC), 45),  # 01:30 GMT
}


@pytest.mark.parametrize("case", FALL_BACK_CASES)
def test_ics_times_around_a_fall_back_are_the_booking_instants(case, booking):
    studio = StudioProfile.load()
    studio.time_zone = "Europe/London"
    studio.save()
    start, minutes = FALL_BACK_CASES[case]
    booking.start, booking.end = start, start + timedelta(minutes=minutes)
    _, event = parse(booking_ics(booking))
    assert event.decoded("DTSTART").astimezone(UTC) == booking.start
    assert event.decoded("DTEND").astimezone(UTC) == booking.end


def test_ics_keeps_the_studio_zone_for_times_that_happen_once(booking):
    """01:30 on the night the clocks go back happens twice; 00:45 and 02:30 only once."""
    studio = StudioProfile.load()
    studio.time_zone = "Europe/London"
    studio.save()
    booking.start = datetime(2027, 10, 30, 23, 45, tzinfo=UTC)  # 00:45 BST
    booking.end = datetime(2027, 10, 31, 2, 30, tzinfo=UTC)  # 02:30 GMT
    _, event = parse(booking_ics(booking))
    assert event["DTSTART"].params["TZID"] == "Europe/London"
    assert event["DTEND"].params["TZID"] == "Europe/London"
    assert event.decoded("DTSTART").hour == 0 and event.decoded("DTEND").hour == 2


# --- what other readers make of the file -------------------------------------------------


def _read_with_icalendar(data: bytes, event) -> list[datetime]:
    """icalendar reading the file's own VTIMEZONE (by default it would use its own zone)."""
    (vtimezone,) = Calendar.from_ical(data).walk("VTIMEZONE")
    tz = vtimezone.to_tz(lookup_tzid=False)
    return [_instant(event[name], tz) for name in ("DTSTART", "DTEND")]


def _read_with_vobject(data: bytes, event) -> list[datetime]:
    # vobject keeps the first VTIMEZONE it meets for each TZID for the rest of the process.
    vobject.icalendar.__dict__["__tzidMap"].pop(str(event["DTSTART"].params.get("TZID")), None)
    vevent = vobject.readOne(data.decode()).vevent
    return [vevent.dtstart.value.astimezone(UTC), vevent.dtend.value.astimezone(UTC)]


def _read_with_dateutil(data: bytes, event) -> list[datetime]:
    zones = dateutil_tz.tzical(io.StringIO(data.decode()))
    return [
        _instant(event[name], zones.get(str(event[name].params["TZID"])))
        if "TZID" in event[name].params
        else event[name].dt
        for name in ("DTSTART", "DTEND")
    ]


def _instant(prop, tz) -> datetime:
    """A DTSTART or DTEND as the instant a reader with the zone `tz` makes of it."""
    if "TZID" not in prop.params:
        return prop.dt.astimezone(UTC)  # written in UTC
    return prop.dt.replace(tzinfo=None).replace(tzinfo=tz).astimezone(UTC)


READERS = {
    "icalendar": _read_with_icalendar,
    "vobject": _read_with_vobject,
    "dateutil": _read_with_dateutil,
}
# (zone, start in UTC, minutes): winter, summer, the days the clocks change, the repeated hour.
READER_CASES = {
    "London winter": ("Europe/London", datetime(2027, 1, 13, 10, 0, tzinfo=UTC), 45),
    "London summer": ("Europe/London", datetime(2027, 7, 14, 9, 0, tzinfo=UTC), 45),
    "London spring forward": ("Europe/London", datetime(2027, 3, 28, 0, 30, tzinfo=UTC), 90),
    "London fall back": ("Europe/London", datetime(2027, 10, 30, 23, 45, tzinfo=UTC), 165),
    "London repeated-hour end": ("Europe/London", datetime(2027, 10, 31, 0, 30, tzinfo=UTC), 45),
    "New York winter": ("America/New_York", datetime(2028, 1, 12, 15, 0, tzinfo=UTC), 45),
    "New York summer": ("America/New_York", datetime(2027, 7, 14, 14, 0, tzinfo=UTC), 45),
    "New York spring forward": ("America/New_York", datetime(2027, 3, 14, 6, 30, tzinfo=UTC), 60),
    "New York repeated-hour end": (
        "America/New_York",
        datetime(2027, 11, 7, 5, 30, tzinfo=UTC),  # 01:30 EDT, ends 01:15 EST
        45,
    ),
}


@pytest.mark.parametrize("reader", READERS)
@pytest.mark.parametrize("case", READER_CASES)
def test_every_reader_gets_the_booking_instants_from_the_ics(case, reader, booking):
    zone, start, minutes = READER_CASES[case]
    studio = StudioProfile.load()
    studio.time_zone = zone
    studio.save()
    booking.start, booking.end = start, start + timedelta(minutes=minutes)
    data = booking_ics(booking)
    _, event = parse(data)
    assert READERS[reader](data, event) == [booking.start, booking.end]
