"""Writes to the studio's own settings from the dashboard. Bookings are never written here."""

import secrets
from datetime import date, datetime, timedelta, tzinfo

from django.db import transaction

from studio.models import StudioProfile, TimeOff, TimeOffSeries
from studio.walltime import local_moment


def rotate_feed_key() -> str:
    """Give the calendar feed a new secret key; the old subscription URL stops working."""
    with transaction.atomic():
        profile = StudioProfile.load()
        profile.calendar_feed_key = secrets.token_urlsafe(32)
        profile.save(update_fields=["calendar_feed_key"])
    return profile.calendar_feed_key


def delete_time_off(*, time_off: TimeOff) -> None:
    """Remove a period of time off; its slots become bookable again at once."""
    time_off.delete()


def block_time(*, start, end, reason: str = "") -> TimeOff:
    """Block [start, end) as time off: no client can book it from this moment (the cached
    booking pages move to a new version in the same transaction)."""
    with transaction.atomic():
        return TimeOff.objects.create(start=start, end=end, reason=reason)


MAX_WEEKS = 105  # two years of weeks: a series is a plan, not forever


def block_weekly(
    *, start: datetime, end: datetime, until: date, reason: str = "", tz: tzinfo
) -> TimeOffSeries:
    """Block [start, end) and the same wall-clock times every week after it, up to and
    including the day `until` (at most MAX_WEEKS times). Each occurrence is a TimeOff row
    of the series, made one by one so each moves the cached pages' version as any time off
    does; a week whose times do not exist (the clocks change) is left out."""
    local_start, local_end = start.astimezone(tz), end.astimezone(tz)
    span_days = (local_end.date() - local_start.date()).days
    with transaction.atomic():
        series = TimeOffSeries.objects.create(
            first_day=local_start.date(),
            until=until,
            start_time=local_start.time(),
            end_time=local_end.time(),
            reason=reason,
        )
        day = local_start.date()
        for _week in range(MAX_WEEKS):
            if day > until:
                break
            begin = local_moment(day, local_start.time(), tz)
            finish = local_moment(day + timedelta(days=span_days), local_end.time(), tz)
            if begin is not None and finish is not None:
                TimeOff.objects.create(start=begin, end=finish, reason=reason, series=series)
            day += timedelta(weeks=1)
    return series


def delete_series(*, series: TimeOffSeries) -> int:
    """Remove a weekly block and every occurrence of it; those times are free again."""
    with transaction.atomic():
        count = series.occurrences.count()
        for occurrence in series.occurrences.all():
            occurrence.delete()  # one by one: each moves the cached pages' version
        series.delete()
    return count
