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
- Anything that is not an iCalendar file, or that the libraries cannot read, is a
  FeedError with a plain sentence; no other exception leaves `busy_intervals`.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import icalendar
import recurring_ical_events
import x_wr_timezone
from django.utils.translation import gettext as _

logger = logging.getLogger("calendars")

MAX_EVENTS = 50_000  # occurrences in the window; far beyond any person's diary
TITLE_LENGTH = 200


class FeedError(Exception):
    """The calendar's file could not be used; the message is for the photographer."""


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


PER_DAY = {
    "SECONDLY": 86_400,
    "MINUTELY": 1_440,
    "HOURLY": 24,
    "DAILY": 1,
    "WEEKLY": 1 / 7,
    "MONTHLY": 1 / 28,
    "YEARLY": 1 / 365,
}


def _expected_occurrences(calendar, days: float) -> float:
    """A generous estimate of how many occurrences the rules make in `days` days.

    Expanding a rule that repeats every minute over the booking window would build
    millions of objects before any limit could be checked, so such files are refused
    before expansion. BY-lists multiply (BYDAY=MO,WE,FR is three a week); COUNT caps.
    """
    total = 0.0
    for event in calendar.walk("VEVENT"):
        rule = event.get("RRULE")
        if not rule:
            total += 1
            continue
        rule = rule[0] if isinstance(rule, list) else rule
        frequency = str((rule.get("FREQ") or ["DAILY"])[0]).upper()
        per_day = PER_DAY.get(frequency, 1)
        for part in ("BYDAY", "BYMONTHDAY", "BYHOUR", "BYMINUTE", "BYSECOND"):
            per_day *= max(1, len(rule.get(part) or []))
        count = rule.get("COUNT")
        expected = per_day * (days + 1)
        total += min(expected, int(count[0])) if count else expected
    return total


def busy_intervals(
    data: bytes,
    *,
    window_start: datetime,
    window_end: datetime,
    tz: ZoneInfo,
    all_day_blocks: bool = True,
) -> list[BusyEvent]:
    """The busy time of the file within [window_start, window_end), sorted, in UTC."""
    if not looks_like_icalendar(data):
        raise FeedError(
            _("The address did not answer with a calendar file (is it the secret iCal address?).")
        )
    try:
        calendar = icalendar.Calendar.from_ical(data)
        calendar = x_wr_timezone.to_standard(calendar)
        days = (window_end - window_start).total_seconds() / 86_400
        too_many = _expected_occurrences(calendar, days) > MAX_EVENTS
        query = recurring_ical_events.of(calendar, skip_bad_series=True)
        # The library wants the window in one zone; the studio's serves floating times too.
        occurrences = (
            []
            if too_many
            else query.between(window_start.astimezone(tz), window_end.astimezone(tz))
        )
    except Exception as exc:
        # The parsers raise many kinds of error on a broken file; each is this feed's fault.
        logger.warning("Unreadable calendar file: %s: %s", type(exc).__name__, exc)
        raise FeedError(_("The calendar file is damaged and could not be read.")) from exc
    if too_many or len(occurrences) > MAX_EVENTS:
        raise FeedError(
            _("The calendar holds more than %(count)d events in the booking window.")
            % {"count": MAX_EVENTS}
        )
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
