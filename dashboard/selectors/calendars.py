"""The photographer's connected calendars as the settings page and the warnings show them."""

from dataclasses import dataclass
from datetime import datetime

from calendars.models import Calendar


@dataclass(frozen=True)
class CalendarWarning:
    calendar: Calendar
    never_read: bool


def connected_calendars() -> list[Calendar]:
    """Every connected calendar, by name. 1 query."""
    return list(Calendar.objects.order_by("name", "pk"))


def calendar_warnings(*, now: datetime) -> list[CalendarWarning]:
    """Calendars whose busy time is older than CALENDAR_STALE_HOURS (or never read). 1 query."""
    return [
        CalendarWarning(calendar, never_read=calendar.last_success_at is None)
        for calendar in Calendar.objects.order_by("name", "pk")
        if calendar.is_stale(now)
    ]
