from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo


def day_start(day: date, tz: ZoneInfo) -> datetime:
    """The aware instant a local day begins in the studio's zone (right across DST)."""
    return datetime.combine(day, time.min, tzinfo=tz)


def day_range(first: date, last: date, tz: ZoneInfo) -> tuple[datetime, datetime]:
    """[start of `first`, start of the day after `last`) as aware datetimes."""
    return day_start(first, tz), day_start(last + timedelta(days=1), tz)


def local_date(moment: datetime, tz: ZoneInfo) -> date:
    return moment.astimezone(tz).date()
