"""Month and week calendars of bookings, time off and the photographer's own busy time."""

import calendar as pycalendar
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.utils import timezone

from bookings.availability import Interval, open_gaps
from bookings.clashes import busy_between, overlapping
from bookings.models import Booking
from bookings.selectors import busy_time, rules_for
from calendars.models import BusyInterval
from studio.models import StudioProfile, TimeOff, WorkingHours
from studio.walltime import day_range, day_start, local_date


@dataclass
class CalendarDay:
    date: date
    in_range: bool = True
    is_today: bool = False
    is_open: bool = True
    bookings: list[Booking] = field(default_factory=list)
    time_off: list[TimeOff] = field(default_factory=list)
    free: list[Interval] = field(default_factory=list)  # open, unbooked stretches ahead
    busy: list[BusyInterval] = field(default_factory=list)  # from the photographer's calendars

    @property
    def timeline(self) -> list[tuple[str, Booking | BusyInterval]]:
        """Bookings and calendar busy time in one list, in time order ("booking" or "busy",
        the item); at the same start a booking comes first."""
        entries = [(b.start, 0, "booking", b) for b in self.bookings]
        entries += [(i.start, 1, "busy", i) for i in self.busy]
        return [(kind, item) for _start, _order, kind, item in sorted(entries, key=_entry_key)]


@dataclass(frozen=True)
class MonthCalendar:
    month: date  # the first of the month
    weeks: list[list[CalendarDay]]
    previous: date
    next: date


@dataclass(frozen=True)
class WeekCalendar:
    monday: date
    days: list[CalendarDay]
    previous: date
    next: date


def _entry_key(entry) -> tuple:
    start, order, _kind, item = entry
    return start, order, item.pk


# A free stretch shorter than this is a gap between sessions, not time to offer.
SHORTEST_FREE = timedelta(minutes=15)


def _fill(days: list[CalendarDay], tz: ZoneInfo, now: datetime | None = None) -> None:
    """Put sessions (neither cancelled nor expired), time off, calendar busy time and free
    stretches on the days they touch. 6 queries. Free stretches come from the booking flow's
    own busy time and rules (`busy_time`, `rules_for`). Each booking holding time gets
    `calendar_clashes`: the calendar busy time it overlaps.
    """
    now = now or timezone.now()
    first, last = days[0].date, days[-1].date
    start, end = day_range(first, last, tz)
    index = {day.date: day for day in days}
    bookings = (
        Booking.objects.sessions()
        .starting_between(start, end)
        .select_related("client", "session_type")
        .order_by("start")
    )
    # Wide enough for the blocked time (buffers) of every booking starting in the range.
    calendar_busy = busy_between(start - timedelta(days=1), end + timedelta(days=1))
    for booking in bookings:
        index[local_date(booking.start, tz)].bookings.append(booking)
        booking.calendar_clashes = overlapping(booking, calendar_busy) if booking.is_active else []
    for interval in calendar_busy:
        day = max(local_date(interval.start, tz), first)
        while day <= last and day_start(day, tz) < interval.end:
            index[day].busy.append(interval)
            day += timedelta(days=1)
    for off in TimeOff.objects.filter(start__lt=end, end__gt=start).order_by("start"):
        day = max(local_date(off.start, tz), first)
        while day <= last and day_start(day, tz) < off.end:
            index[day].time_off.append(off)
            day += timedelta(days=1)
    rules = rules_for(StudioProfile.load())
    busy = busy_time(start - timedelta(days=1), end + timedelta(days=1))
    for day in days:
        day.is_open = day.date.weekday() in rules.hours
        day.free = [
            (gap_start, gap_end)
            for gap_start, gap_end in open_gaps(day.date, rules=rules, busy=busy, now=now)
            if gap_end - gap_start >= SHORTEST_FREE
        ]


def month_calendar(*, month: date, today: date, tz: ZoneInfo) -> MonthCalendar:
    """The weeks (Monday first) covering `month`, each day with its bookings and time off."""
    month = month.replace(day=1)
    weeks = [
        [CalendarDay(d, in_range=d.month == month.month, is_today=d == today) for d in week]
        for week in pycalendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    ]
    _fill([day for week in weeks for day in week], tz)
    previous = (month - timedelta(days=1)).replace(day=1)
    following = (month + timedelta(days=32)).replace(day=1)
    return MonthCalendar(month=month, weeks=weeks, previous=previous, next=following)


def week_calendar(*, day: date, today: date, tz: ZoneInfo) -> WeekCalendar:
    """The Monday-to-Sunday week holding `day`, each day with its bookings and time off."""
    monday = day - timedelta(days=day.weekday())
    days = [CalendarDay(monday + timedelta(days=i)) for i in range(7)]
    for calendar_day in days:
        calendar_day.is_today = calendar_day.date == today
    _fill(days, tz)
    return WeekCalendar(
        monday=monday,
        days=days,
        previous=monday - timedelta(days=7),
        next=monday + timedelta(days=7),
    )


def day_calendar(*, day: date, today: date, tz: ZoneInfo) -> CalendarDay:
    """One day with its bookings, time off and opening hours (for choosing a new time)."""
    calendar_day = CalendarDay(day, is_today=day == today)
    _fill([calendar_day], tz)
    return calendar_day


def opening_hours(day: date) -> list[WorkingHours]:
    """The opening ranges on that day's weekday, in order. 1 query."""
    return list(WorkingHours.objects.filter(weekday=day.weekday()).order_by("start"))
