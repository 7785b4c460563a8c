"""Busy intervals out of an iCalendar file. Pure: bytes and a window in, intervals out.

Decisions, each tested in tests/calendars/test_ics.py:
- Recurrences (RRULE, RDATE, EXDATE, RECURRENCE-ID overrides) are expanded by
  `recurring-ical-events`; Google's calendar-wide zone (X-WR-TIMEZONE) is applied first
  by `x-wr-timezone`; Outlook's Windows zone names ("GMT Standard Time") resolve through
  icalendar's Windows-to-IANA table when the file has no VTIMEZONE for them.
- An event blocks unless it is cancelled (STATUS:CANCELLED, the whole series or one
  occurrence) or marked free (TRANSP:TRANSPARENT). Zero-length events block nothing.
- All-day events block the whole days they cover, midnight to midnight on the studio's
  clock, when the calendar says so; otherwise they are left out.
- Floating times (no zone) are read in the studio's zone.
- Only intervals touching [window_start, window_end) are returned, clipped to it.
- The work is bounded by what is produced, never by an estimate: repeat rules are
  expanded lazily (dateutil's `between` would build the whole list first), and the read
  stops with "too many events" after `max_events` occurrences inside the window or when
  the thread has used `cpu_seconds` of CPU time. `calendars.sandbox` runs this in a
  child process under hard CPU and memory limits, for the steps that cannot be
  interrupted from inside (parsing, a rule that spins without producing anything).
- Anything that is not an iCalendar file, or that the libraries cannot read, is a
  FeedError with a plain sentence; no other exception leaves `busy_intervals`.
"""

from __future__ import annotations

import logging
import time as clock
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events
import x_wr_timezone
from dateutil.rrule import rrule
from django.utils.translation import gettext_lazy as _
from recurring_ical_events.selection.name import ComponentsWithName
from recurring_ical_events.series import Series
from recurring_ical_events.util import compare_greater, convert_to_datetime

logger = logging.getLogger("calendars")

MAX_EVENTS = 10_000  # occurrences in the window: 100 a day, far beyond any person's diary
CPU_SECONDS = 10.0
TITLE_LENGTH = 200

# Without Django settings: the sandbox's child process imports this module bare, and only
# the parent turns a kind into its (lazily translated) sentence.
MESSAGES = {
    "not_calendar": _(
        "The address did not answer with a calendar file (is it the secret iCal address?)."
    ),
    "damaged": _("The calendar file is damaged and could not be read."),
    "too_many": _(
        "The calendar holds too many events to read: more than %(count)s in the booking "
        "window, or repeat rules that would make millions. Its last busy times are kept."
    ),
}


class FeedError(Exception):
    """The calendar's file could not be used; str() is the sentence for the photographer."""

    def __init__(self, kind: str, *, count: int = MAX_EVENTS):
        super().__init__(kind)
        self.kind = kind
        self.count = count

    def __str__(self) -> str:
        message = str(MESSAGES.get(self.kind, MESSAGES["damaged"]))
        return message % {"count": f"{self.count:,}"} if "%(count)" in message else message


class TooMuchWork(Exception):
    """The budget of one read ran out; raised from inside the expansion to stop it."""


class Budget:
    """What one read may spend: occurrences inside the window and CPU time of this thread."""

    def __init__(self, *, max_events: int, cpu_seconds: float):
        self.left = max_events
        self.cpu_deadline = clock.thread_time() + cpu_seconds
        self.steps = 0

    def step(self) -> None:
        """One occurrence produced by a rule, inside the window or not."""
        self.steps += 1
        if self.steps % 512 == 0 and clock.thread_time() > self.cpu_deadline:
            raise TooMuchWork

    def inside(self) -> None:
        """One occurrence inside the window."""
        self.left -= 1
        if self.left < 0:
            raise TooMuchWork


def _bounded_series(budget: Budget) -> type[Series]:
    """recurring-ical-events' Series, expanding its rules lazily under `budget`."""

    class BoundedRules(Series.RecurrenceRules):
        def rrulestr(self, rule_string):
            rule = super().rrulestr(rule_string)
            if not isinstance(rule, rrule):
                return rule
            # No cache: it would keep every occurrence since DTSTART, however many.
            uncached = rule.replace(cache=False)
            uncached.string, uncached.until = rule.string, rule.until
            return uncached

        def rrule_between(self, span_start, span_stop):
            span_start = convert_to_datetime(span_start, self.tzinfo)
            span_stop = convert_to_datetime(span_stop, self.tzinfo)
            for rule in self.rrules:
                for start in rule:  # from DTSTART on, one at a time
                    budget.step()
                    # Plain comparisons, as dateutil's own `between` makes them.
                    if start > span_stop:
                        break
                    if start < span_start:
                        continue
                    if rule.until is not None and compare_greater(start, rule.until):
                        break
                    budget.inside()
                    yield start

    class BoundedSeries(Series):
        RecurrenceRules = BoundedRules

    return BoundedSeries


@dataclass(frozen=True, order=True)
class BusyEvent:
    start: datetime  # UTC
    end: datetime  # UTC
    title: str = ""


def looks_like_icalendar(data: bytes) -> bool:
    head = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").upper()
    return head.startswith(b"BEGIN:VCALENDAR")


def _instant(value: datetime, tz: ZoneInfo) -> datetime:
    if value.tzinfo is None:
        value = value.replace(tzinfo=tz)
    return value.astimezone(UTC)


def _day_start(day: date, tz: ZoneInfo) -> datetime:
    return datetime.combine(day, time.min, tzinfo=tz).astimezone(UTC)


def _title(event) -> str:
    summary = str(event.get("SUMMARY", "") or "")
    return " ".join(summary.split())[:TITLE_LENGTH]


def _blocks(event) -> bool:
    status = str(event.get("STATUS", "") or "").upper()
    transparency = str(event.get("TRANSP", "") or "").upper()
    return status != "CANCELLED" and transparency != "TRANSPARENT"


def _span(event, tz: ZoneInfo, *, all_day_blocks: bool) -> tuple[datetime, datetime] | None:
    start = event.start
    end = event.end
    if isinstance(start, date) and not isinstance(start, datetime):
        if not all_day_blocks:
            return None
        if not isinstance(end, date) or isinstance(end, datetime) or end <= start:
            end = start + timedelta(days=1)
        return _day_start(start, tz), _day_start(end, tz)
    if isinstance(end, date) and not isinstance(end, datetime):
        end = datetime.combine(end, time.min)
    return _instant(start, tz), _instant(end, tz)


def busy_intervals(
    data: bytes,
    *,
    window_start: datetime,
    window_end: datetime,
    tz: ZoneInfo,
    all_day_blocks: bool = True,
    max_events: int = MAX_EVENTS,
    cpu_seconds: float = CPU_SECONDS,
) -> list[BusyEvent]:
    """The busy time of the file within [window_start, window_end), sorted, in UTC.

    FeedError("too_many") once `max_events` occurrences fall inside the window or the
    read has used `cpu_seconds` of this thread's CPU time.
    """
    if not looks_like_icalendar(data):
        raise FeedError("not_calendar")
    budget = Budget(max_events=max_events, cpu_seconds=cpu_seconds)
    try:
        calendar = icalendar.Calendar.from_ical(data)
        calendar = x_wr_timezone.to_standard(calendar)
        events = ComponentsWithName("VEVENT", series=_bounded_series(budget))
        query = recurring_ical_events.of(calendar, skip_bad_series=True, components=[events])
        # The library wants the window in one zone; the studio's serves floating times too.
        occurrences = query.between(window_start.astimezone(tz), window_end.astimezone(tz))
    except (TooMuchWork, MemoryError):
        raise FeedError("too_many", count=max_events) from None
    except Exception as exc:
        # The parsers raise many kinds of error on a broken file; each is this feed's fault.
        logger.warning("Unreadable calendar file: %s: %s", type(exc).__name__, exc)
        raise FeedError("damaged") from exc
    if len(occurrences) > max_events:  # changed occurrences (RECURRENCE-ID) come on top
        raise FeedError("too_many", count=max_events)
    found: set[BusyEvent] = set()
    for event in occurrences:
        if not _blocks(event):
            continue
        try:
            span = _span(event, tz, all_day_blocks=all_day_blocks)
        except (KeyError, ValueError, TypeError, AttributeError, icalendar.InvalidCalendar):
            continue  # an event without a usable start: it cannot block anything
        if span is None:
            continue
        start, end = max(span[0], window_start), min(span[1], window_end)
        if end > start:
            found.add(BusyEvent(start, end, _title(event)))
    return sorted(found)
