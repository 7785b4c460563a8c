"""Wall-clock times in the studio's zone, checked against daylight-saving gaps."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def local_moment(day: date, at: time, tz: ZoneInfo) -> datetime | None:
    """`day` at `at` in `tz`, or None when that time does not exist (clocks jump forward)."""
    naive = datetime.combine(day, at)
    aware = naive.replace(tzinfo=tz)
    if aware.astimezone(UTC).astimezone(tz).replace(tzinfo=None) != naive:
        return None
    return aware


def last_day_before(end: datetime, tz: ZoneInfo) -> date | None:
    """The last whole day of a period that ends at midnight in `tz`, else None.

    Time off entered "until 26 Dec" ends at the midnight that starts 27 Dec; people
    name the day it covers last, not that midnight.
    """
    local = end.astimezone(tz)
    return local.date() - timedelta(days=1) if local.time() == time.min else None
