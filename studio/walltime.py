"""Wall-clock times in the studio's zone and the instants they name: the one place that
converts between the two, with one rule for the days the clocks change.

The rule: a wall time that happens twice (clocks go back) is its first occurrence; a wall
time that never happens (clocks go forward) is the moment the clocks jump. Times are
stored in UTC; rules (hours, quiet hours, reminder offsets) are wall times.
"""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

MINUTE = timedelta(minutes=1)


def exists(wall: datetime, tz: ZoneInfo) -> bool:
    """Whether a naive wall time happens at all in `tz` (not in a spring-forward gap)."""
    back = wall.replace(tzinfo=tz).astimezone(UTC).astimezone(tz).replace(tzinfo=None)
    return back == wall


def wall_to_instant(wall: datetime, tz: ZoneInfo) -> datetime:
    """The UTC instant of a naive wall time in `tz`, by the rule above."""
    if exists(wall, tz):
        return wall.replace(tzinfo=tz, fold=0).astimezone(UTC)
    # In a gap the two folds bracket the moment the clocks jump; find it to the minute.
    low = wall.replace(tzinfo=tz, fold=1).astimezone(UTC)
    high = wall.replace(tzinfo=tz, fold=0).astimezone(UTC)
    low, high = min(low, high), max(low, high)
    while high - low > MINUTE:
        middle = low + (high - low) // 2 // MINUTE * MINUTE
        if middle == low:
            break
        if middle.astimezone(tz).replace(tzinfo=None) >= wall:
            high = middle
        else:
            low = middle
    return high


def local_moment(day: date, at: time, tz: ZoneInfo) -> datetime | None:
    """`day` at `at` in `tz`, or None when that time does not exist: for input to refuse."""
    wall = datetime.combine(day, at)
    return wall.replace(tzinfo=tz) if exists(wall, tz) else None


def shift_local(moment: datetime, tz: ZoneInfo, offset: timedelta) -> datetime:
    """`moment` moved by a wall-clock `offset` in `tz` ("the day before at the same time")."""
    return wall_to_instant(moment.astimezone(tz).replace(tzinfo=None) + offset, tz)


def day_start(day: date, tz: ZoneInfo) -> datetime:
    """The instant the studio day `day` begins."""
    return wall_to_instant(datetime.combine(day, time.min), tz)


def day_range(first: date, last: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """[start of `first`, start of the day after `last`): 23 or 25 hours a day when the
    clocks change."""
    return day_start(first, tz), day_start(last + timedelta(days=1), tz)


def local_date(moment: datetime, tz: ZoneInfo) -> date:
    """The studio date `moment` falls on."""
    return moment.astimezone(tz).date()


def last_day_before(end: datetime, tz: ZoneInfo) -> date | None:
    """The last whole day of a period that ends at midnight in `tz`, else None.

    Time off entered "until 26 Dec" ends at the midnight that starts 27 Dec; people
    name the day it covers last, not that midnight.
    """
    local = end.astimezone(tz)
    return local.date() - timedelta(days=1) if local.time() == time.min else None
