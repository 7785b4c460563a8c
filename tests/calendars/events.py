"""Calendar files made up for a test: one event on a coming weekday, as Google writes it."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

LONDON = ZoneInfo("Europe/London")


def next_weekday(days_ahead: int):
    """The first Monday-to-Friday in London at least `days_ahead` days from today."""
    day = timezone.now().astimezone(LONDON).date() + timedelta(days=days_ahead)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return day


def one_event(day, hour: int) -> bytes:
    """A Google-style calendar file with one hour-long event at `hour` on `day` in London."""
    start = datetime.combine(day, time(hour), tzinfo=LONDON).astimezone(UTC)
    stamp = f"{start:%Y%m%dT%H%M%SZ}"
    end = f"{start + timedelta(hours=1):%Y%m%dT%H%M%SZ}"
    return (
        "BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Google Inc//Google Calendar 70.9054//EN\r\n"
        "X-WR-TIMEZONE:Europe/London\r\nBEGIN:VEVENT\r\nUID:worker@example.com\r\n"
        f"DTSTAMP:{stamp}\r\nDTSTART:{stamp}\r\nDTEND:{end}\r\nSUMMARY:Shoot\r\n"
        "END:VEVENT\r\nEND:VCALENDAR\r\n"
    ).encode()
