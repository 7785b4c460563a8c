"""A zone's VTIMEZONE, written so that every calendar reader makes the same of it.

icalendar's `Timezone.from_tzid` lists each change since 1970 as RDATEs under whatever
the zone did in 1970 (+01:00 all year for London). vobject keeps only the first date of
an RDATE list, so it read every later winter time in London an hour early. Here the
zone's changes in the years a calendar needs are read from zoneinfo and, when they
follow a yearly rule (the n-th or last weekday of a month at a fixed time, as every
current rule in Europe and North America does), written as one observance per kind of
change with an RRULE and a DTSTART in the first of those years; a zone that does not
change gets one STANDARD. Changes that follow no such rule (a zone that changed its
rules within those years) are written as one observance each, with neither RDATE nor
RRULE UNTIL (dateutil refuses an UTC UNTIL under a local DTSTART).
"""

import calendar as pycalendar
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from zoneinfo import ZoneInfo

from icalendar import Timezone, TimezoneDaylight, TimezoneStandard

WEEKDAYS = ("MO", "TU", "WE", "TH", "FR", "SA", "SU")


@dataclass(frozen=True)
class Change:
    """The zone starting an observance: at `starts` (wall-clock time before the change)."""

    starts: datetime
    offset_from: timedelta
    offset_to: timedelta
    name: str
    daylight: bool

    @property
    def kind(self) -> tuple:
        return (self.daylight, self.offset_from, self.offset_to, self.name)


def _state(tz: ZoneInfo, timestamp: int) -> tuple:
    local = datetime.fromtimestamp(timestamp, tz)
    return local.utcoffset(), local.tzname(), local.dst()


def changes(tz: ZoneInfo, first_year: int, last_year: int) -> list[Change]:
    """Each change of the zone's offset, abbreviation or DST from first_year to last_year.

    Days are compared at the same time of day and a change found to the second between
    them: no zone changes twice in a day.
    """
    day = 24 * 3600
    moment = int(datetime(first_year, 1, 1, tzinfo=UTC).timestamp())
    end = int(datetime(last_year + 1, 1, 1, tzinfo=UTC).timestamp())
    found = []
    before = _state(tz, moment)
    while moment < end:
        after = _state(tz, moment + day)
        if after != before:
            low, high = moment, moment + day
            while high - low > 1:
                middle = (low + high) // 2
                low, high = (middle, high) if _state(tz, middle) == before else (low, middle)
            offset, name, dst = _state(tz, high)
            wall = datetime.fromtimestamp(high, UTC).replace(tzinfo=None) + before[0]
            found.append(Change(wall, before[0], offset, name or str(offset), bool(dst)))
        moment, before = moment + day, after
    return found


def _nths(day: datetime) -> tuple[int, int]:
    """Which of its weekday in the month `day` is, counted from the end and from the start."""
    length = pycalendar.monthrange(day.year, day.month)[1]
    return -((length - day.day) // 7 + 1), (day.day - 1) // 7 + 1


def yearly_rule(starts: list[datetime], years: range) -> dict | None:
    """The RRULE that gives exactly `starts`, one in each of `years`, or None if none does."""
    first = starts[0]
    if [start.year for start in starts] != list(years):
        return None
    same = (first.month, first.weekday(), first.time())
    if any((start.month, start.weekday(), start.time()) != same for start in starts):
        return None
    for nth in _nths(first):
        if all(nth in _nths(start) for start in starts):
            return {"FREQ": "YEARLY", "BYMONTH": first.month, "BYDAY": f"{nth}{WEEKDAYS[same[1]]}"}
    return None


def _observance(change: Change, rrule: dict | None = None):
    observance = TimezoneDaylight() if change.daylight else TimezoneStandard()
    observance.add("dtstart", change.starts)
    if rrule:
        observance.add("rrule", rrule)
    observance.add("tzoffsetfrom", change.offset_from)
    observance.add("tzoffsetto", change.offset_to)
    observance.add("tzname", change.name)
    return observance


def vtimezone(tz: ZoneInfo, first_year: int, last_year: int) -> Timezone:
    """The zone as a VTIMEZONE, exact for every time from first_year to last_year.

    Give a year more on either side than the calendar's events: the first changes of the
    first year are the observances' DTSTARTs, and readers differ on times before them.
    """
    component = Timezone()
    component.add("tzid", tz.key)
    found = changes(tz, first_year, last_year)
    kinds: dict[tuple, list[Change]] = {}
    for change in found:
        kinds.setdefault(change.kind, []).append(change)
    years = range(first_year, last_year + 1)
    rules = {kind: yearly_rule([c.starts for c in group], years) for kind, group in kinds.items()}
    if found and all(rules.values()):
        for kind, group in kinds.items():
            component.add_component(_observance(group[0], rules[kind]))
        return component
    start = datetime(first_year, 1, 1, tzinfo=UTC)
    offset, name, dst = _state(tz, int(start.timestamp()))
    initial = Change(start.replace(tzinfo=None), offset, offset, name or str(offset), bool(dst))
    component.add_component(_observance(initial))
    for change in found:
        component.add_component(_observance(change))
    return component
