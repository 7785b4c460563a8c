"""One rule for wall times on the days the clocks change: a doubled time is its first
occurrence, a missing one is the moment the clocks jump."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from studio.walltime import day_range, local_moment, shift_local, wall_to_instant

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")


@pytest.mark.parametrize(
    ("tz", "wall", "expected_utc"),
    [
        (NEW_YORK, datetime(2027, 3, 14, 2, 30), datetime(2027, 3, 14, 7, 0, tzinfo=UTC)),
        (NEW_YORK, datetime(2027, 11, 7, 1, 30), datetime(2027, 11, 7, 5, 30, tzinfo=UTC)),
        (LONDON, datetime(2027, 3, 28, 1, 15), datetime(2027, 3, 28, 1, 0, tzinfo=UTC)),
        (LONDON, datetime(2027, 10, 31, 1, 0), datetime(2027, 10, 31, 0, 0, tzinfo=UTC)),
        (LONDON, datetime(2027, 7, 1, 9, 0), datetime(2027, 7, 1, 8, 0, tzinfo=UTC)),
    ],
    ids=["ny-gap-is-the-jump", "ny-double-is-first", "ldn-gap", "ldn-double", "ldn-summer"],
)
def test_wall_to_instant(tz, wall, expected_utc):
    assert wall_to_instant(wall, tz) == expected_utc


def test_a_missing_time_is_refused_as_input_but_converted_to_the_jump():
    assert local_moment(date(2027, 3, 28), time(1, 30), LONDON) is None
    assert local_moment(date(2027, 3, 28), time(2, 30), LONDON) is not None
    assert wall_to_instant(datetime(2027, 3, 28, 1, 30), LONDON) == datetime(
        2027, 3, 28, 1, 0, tzinfo=UTC
    )


def test_a_studio_day_is_23_or_25_hours_when_the_clocks_change():
    spring = day_range(date(2027, 3, 28), date(2027, 3, 28), LONDON)
    autumn = day_range(date(2027, 10, 31), date(2027, 10, 31), LONDON)
    assert spring[1] - spring[0] == timedelta(hours=23)
    assert autumn[1] - autumn[0] == timedelta(hours=25)


def test_a_wall_clock_shift_into_the_gap_lands_on_the_jump():
    # "The day before at 01:30" from 29 March 2027: 01:30 on the 28th never happens.
    moment = shift_local(datetime(2027, 3, 29, 0, 30, tzinfo=UTC), LONDON, timedelta(days=-1))
    assert moment == datetime(2027, 3, 28, 1, 0, tzinfo=UTC)  # 02:00 BST, as the clocks jump
