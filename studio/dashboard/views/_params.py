"""Lenient parsing of query parameters: a bad value falls back, it never raises."""

from datetime import date, datetime


def parse_month(value: str | None, default: date) -> date:
    try:
        parsed = datetime.strptime(value or "", "%Y-%m").date()  # noqa: DTZ007 - a calendar month
    except ValueError:
        return default.replace(day=1)
    return parsed if 2000 <= parsed.year <= 2100 else default.replace(day=1)


def parse_day(value: str | None, default: date) -> date:
    try:
        parsed = date.fromisoformat(value or "")
    except ValueError:
        return default
    return parsed if 2000 <= parsed.year <= 2100 else default
