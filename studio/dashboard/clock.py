"""Wall-clock times in the studio's zone, checked against daylight-saving gaps."""

from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo


def local_moment(day: date, at: time, tz: ZoneInfo) -> datetime | None:
    """`day` at `at` in `tz`, or None when that time does not exist (clocks jump forward)."""
    naive = datetime.combine(day, at)
    aware = naive.replace(tzinfo=tz)
    if aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != naive:
        return None
    return aware
