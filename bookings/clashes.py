"""Bookings that overlap busy time read later from the photographer's own calendars.

A booking already made is never moved or cancelled because a calendar read adds busy
time over it: the dashboard flags it, and the morning digest can list the day's clashes
(`clashes_on`). A clash is judged on the booking's blocked time (buffers included), the
same interval availability refuses new bookings on.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime
from zoneinfo import ZoneInfo

from calendars.models import BusyInterval
from studio.models import StudioProfile
from studio.walltime import day_range

from .models import Booking


@dataclass(frozen=True)
class Clash:
    booking: Booking
    busy: list[BusyInterval]  # each with its calendar; titles are for staff only

    @property
    def calendars(self) -> list[str]:
        return sorted({interval.calendar.name for interval in self.busy})


def busy_between(start: datetime, end: datetime) -> list[BusyInterval]:
    """Calendar busy intervals overlapping [start, end), with their calendar. 1 query."""
    return list(
        BusyInterval.objects.filter(start__lt=end, end__gt=start)
        .select_related("calendar")
        .order_by("start", "end")
    )


def overlapping(booking: Booking, busy: Iterable[BusyInterval]) -> list[BusyInterval]:
    return [i for i in busy if i.start < booking.blocked_end and i.end > booking.blocked_start]


def mark_clashes(bookings: Iterable[Booking]) -> list[Booking]:
    """Set `calendar_clashes` (a list, empty when none) on each booking. 1 query, 0 if none.

    Cancelled bookings never clash: they block nothing.
    """
    bookings = list(bookings)
    active = [b for b in bookings if b.status in Booking.ACTIVE_STATUSES]
    for booking in bookings:
        booking.calendar_clashes = []
    if not active:
        return bookings
    busy = busy_between(min(b.blocked_start for b in active), max(b.blocked_end for b in active))
    for booking in active:
        booking.calendar_clashes = overlapping(booking, busy)
    return bookings


def clashes_on(day: date, *, tz: ZoneInfo | None = None) -> list[Clash]:
    """Active bookings starting on the studio date `day` that overlap calendar busy time.

    For the morning digest and the dashboard. Two queries (three without `tz`).
    """
    tz = tz or StudioProfile.load().tz
    start, end = day_range(day, day, tz)
    bookings = list(
        Booking.objects.holding_time()
        .starting_between(start, end)
        .select_related("client", "session_type")
        .order_by("start")
    )
    mark_clashes(bookings)
    return [Clash(b, b.calendar_clashes) for b in bookings if b.calendar_clashes]
