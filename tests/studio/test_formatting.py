"""One way to write times of day and lengths: studio.formatting, read by pages and emails."""

from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from studio.formatting import clock, day_and_clock, duration
from studio.models import StudioProfile

LONDON = ZoneInfo("Europe/London")
H24 = StudioProfile(clock=StudioProfile.Clock.H24)
H12 = StudioProfile(clock=StudioProfile.Clock.H12)


@pytest.mark.parametrize(
    ("value", "studio", "expected"),
    [
        (time(9, 5), H24, "09:05"),
        (time(9, 5), H12, "9:05 AM"),
        (time(0, 0), H12, "12:00 AM"),
        (time(12, 30), H12, "12:30 PM"),
        (time(23, 45), H24, "23:45"),
        # A datetime is written in its own zone: 14:30 UTC is 15:30 in Paris.
        (
            datetime(2026, 6, 4, 14, 30, tzinfo=UTC).astimezone(ZoneInfo("Europe/Paris")),
            H24,
            "16:30",
        ),
        (datetime(2026, 12, 4, 14, 30, tzinfo=UTC), H12, "2:30 PM"),
        (None, H24, ""),
    ],
)
def test_clock_writes_the_studio_s_choice(value, studio, expected):
    assert clock(value, studio) == expected


def test_an_unknown_choice_falls_back_to_24_hours():
    assert clock(time(14, 0), StudioProfile(clock="")) == "14:00"


def test_day_and_clock():
    moment = datetime(2026, 12, 4, 14, 30, tzinfo=LONDON)
    assert day_and_clock(moment, H24) == "Friday 4 December 2026, 14:30"
    assert day_and_clock(moment, H12, "D j M") == "Fri 4 Dec, 2:30 PM"
    assert day_and_clock(None, H12) == ""


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [
        (15, "15 min"),
        (45, "45 min"),
        (60, "1 h"),
        (90, "1 h 30 min"),
        (120, "2 h"),
        (timedelta(minutes=15, seconds=59), "15 min"),
        (timedelta(hours=2, minutes=5), "2 h 5 min"),
        ("", ""),
    ],
)
def test_duration(minutes, expected):
    assert duration(minutes) == expected


def test_the_named_day_formats():
    from studio.formatting import day_label, day_month, long_date, short_date, weekday

    moment = datetime(2026, 12, 4, 14, 30, tzinfo=LONDON)
    written = [f(moment) for f in (long_date, day_label, short_date, weekday, day_month)]
    assert written == [
        "Friday 4 December 2026",
        "Friday 4 December",
        "Fri 4 Dec",
        "Friday",
        "4 December",
    ]
