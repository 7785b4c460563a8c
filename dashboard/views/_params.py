"""Lenient query parameters: a bad or far-off value falls back to a default, never raises.

The parsing itself is the booking pages' (bookings.flow): one reading of YYYY-MM-DD.
"""

from datetime import date, time

from bookings.flow import parse_day, parse_month


def _plausible(value: date | None) -> bool:
    return value is not None and 2000 <= value.year <= 2100


def month_or(value: str | None, default: date) -> date:
    """The first of the month `value` names (YYYY-MM), else of `default`'s month."""
    month = parse_month(value)
    return month if _plausible(month) else default.replace(day=1)


def day_or(value: str | None, default: date) -> date:
    """The day `value` names (YYYY-MM-DD), else `default`."""
    day = parse_day(value)
    return day if _plausible(day) else default


def time_or(value: str | None, default: time | None = None) -> time | None:
    """The time of day `value` names (HH:MM), else `default`."""
    try:
        return time.fromisoformat(value) if value and len(value) == 5 else default
    except ValueError:
        return default
