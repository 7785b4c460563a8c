"""The photographer's connected calendars as the settings page and the warnings show them."""

from dataclasses import dataclass
from datetime import datetime

from calendars.models import Calendar


@dataclass(frozen=True)
class CalendarWarning:
    calendar: Calendar
    never_read: bool
    failed: bool  # the last read failed: newer events in it are not blocking yet


def connected_calendars() -> list[Calendar]:
    """Every connected calendar, by name. 1 query."""
    return list(Calendar.objects.order_by("name", "pk"))


def calendar_warnings(*, now: datetime) -> list[CalendarWarning]:
    """Calendars whose last read failed (from the first failure on: every connected
    calendar blocks bookings, so one not read is a gap in what blocks them) or whose busy
    time is older than CALENDAR_STALE_HOURS. 1 query."""
    warnings = []
    for calendar in Calendar.objects.order_by("name", "pk"):
        failed = calendar.last_read_failed
        if failed or calendar.is_stale(now):
            warnings.append(
                CalendarWarning(
                    calendar, never_read=calendar.last_success_at is None, failed=failed
                )
            )
    return warnings
