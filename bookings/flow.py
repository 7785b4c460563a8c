"""What the booking pages show: the month calendar, the day's times, a start's problems.

Reads only (via selectors) and plain values out, so views stay a few lines long and
the same calendar serves booking and rescheduling.
"""

from __future__ import annotations

import calendar as pycalendar
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from typing import NamedTuple
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from studio.formatting import clock, day_label
from studio.models import StudioProfile

from .availability import (
    BookingRules,
    Problem,
    SessionShape,
    free_days,
    free_slots,
    last_bookable_day,
    unchanged_until,
)
from .selectors import busy_for_days, rules_for
from .services import OutsidePolicy, SlotTaken, check_slot

# ASCII digits only: int() would read full-width digits as a real month.
MONTH_RE = re.compile(r"\d{4}-\d{2}", re.ASCII)
DAY_RE = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def parse_month(value: str | None) -> date | None:
    if not value or not MONTH_RE.fullmatch(value):
        return None
    try:
        return date(int(value[:4]), int(value[5:7]), 1)
    except ValueError:
        return None


def parse_day(value: str | None) -> date | None:
    if not value or not DAY_RE.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def add_months(first: date, months: int) -> date:
    index = first.year * 12 + first.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


@dataclass(frozen=True)
class DayCell:
    day: date
    in_month: bool
    free: bool
    selected: bool
    today: bool


@dataclass(frozen=True)
class TimeSlot:
    start: datetime  # UTC
    local: datetime  # in the studio's zone
    studio: StudioProfile  # whose clock writes the label

    @property
    def value(self) -> str:
        """The start as posted and linked: ISO 8601 with the studio's offset."""
        return self.local.isoformat()

    @property
    def label(self) -> str:
        return clock(self.local, self.studio)

    @property
    def zone(self) -> str:
        """The zone's abbreviation at this time (BST, GMT): tells a repeated hour apart."""
        return self.local.tzname() or ""


def time_slot(start: datetime, studio: StudioProfile) -> TimeSlot:
    return TimeSlot(start=start, local=start.astimezone(studio.tz), studio=studio)


def slot_labels(slots: list[TimeSlot]) -> list[str]:
    """Each free time as the booking page writes it ('14:30', '2:30 PM'), with its zone
    ('01:30 BST', '01:30 GMT') on a day the clocks change: the page and the slots
    endpoint (for booking.js) both use these."""
    mixed = len({slot.zone for slot in slots}) > 1
    return [f"{slot.label} {slot.zone}" if mixed else slot.label for slot in slots]


@dataclass
class SlotCalendar:
    """A month's free days to choose a start from, with the selected day's free times."""

    month: date
    weeks: list[list[DayCell]]
    previous: date | None
    next: date | None
    selected: date | None
    slots: list[TimeSlot]
    free_days: list[date]
    time_zone: str
    zone_label: str
    first_month: date
    last_month: date
    unchanged_until: datetime  # what the page shows holds until then, unless someone books
    message: str = ""

    @property
    def times(self) -> list[tuple[TimeSlot, str]]:
        """The selected day's free times, each with its label (`slot_labels`)."""
        return list(zip(self.slots, slot_labels(self.slots), strict=True))


@dataclass(frozen=True)
class Window:
    """The range of studio dates a client can pick from, as of now."""

    first: date
    last: date

    @property
    def first_month(self) -> date:
        return self.first.replace(day=1)

    @property
    def last_month(self) -> date:
        return self.last.replace(day=1)

    def has_month(self, month: date) -> bool:
        return self.first_month <= month <= self.last_month

    def has_day(self, day: date) -> bool:
        return self.first <= day <= self.last


def window(rules: BookingRules, now: datetime) -> Window:
    return Window(now.astimezone(rules.tz).date(), last_bookable_day(now, rules))


def weeks_of(month: date, free: set[date], selected: date | None, today: date):
    weeks = pycalendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    return [
        [
            DayCell(
                day=day,
                in_month=day.month == month.month,
                free=day in free and day.month == month.month,
                selected=day == selected,
                today=day == today,
            )
            for day in week
        ]
        for week in weeks
    ]


def zone_label(tz: ZoneInfo, *moments: datetime) -> str:
    """e.g. 'Europe/London (GMT)': the zone named, with the abbreviation in force.

    Only the zone when the moments fall on both sides of a change of the clocks: no one
    abbreviation is right for all of them.
    """
    abbreviations = {moment.astimezone(tz).tzname() for moment in moments}
    abbreviation = abbreviations.pop() if len(abbreviations) == 1 else None
    return f"{tz.key} ({abbreviation})" if abbreviation and abbreviation[0].isalpha() else tz.key


def slot_calendar(
    *,
    studio: StudioProfile,
    shape: SessionShape,
    now: datetime,
    month_param: str | None = None,
    day_param: str | None = None,
    exclude=None,
) -> SlotCalendar:
    """The calendar page's content: one query for the weekly hours, one or two for busy time."""
    rules = rules_for(studio)
    bounds = window(rules, now)
    message = ""
    selected = parse_day(day_param)
    month = parse_month(month_param)
    if day_param and (selected is None or not bounds.has_day(selected)):
        message = _("That date can't be booked online. Please choose one of the open days.")
        selected = None
    if month_param and (month is None or not bounds.has_month(month)):
        message = message or _("Please choose a month within the booking window.")
        month = None
    month = selected.replace(day=1) if selected else month
    auto = month is None
    month = month or bounds.first_month
    free, busy, until = _free_days(month, rules=rules, shape=shape, now=now, exclude=exclude)
    if auto and not free and bounds.has_month(add_months(month, 1)):
        month = add_months(month, 1)  # nothing left this month: open on the next one
        free, busy, until = _free_days(month, rules=rules, shape=shape, now=now, exclude=exclude)
    slots = []
    if selected:
        slots = [
            time_slot(start, studio)
            for start in free_slots(selected, rules=rules, session=shape, busy=busy, now=now)
        ]
        if not slots:
            message = _("%(day)s is fully booked. Please choose another day.") % {
                "day": day_label(selected)
            }
    labelled = [slot.start for slot in slots] or [now]  # the times the zone label is for
    previous = add_months(month, -1)
    following = add_months(month, 1)
    return SlotCalendar(
        month=month,
        weeks=weeks_of(month, set(free), selected, bounds.first),
        previous=previous if bounds.has_month(previous) else None,
        next=following if bounds.has_month(following) else None,
        selected=selected,
        slots=slots,
        free_days=free,
        time_zone=rules.tz.key,
        zone_label=zone_label(rules.tz, *labelled),
        first_month=bounds.first_month,
        last_month=bounds.last_month,
        unchanged_until=until,
        message=message,
    )


def _free_days(month: date, *, rules, shape, now, exclude):
    """The month's free days, its busy time, and until when those days hold."""
    last = add_months(month, 1).replace(day=1)
    last = date.fromordinal(last.toordinal() - 1)
    busy = busy_for_days(month, last, rules=rules, shape=shape, exclude=exclude)
    days = free_days(month.year, month.month, rules=rules, session=shape, busy=busy, now=now)
    first = free_slots(days[0], rules=rules, session=shape, busy=busy, now=now)[0] if days else None
    return days, busy, unchanged_until(first, rules=rules, now=now)


@dataclass
class StartCheck:
    """Whether a chosen start can be booked right now, and if not why and what instead."""

    problem: Problem | None
    message: str = ""
    nearest: list[TimeSlot] | None = None

    @property
    def ok(self) -> bool:
        return self.problem is None


def check_chosen_start(
    start: datetime | None,
    *,
    studio: StudioProfile,
    shape: SessionShape,
    now: datetime,
    exclude=None,
) -> StartCheck:
    """Check a start a client picked (from a link or a form) before they type more.

    The services' own check (the one book() and reschedule() make), its refusal as a value.
    """
    if start is None:
        return StartCheck(Problem.NOT_A_SLOT, _("Please choose one of the times offered."))
    try:
        check_slot(start.astimezone(UTC), studio=studio, shape=shape, now=now, exclude=exclude)
    except SlotTaken as taken:
        nearest = [time_slot(s, studio) for s in taken.nearest]
        return StartCheck(Problem.BUSY, taken.message, nearest)
    except OutsidePolicy as refused:
        return StartCheck(refused.problem, refused.message)
    return StartCheck(None)


class SlotsAnswer(NamedTuple):
    """The slots endpoint's answer; a 200 holds until `unchanged_until` unless someone books."""

    status: int
    body: dict
    unchanged_until: datetime | None = None


def slots_payload(
    *,
    studio: StudioProfile,
    shape: SessionShape,
    now: datetime,
    day_param: str | None,
    month_param: str | None,
    exclude=None,
    rules: BookingRules | None = None,
) -> SlotsAnswer:
    """The slots endpoint's answer. At most three queries."""
    rules = rules or rules_for(studio)
    bounds = window(rules, now)
    tz = rules.tz
    if (day_param is None) == (month_param is None):
        return SlotsAnswer(400, {"error": _("Ask for either ?date=YYYY-MM-DD or ?month=YYYY-MM.")})
    if day_param is not None:
        day = parse_day(day_param)
        if day is None:
            return SlotsAnswer(400, {"error": _("The date must look like 2030-01-31.")})
        if not bounds.has_day(day):
            return SlotsAnswer(400, {"error": _window_error(bounds, past=day < bounds.first)})
        busy = busy_for_days(day, day, rules=rules, shape=shape, exclude=exclude)
        starts = free_slots(day, rules=rules, session=shape, busy=busy, now=now)
        slots = [time_slot(start, studio) for start in starts]
        body = {
            "date": day.isoformat(),
            "time_zone": tz.key,
            "slots": [slot.value for slot in slots],
            "labels": slot_labels(slots),  # as the page writes them: booking.js shows these
        }
        first = starts[0] if starts else None
        return SlotsAnswer(200, body, unchanged_until(first, rules=rules, now=now))
    month = parse_month(month_param)
    if month is None:
        return SlotsAnswer(400, {"error": _("The month must look like 2030-01.")})
    if not bounds.has_month(month):
        return SlotsAnswer(400, {"error": _window_error(bounds, past=month < bounds.first_month)})
    days, _busy, until = _free_days(month, rules=rules, shape=shape, now=now, exclude=exclude)
    body = {
        "month": month.strftime("%Y-%m"),
        "time_zone": tz.key,
        "days": [day.isoformat() for day in days],
    }
    return SlotsAnswer(200, body, until)


def _window_error(bounds: Window, *, past: bool) -> str:
    if past:
        return _("That date has passed.")
    return _("Bookings are open until %(day)s.") % {"day": bounds.last.isoformat()}
