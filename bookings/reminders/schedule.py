"""When each message about a booking is due: pure rules, plain values in and out.

Each kind's `Timing` in `reminder_kinds` (where the table of kinds is) has one of three
shapes, applied here:

| timing | ideal time | if planned after that | once due, useful until |
| --- | --- | --- | --- |
| at once | when planned | - | the session's start or end, or always |
| before the start | start - offset | at once, or skipped (`skip_if_late`) | the next one's time |
| after the end | end + offset | at once | `useful_for` after its time |

The messages before the start form a sequence: each stays useful until a later one's
ideal time takes over, and the last until LATEST_LEAD before the start.

Offsets are wall-clock arithmetic in the studio's zone, because that is what a
person means: "7 days before" a 10:00 session is 10:00 a week earlier, and "24 h
before" is 10:00 the day before, even when a daylight-saving change falls in between
(then it is 23 or 25 real hours). A wall-clock time that does not exist (inside a
spring-forward gap) is read with the offset from before the change, which lands just
after the gap; the result always round-trips through UTC.

Non-urgent kinds (everything but the at-once ones) never go out in the studio's
quiet hours; they wait for the morning, and are skipped if the morning is too late.
"""

from dataclasses import dataclass
from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

from studio.walltime import shift_local, wall_to_instant

from ..reminder_kinds import AFTER_END, BEFORE_SESSION, BEFORE_START, SPECS, START

# A message before the session is pointless this close to it.
LATEST_LEAD = timedelta(hours=2)

SKIP_BOOKED_LATE = "Not sent: the booking was made or moved after this message's time."
SKIP_TOO_LATE = "Not sent: by the time it could go out it was no longer useful."
SKIP_QUIET_HOURS = "Not sent: the studio's quiet hours would have delayed it until too late."


@dataclass(frozen=True)
class Rules:
    """The studio's reminder settings, as plain values (their defaults live on StudioProfile)."""

    tz: ZoneInfo
    preparation_days: int
    wardrobe_days: int
    day_before_hours: int
    thank_you_days: int
    quiet_start: time
    quiet_end: time

    @classmethod
    def from_studio(cls, studio) -> "Rules":
        return cls(
            tz=studio.tz,
            preparation_days=studio.preparation_days_before,
            wardrobe_days=studio.wardrobe_days_before,
            day_before_hours=studio.day_before_hours,
            thank_you_days=studio.thank_you_days_after,
            quiet_start=studio.quiet_hours_start,
            quiet_end=studio.quiet_hours_end,
        )


@dataclass(frozen=True)
class Plan:
    """Where a message stands when planned: due at `due_at`, or skipped for `skip_reason`."""

    kind: str
    due_at: datetime
    skip_reason: str = ""


def in_quiet_hours(moment: datetime, rules: Rules) -> bool:
    start, end = rules.quiet_start, rules.quiet_end
    if start == end:
        return False
    now = moment.astimezone(rules.tz).time()
    if start < end:
        return start <= now < end
    return now >= start or now < end


def after_quiet_hours(moment: datetime, rules: Rules) -> datetime:
    """`moment` itself, or the end of the quiet hours it falls in (studio wall clock)."""
    if not in_quiet_hours(moment, rules):
        return moment
    local = moment.astimezone(rules.tz)
    day = local.date()
    if rules.quiet_start > rules.quiet_end and local.time() >= rules.quiet_start:
        day += timedelta(days=1)
    return wall_to_instant(datetime.combine(day, rules.quiet_end), rules.tz)


def ideal_time(kind: str, *, start: datetime, end: datetime, rules: Rules) -> datetime | None:
    """When a timed kind would ideally go out; None for at-once kinds."""
    timing = SPECS[kind].timing
    if timing.shape == BEFORE_START:
        return shift_local(start, rules.tz, -timing.offset(rules))
    if timing.shape == AFTER_END:
        return shift_local(end, rules.tz, timing.offset(rules))
    return None


def useful_until(kind: str, *, start: datetime, end: datetime, rules: Rules) -> datetime | None:
    """After this a message is pointless and is skipped rather than sent (None: never)."""
    timing = SPECS[kind].timing
    if timing.urgent:
        if timing.until is None:
            return None
        return start if timing.until == START else end
    own = ideal_time(kind, start=start, end=end, rules=rules)
    if timing.shape == AFTER_END:
        return own + timing.useful_for
    # Before the start: useful until the next message in the sequence takes over.
    later = BEFORE_SESSION[BEFORE_SESSION.index(kind) + 1 :]
    takeovers = [
        moment
        for other in later
        if (moment := ideal_time(other, start=start, end=end, rules=rules)) > own
    ]
    return min(takeovers, default=start - LATEST_LEAD)


def plan(kind: str, *, start: datetime, end: datetime, now: datetime, rules: Rules) -> Plan:
    """Decide when `kind` goes out for a session from `start` to `end`, planned at `now`."""
    timing = SPECS[kind].timing
    limit = useful_until(kind, start=start, end=end, rules=rules)
    if timing.urgent:
        if limit is not None and now >= limit:
            return Plan(kind, now, SKIP_TOO_LATE)
        return Plan(kind, now)
    ideal = ideal_time(kind, start=start, end=end, rules=rules)
    if ideal < now and (timing.skip_if_late or now >= limit):
        return Plan(kind, ideal, SKIP_BOOKED_LATE)
    due = after_quiet_hours(max(ideal, now), rules)
    if due >= limit:
        return Plan(kind, due, SKIP_QUIET_HOURS if due != max(ideal, now) else SKIP_TOO_LATE)
    return Plan(kind, due)


def retry_delay(attempts: int, *, base: timedelta, cap: timedelta) -> timedelta:
    """Exponential backoff after the `attempts`-th failed try: base, 2 base, 4 base... cap."""
    return min(base * (2 ** max(attempts - 1, 0)), cap)
