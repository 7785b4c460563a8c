"""When can a session start? Pure functions: rules and busy time in, free starts out.

The rules are wall-clock times in the studio's zone (opening 09:00 means 09:00 on
the studio's clock, summer or winter); everything going in or out as an instant is
an aware datetime and the starts returned are in UTC.

Decisions, each tested in tests/bookings/test_availability.py:
- Starts step from the opening of each working range (09:00, 09:30, ...), and the
  session itself must end by the close of that range. Several ranges a day make breaks.
- Buffers may reach outside opening hours (setting up before opening is the
  photographer's business) but the whole blocked interval, buffers included, must not
  touch another booking's blocked interval or time off. Intervals are half-open, like
  the PostgreSQL constraint: a session may start exactly when the last one's buffer ends.
- A wall time that does not exist (02:30 on the spring-forward day in New York) is never
  offered; a wall time that happens twice (01:30 on the autumn day) is offered once, at
  its first occurrence. Range edges in a gap mean the moment the clocks jump.
- Minimum notice is real elapsed time from now; the booking window is whole days: the
  last bookable day is today (studio time) plus `max_advance_days`.
"""

from __future__ import annotations

import bisect
import calendar
import enum
import math
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from studio.walltime import exists, wall_to_instant

Interval = tuple[datetime, datetime]


@dataclass(frozen=True)
class BookingRules:
    """The studio's booking rules, in its own zone (their defaults live on StudioProfile)."""

    tz: ZoneInfo
    hours: Mapping[int, Sequence[tuple[time, time]]]  # weekday (Monday 0) -> open ranges
    min_notice: timedelta
    max_advance_days: int
    step: timedelta

    def __post_init__(self):
        if self.step <= timedelta(0):
            raise ValueError("The slot step must be positive.")


@dataclass(frozen=True)
class SessionShape:
    """How long a session type takes and how much time it blocks around itself."""

    duration: timedelta
    buffer_before: timedelta = timedelta(0)
    buffer_after: timedelta = timedelta(0)

    def blocked(self, start: datetime) -> Interval:
        return start - self.buffer_before, start + self.duration + self.buffer_after


class Problem(enum.Enum):
    """Why a start cannot be booked (the services turn these into messages)."""

    PAST = "past"
    NOTICE = "notice"
    BEYOND_WINDOW = "beyond_window"
    NOT_A_SLOT = "not_a_slot"  # not one of the offered starts (off the grid, or closed)
    CLOSED = "closed"  # outside working hours (checked for the studio's own bookings)
    BUSY = "busy"  # overlaps a booking or time off (for the studio: another booking)
    TIME_OFF = "time_off"  # overlaps time off (checked for the studio's own bookings)
    GROUP_SIZE = "group_size"  # more people than the session type takes (studio only)


# What the studio may deliberately book over ("book anyway"), in the order it is named.
# PAST and BUSY (another booking) are never among them.
OVERRIDABLE = (Problem.CLOSED, Problem.NOTICE, Problem.TIME_OFF, Problem.GROUP_SIZE)


@dataclass
class Busy:
    """Busy time as sorted, merged intervals, so each overlap test is a binary search.

    Bounds are whole seconds since 1970 (UTC), start rounded down and end rounded up:
    busy time can only grow by a fraction of a second, never shrink, and thousands of
    rows read as plain integers cost far less than as datetimes.
    """

    starts: list[int] = field(default_factory=list)
    ends: list[int] = field(default_factory=list)

    @classmethod
    def of(cls, intervals: Iterable[Interval] | Busy) -> Busy:
        if isinstance(intervals, Busy):
            return intervals
        return cls.from_seconds(
            (math.floor(start.timestamp()), math.ceil(end.timestamp())) for start, end in intervals
        )

    @classmethod
    def from_seconds(cls, intervals: Iterable[tuple[int, int]]) -> Busy:
        """From (start, end) pairs of epoch seconds, in any order (sorted input is cheapest)."""
        starts: list[int] = []
        ends: list[int] = []
        for start, end in sorted(intervals):
            if end <= start:
                continue
            if ends and start <= ends[-1]:
                if end > ends[-1]:
                    ends[-1] = end
            else:
                starts.append(start)
                ends.append(end)
        return cls(starts, ends)

    def overlaps(self, start: datetime, end: datetime) -> bool:
        """True when [start, end) shares any time with a busy interval."""
        index = bisect.bisect_left(self.starts, end.timestamp())  # those starting before `end`
        return index > 0 and self.ends[index - 1] > start.timestamp()


def _ranges(day: date, rules: BookingRules) -> list[tuple[datetime, datetime, datetime, datetime]]:
    """(open wall, close wall, open instant, close instant) of each working range of `day`."""
    out = []
    for opens, closes in sorted(rules.hours.get(day.weekday(), ())):
        open_wall, close_wall = datetime.combine(day, opens), datetime.combine(day, closes)
        out.append(
            (
                open_wall,
                close_wall,
                wall_to_instant(open_wall, rules.tz),
                wall_to_instant(close_wall, rules.tz),
            )
        )
    return out


def candidate_starts(day: date, *, rules: BookingRules, session: SessionShape) -> list[datetime]:
    """Every start the grid offers on `day` (studio date), ignoring bookings and policy."""
    starts: set[datetime] = set()
    for open_wall, close_wall, open_at, close_at in _ranges(day, rules):
        wall = open_wall
        while wall < close_wall:
            if exists(wall, rules.tz):
                start = wall.replace(tzinfo=rules.tz, fold=0).astimezone(UTC)
                if start >= open_at and start + session.duration <= close_at:
                    starts.add(start)
            wall += rules.step
    return sorted(starts)


def last_bookable_day(now: datetime, rules: BookingRules) -> date:
    return now.astimezone(rules.tz).date() + timedelta(days=rules.max_advance_days)


def change_deadline(start: datetime, *, notice_hours: int) -> datetime:
    """The last moment a client may move or cancel a session online (later: by contacting us)."""
    return start - timedelta(hours=notice_hours)


def _policy_problem(start: datetime, *, rules: BookingRules, now: datetime) -> Problem | None:
    if start < now:
        return Problem.PAST
    if start < now + rules.min_notice:
        return Problem.NOTICE
    if start.astimezone(rules.tz).date() > last_bookable_day(now, rules):
        return Problem.BEYOND_WINDOW
    return None


def free_slots(
    day: date,
    *,
    rules: BookingRules,
    session: SessionShape,
    busy: Iterable[Interval] | Busy,
    now: datetime,
) -> list[datetime]:
    """Free starts (UTC) on the studio date `day`, within notice and window, clear of busy."""
    busy = Busy.of(busy)
    if day > last_bookable_day(now, rules) or day < now.astimezone(rules.tz).date():
        return []
    return [
        start
        for start in candidate_starts(day, rules=rules, session=session)
        if _policy_problem(start, rules=rules, now=now) is None
        and not busy.overlaps(*session.blocked(start))
    ]


def month_days(year: int, month: int) -> list[date]:
    last = calendar.monthrange(year, month)[1]
    return [date(year, month, day) for day in range(1, last + 1)]


def free_days(
    year: int,
    month: int,
    *,
    rules: BookingRules,
    session: SessionShape,
    busy: Iterable[Interval] | Busy,
    now: datetime,
) -> list[date]:
    """The studio dates of a month that have at least one free start."""
    busy = Busy.of(busy)
    return [
        day
        for day in month_days(year, month)
        if free_slots(day, rules=rules, session=session, busy=busy, now=now)
    ]


def unchanged_until(first_free: datetime | None, *, rules: BookingRules, now: datetime) -> datetime:
    """The moment the free starts seen at `now` can first change with no booking made.

    Time alone only takes starts away, each as it comes within the minimum notice, so
    nothing changes before the earliest offered start (`first_free`) does; the next
    studio midnight moves the window (today, the last bookable day) and may add a day.
    """
    tomorrow = now.astimezone(rules.tz).date() + timedelta(days=1)
    midnight = wall_to_instant(datetime.combine(tomorrow, time.min), rules.tz)
    if first_free is None:
        return midnight
    return min(midnight, first_free - rules.min_notice)


def within_hours(start: datetime, *, rules: BookingRules, session: SessionShape) -> bool:
    """Whether the session [start, start + duration) lies inside one working range."""
    day = start.astimezone(rules.tz).date()
    end = start + session.duration
    return any(
        open_at <= start and end <= close_at for _o, _c, open_at, close_at in _ranges(day, rules)
    )


def check_start(
    start: datetime,
    *,
    rules: BookingRules,
    session: SessionShape,
    busy: Iterable[Interval] | Busy,
    now: datetime,
) -> Problem | None:
    """None when a client may book `start`, else the first rule it breaks.

    Clients must pick an offered start within notice and window, clear of busy time.
    """
    busy = Busy.of(busy)
    problem = _policy_problem(start, rules=rules, now=now)
    if problem:
        return problem
    day = start.astimezone(rules.tz).date()
    if start not in candidate_starts(day, rules=rules, session=session):
        return Problem.NOT_A_SLOT
    if busy.overlaps(*session.blocked(start)):
        return Problem.BUSY
    return None


def studio_problems(
    start: datetime,
    *,
    rules: BookingRules,
    session: SessionShape,
    bookings: Iterable[Interval] | Busy,
    time_off: Iterable[Interval] | Busy,
    now: datetime,
) -> list[Problem]:
    """Every rule a start the studio chose breaks: PAST or BUSY alone (never allowed),
    else any of OVERRIDABLE in that order. An empty list means it is simply free.

    The studio may choose any minute and book beyond the clients' window; working
    hours, the minimum notice and time off hold unless it deliberately books anyway.
    """
    if start < now:
        return [Problem.PAST]
    blocked = session.blocked(start)
    if Busy.of(bookings).overlaps(*blocked):
        return [Problem.BUSY]
    problems = []
    if not within_hours(start, rules=rules, session=session):
        problems.append(Problem.CLOSED)
    if start < now + rules.min_notice:
        problems.append(Problem.NOTICE)
    if Busy.of(time_off).overlaps(*blocked):
        problems.append(Problem.TIME_OFF)
    return problems


def open_gaps(
    day: date, *, rules: BookingRules, busy: Iterable[Interval] | Busy, now: datetime
) -> list[Interval]:
    """The stretches of `day`'s working hours that hold no busy time and are not past.

    What the dashboard's calendar offers as "free": bookable by the studio without
    overriding anything but, perhaps, the notice.
    """
    busy = Busy.of(busy)
    gaps: list[Interval] = []
    for _open_wall, _close_wall, open_at, close_at in _ranges(day, rules):
        cursor = open_at
        if now > open_at:  # from the next step after now, so a gap starts at a round time
            cursor += math.ceil((now - open_at) / rules.step) * rules.step
        limit = close_at.timestamp()
        index = bisect.bisect_right(busy.ends, cursor.timestamp())
        while cursor < close_at:
            if index < len(busy.starts) and busy.starts[index] < limit:
                busy_from = datetime.fromtimestamp(busy.starts[index], UTC)
                if busy_from > cursor:
                    gaps.append((cursor, busy_from))
                cursor = max(cursor, datetime.fromtimestamp(busy.ends[index], UTC))
                index += 1
            else:
                gaps.append((cursor, close_at))
                break
    return gaps


def nearest_free(
    start: datetime,
    *,
    rules: BookingRules,
    session: SessionShape,
    busy: Iterable[Interval] | Busy,
    now: datetime,
    count: int = 3,
    search_days: int = 14,
) -> list[datetime]:
    """Up to `count` free starts closest in time to `start`, returned in order."""
    busy = Busy.of(busy)
    centre = start.astimezone(rules.tz).date()
    found: list[datetime] = []
    for distance in range(search_days + 1):
        days = {centre - timedelta(days=distance), centre + timedelta(days=distance)}
        for day in days:
            slots = free_slots(day, rules=rules, session=session, busy=busy, now=now)
            found.extend(slot for slot in slots if slot != start)
        # A later ring is at least (distance) whole days away: stop when it cannot win.
        if len(found) >= count:
            found.sort(key=lambda slot: (abs(slot - start), slot))
            if abs(found[count - 1] - start) <= timedelta(days=distance):
                break
    found.sort(key=lambda slot: (abs(slot - start), slot))
    return sorted(found[:count])
