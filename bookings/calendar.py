"""iCalendar (RFC 5545) for bookings: the client's .ics and the studio's feed.

Times are written in the studio's zone with a VTIMEZONE so calendar apps show the
wall-clock time the client booked (in UTC the rare time that happens twice). The UID
never changes for a booking; SEQUENCE is the booking's version (one more once cancelled),
so a reschedule updates the same event and a cancel removes it.
"""

import re
from datetime import UTC, datetime, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Alarm, Calendar, Event, vCalAddress, vText

from studio.models import StudioProfile
from studio.site import absolute, site_host

from .models import Booking
from .next_steps import place_of
from .vtimezone import vtimezone

PRODID = "-//Studio booking//Bookings//EN"
_LINE_BREAKS = re.compile(r"[\r\n]+")


def uid_for(booking: Booking) -> str:
    return f"booking-{booking.reference}@{site_host()}"


def _organizer(studio: StudioProfile) -> vCalAddress:
    email = studio.email or settings.DEFAULT_FROM_EMAIL
    organizer = vCalAddress(f"mailto:{email}")
    organizer.params["cn"] = vText(studio.name)
    return organizer


def _ics_time(moment: datetime, tz: ZoneInfo) -> datetime:
    """`moment` in the studio's zone, or in UTC when that wall-clock time happens twice.

    RFC 5545 (3.3.5) reads a repeated local time as its first occurrence, so the second
    01:30 of a fall-back night cannot be written with a TZID at all, and the first is right
    only for readers that follow that rule; UTC names either for every reader. DTSTART plus
    DURATION would not do for the end: a reader that adds it in wall-clock time (as Python's
    aware datetimes do) turns 01:30 BST plus 45 minutes into 02:15 GMT, an hour late. Every
    other time keeps the zone, so calendar apps still show the studio's wall-clock time.
    """
    local = moment.astimezone(tz)
    if local.replace(fold=1 - local.fold).utcoffset() != local.utcoffset():
        return moment.astimezone(UTC)
    return local


def booking_event(
    booking: Booking, *, studio: StudioProfile | None = None, for_studio: bool = False
) -> Event:
    """One VEVENT for a booking. For the studio's own feed, the client is named."""
    studio = studio or StudioProfile.load()
    tz = studio.tz
    session_type = booking.session_type
    cancelled = booking.status == Booking.Status.CANCELLED
    event = Event()
    event.add("uid", uid_for(booking))
    event.add("dtstamp", timezone.now())
    # Cancelling leaves the version alone (it counts moves and keys the reminders' plan),
    # but calendar apps ignore a CANCEL that does not rank above the last REQUEST they
    # had (RFC 5546), which carried the version. A cancelled booking gets no more REQUESTs.
    event.add("sequence", booking.version + 1 if cancelled else booking.version)
    event.add("dtstart", _ics_time(booking.start, tz))
    event.add("dtend", _ics_time(booking.end, tz))
    event.add("created", booking.created_at or timezone.now())
    if for_studio:
        event.add("summary", f"{session_type.name}: {booking.client.name} ({booking.reference})")
        lines = [
            f"Client: {booking.client}",
            f"Phone: {booking.client.phone}" if booking.client.phone else "",
            f"People: {booking.people}",
            f"On location: {booking.location}" if booking.on_location else "",
            f"Status: {booking.get_status_display()}",
            f"Notes: {booking.notes}" if booking.notes else "",
            # The studio's own notes, the booking's and the client's: one story, everywhere.
            f"Private notes: {booking.private_notes}" if booking.private_notes else "",
            f"About the client: {booking.client.private_notes}"
            if booking.client.private_notes
            else "",
        ]
    elif cancelled:  # nothing left to reschedule or cancel
        event.add("summary", _client_summary(booking, studio))
        lines = [f"Booking reference: {booking.reference}", "This session has been cancelled."]
    else:
        event.add("summary", _client_summary(booking, studio))
        manage = absolute("bookings:manage", booking.manage_token)
        lines = [
            f"Booking reference: {booking.reference}",
            f"Reschedule or cancel: {manage}",
        ]
        event.add("url", manage)
    event.add("description", "\n".join(line for line in lines if line))
    place = place_of(
        on_location=booking.on_location, location=booking.location, studio_address=studio.address
    )
    if place:
        event.add("location", place)
    event.add("organizer", _organizer(studio))
    pending = booking.status == Booking.Status.PENDING
    event.add("status", "CANCELLED" if cancelled else "TENTATIVE" if pending else "CONFIRMED")
    if not for_studio:
        _add_the_client(event, booking, studio, cancelled=cancelled)
    return event


def _client_summary(booking: Booking, studio: StudioProfile) -> str:
    """The event's title for the client: "at" the studio only when it happens there."""
    if booking.on_location:
        return f"{booking.session_type.name} with {studio.name}"
    return f"{booking.session_type.name} at {studio.name}"


def _add_the_client(event: Event, booking: Booking, studio: StudioProfile, *, cancelled: bool):
    """The client as attendee and, while the session is on, a reminder two hours before."""
    if booking.client.email:
        attendee = vCalAddress(f"mailto:{booking.client.email}")
        attendee.params["cn"] = vText(booking.client.name)
        attendee.params["role"] = vText("REQ-PARTICIPANT")
        event.add("attendee", attendee)
    if not cancelled:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("description", _client_summary(booking, studio))
        alarm.add("trigger", -timedelta(hours=2))
        event.add_component(alarm)


@lru_cache(maxsize=32)
def _vtimezone_ical(tzid: str, first_year: int, last_year: int) -> bytes:
    """A zone's VTIMEZONE for those years as iCalendar text, built once per process.

    Reading the zone's changes and serialising them again for every message cost more
    than the rest of the message did.
    """
    return vtimezone(ZoneInfo(tzid), first_year, last_year).to_ical()


def _zone_years(tz: ZoneInfo, bookings: list[Booking]) -> tuple[int, int]:
    """The years the VTIMEZONE covers: the bookings' years and one more either side."""
    moments = [moment for booking in bookings for moment in (booking.start, booking.end)]
    years = [moment.astimezone(tz).year for moment in moments or [timezone.now()]]
    return min(years) - 1, max(years) + 1


_END = b"END:VCALENDAR\r\n"


def _to_ical(
    calendar: Calendar, tz: ZoneInfo, events: list[Event], bookings: list[Booking]
) -> bytes:
    """What `calendar` with the zone then `events` added as components serialises to.

    A component's text is its own lines followed by its subcomponents' in order, so the
    calendar's lines, the cached VTIMEZONE and each event can be written one after another.
    """
    own = calendar.to_ical()
    if calendar.subcomponents or not own.endswith(_END):
        raise ValueError("expected a calendar with properties only")
    parts = [own[: -len(_END)], _vtimezone_ical(tz.key, *_zone_years(tz, bookings))]
    parts.extend(event.to_ical() for event in events)
    parts.append(_END)
    return b"".join(parts)


def _calendar(method: str | None, studio: StudioProfile) -> Calendar:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    if method:
        calendar.add("method", method)
    # icalendar writes this property unescaped and refuses a line break in it.
    calendar.add("x-wr-calname", _LINE_BREAKS.sub(" ", studio.name))
    return calendar


def booking_ics(
    booking: Booking, *, method: str = "REQUEST", studio: StudioProfile | None = None
) -> bytes:
    """A one-event calendar for the client: METHOD:REQUEST to add/update, CANCEL to remove."""
    if method not in ("REQUEST", "CANCEL", "PUBLISH"):
        raise ValueError(f"Unsupported iTIP method {method}")
    studio = studio or StudioProfile.load()
    calendar = _calendar(method, studio)
    # The VTIMEZONE comes before the event that refers to it.
    return _to_ical(calendar, studio.tz, [booking_event(booking, studio=studio)], [booking])


def feed_ics(bookings, *, studio: StudioProfile | None = None) -> bytes:
    """The studio's subscription feed: every booking given, named for the photographer."""
    studio = studio or StudioProfile.load()
    calendar = _calendar(None, studio)
    bookings = list(bookings)
    events = [booking_event(booking, studio=studio, for_studio=True) for booking in bookings]
    return _to_ical(calendar, studio.tz, events, bookings)
