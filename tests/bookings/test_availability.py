"""The availability rules, table-driven, with plain values: no database, no HTTP."""

from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bookings.availability import (
    OVERRIDABLE,
    BookingRules,
    Busy,
    Problem,
    SessionShape,
    candidate_starts,
    check_start,
    free_days,
    free_slots,
    nearest_free,
    open_gaps,
    studio_problems,
    unchanged_until,
)

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
EVERY_DAY = {weekday: [(time(9), time(17))] for weekday in range(7)}
NOW = datetime(2027, 1, 1, tzinfo=UTC)
MON = date(2027, 1, 4)  # a Monday in winter (London on GMT)


def at(day: date, hhmm: str, tz=LONDON, fold=0) -> datetime:
    """A studio wall time as a UTC instant (fold picks the second of a doubled hour)."""
    hour, minute = map(int, hhmm.split(":"))
    local = datetime.combine(day, time(hour, minute), tzinfo=tz).replace(fold=fold)
    return local.astimezone(UTC)


def make_rules(tz=LONDON, hours=None, notice_h=0, days=500, step=30) -> BookingRules:
    return BookingRules(
        tz=tz,
        hours=EVERY_DAY if hours is None else hours,
        min_notice=timedelta(hours=notice_h),
        max_advance_days=days,
        step=timedelta(minutes=step),
    )


def shape(minutes=60, before=0, after=0) -> SessionShape:
    return SessionShape(
        timedelta(minutes=minutes), timedelta(minutes=before), timedelta(minutes=after)
    )


def walls(starts, tz=LONDON) -> list[str]:
    """Starts as studio wall times with their UTC offset, e.g. '09:00+00:00'."""
    return [s.astimezone(tz).isoformat()[11:16] + s.astimezone(tz).isoformat()[19:] for s in starts]


def hours(*ranges, weekdays=range(7)):
    parsed = [(time.fromisoformat(a), time.fromisoformat(b)) for a, b in ranges]
    return {weekday: parsed for weekday in weekdays}


SLOT_CASES = [
    # id, rules kwargs, session shape, busy (wall-time pairs on the day), now, day, expected
    (
        "plain morning",
        {"hours": hours(("09:00", "12:00"))},
        shape(60),
        [],
        NOW,
        MON,
        ["09:00+00:00", "09:30+00:00", "10:00+00:00", "10:30+00:00", "11:00+00:00"],
    ),
    (
        "lunch break between two ranges",
        {"hours": hours(("09:00", "11:00"), ("13:00", "15:00"))},
        shape(60),
        [],
        NOW,
        MON,
        ["09:00+00:00", "09:30+00:00", "10:00+00:00", "13:00+00:00", "13:30+00:00", "14:00+00:00"],
    ),
    (
        "session must end by closing",
        {"hours": hours(("09:00", "10:15"))},
        shape(45),
        [],
        NOW,
        MON,
        ["09:00+00:00", "09:30+00:00"],
    ),
    (
        "slot step of 15 minutes",
        {"hours": hours(("09:00", "10:00")), "step": 15},
        shape(30),
        [],
        NOW,
        MON,
        ["09:00+00:00", "09:15+00:00", "09:30+00:00"],
    ),
    (
        "buffer after keeps clear of the next booking, touching is fine",
        {"hours": hours(("09:00", "13:00"))},
        shape(45, after=15),
        [("10:00", "11:00")],
        NOW,
        MON,
        ["09:00+00:00", "11:00+00:00", "11:30+00:00", "12:00+00:00"],
    ),
    (
        "buffer before keeps clear of the previous booking",
        {"hours": hours(("09:00", "12:00"))},
        shape(60, before=30),
        [("09:00", "10:00")],
        NOW,
        MON,
        ["10:30+00:00", "11:00+00:00"],
    ),
    (
        "buffers may reach outside opening hours",
        {"hours": hours(("09:00", "10:00"))},
        shape(60, before=30, after=30),
        [],
        NOW,
        MON,
        ["09:00+00:00"],
    ),
    (
        "a busy interval's own buffer blocks the slot after it",
        {"hours": hours(("09:00", "12:00"))},
        shape(60),
        [("09:00", "10:15")],
        NOW,
        MON,
        ["10:30+00:00", "11:00+00:00"],
    ),
    (
        "minimum notice counts from now",
        {"hours": hours(("09:00", "13:00")), "notice_h": 3},
        shape(60),
        [],
        datetime(2027, 1, 4, 7, 30, tzinfo=UTC),
        MON,
        ["10:30+00:00", "11:00+00:00", "11:30+00:00", "12:00+00:00"],
    ),
    (
        "later today without notice: only the future",
        {"hours": hours(("09:00", "12:00"))},
        shape(60),
        [],
        datetime(2027, 1, 4, 10, 1, tzinfo=UTC),
        MON,
        ["10:30+00:00", "11:00+00:00"],
    ),
    (
        "a day in the past has nothing",
        {},
        shape(60),
        [],
        datetime(2027, 1, 5, tzinfo=UTC),
        MON,
        [],
    ),
    (
        "window end: the last bookable day is today plus max_advance_days",
        {"hours": hours(("09:00", "10:00")), "days": 3},
        shape(60),
        [],
        datetime(2027, 1, 1, 12, tzinfo=UTC),
        date(2027, 1, 4),
        ["09:00+00:00"],
    ),
    (
        "window end: the day after is closed",
        {"hours": hours(("09:00", "10:00")), "days": 3},
        shape(60),
        [],
        datetime(2027, 1, 1, 12, tzinfo=UTC),
        date(2027, 1, 5),
        [],
    ),
    (
        "closed weekday",
        {"hours": hours(("09:00", "17:00"), weekdays=[1, 2, 3])},
        shape(60),
        [],
        NOW,
        MON,
        [],
    ),
    (
        "summer time: same wall clock, one hour earlier in UTC",
        {"hours": hours(("09:00", "10:00"))},
        shape(60),
        [],
        NOW,
        date(2027, 7, 5),
        ["09:00+01:00"],
    ),
    (
        "London spring forward: no 01:00 or 01:30 on 28 March",
        {"hours": hours(("00:00", "03:00"))},
        shape(30),
        [],
        NOW,
        date(2027, 3, 28),
        ["00:00+00:00", "00:30+00:00", "02:00+01:00", "02:30+01:00"],
    ),
    (
        "London fall back: 01:00 and 01:30 once each, on 31 October",
        {"hours": hours(("00:00", "03:00"))},
        shape(30),
        [],
        NOW,
        date(2027, 10, 31),
        ["00:00+01:00", "00:30+01:00", "01:00+01:00", "01:30+01:00", "02:00+00:00", "02:30+00:00"],
    ),
    (
        "London spring forward: ordinary working hours are unaffected",
        {},
        shape(60),
        [],
        NOW,
        date(2027, 3, 28),
        [f"{h:02d}:{m:02d}+01:00" for h in range(9, 17) for m in (0, 30)][:-1],
    ),
]

NEW_YORK_CASES = [
    (
        "New York spring forward: no 02:00 or 02:30 on 14 March",
        {"hours": hours(("00:00", "05:00"))},
        shape(30),
        date(2027, 3, 14),
        [
            "00:00-05:00",
            "00:30-05:00",
            "01:00-05:00",
            "01:30-05:00",
            "03:00-04:00",
            "03:30-04:00",
            "04:00-04:00",
            "04:30-04:00",
        ],
    ),
    (
        "New York spring forward: an hour-long session may straddle the jump",
        {"hours": hours(("01:00", "04:00"))},
        shape(60),
        date(2027, 3, 14),
        ["01:00-05:00", "01:30-05:00", "03:00-04:00"],
    ),
    (
        "New York spring forward: a range opening inside the gap opens at the jump",
        {"hours": hours(("02:30", "05:00"))},
        shape(60),
        date(2027, 3, 14),
        ["03:00-04:00", "03:30-04:00", "04:00-04:00"],
    ),
    (
        "New York fall back: the doubled hour is offered once, at its first occurrence",
        {"hours": hours(("00:00", "03:00"))},
        shape(30),
        date(2027, 11, 7),
        [
            "00:00-04:00",
            "00:30-04:00",
            "01:00-04:00",
            "01:30-04:00",
            "02:00-05:00",
            "02:30-05:00",
        ],
    ),
    (
        "New York fall back: the range is 4 real hours, sessions use real time",
        {"hours": hours(("00:00", "02:00"))},
        shape(90),
        date(2027, 11, 7),
        # 01:30 EDT + 90 min = 02:00 EST, exactly the close; nothing later fits.
        ["00:00-04:00", "00:30-04:00", "01:00-04:00", "01:30-04:00"],
    ),
]


def to_instants(pairs, day, tz=LONDON):
    return [(at(day, a, tz), at(day, b, tz)) for a, b in pairs]


@pytest.mark.parametrize(
    ("case", "rule_kwargs", "session", "busy", "now", "day", "expected"),
    SLOT_CASES,
    ids=[case[0] for case in SLOT_CASES],
)
def test_free_slots(case, rule_kwargs, session, busy, now, day, expected):
    rules = make_rules(**rule_kwargs)
    starts = free_slots(day, rules=rules, session=session, busy=to_instants(busy, day), now=now)
    assert walls(starts) == expected
    assert all(start.tzinfo is UTC for start in starts)


@pytest.mark.parametrize(
    ("case", "rule_kwargs", "session", "day", "expected"),
    NEW_YORK_CASES,
    ids=[case[0] for case in NEW_YORK_CASES],
)
def test_free_slots_new_york_dst(case, rule_kwargs, session, day, expected):
    rules = make_rules(tz=NEW_YORK, **rule_kwargs)
    starts = free_slots(day, rules=rules, session=session, busy=[], now=NOW)
    assert walls(starts, NEW_YORK) == expected
    assert len(set(starts)) == len(starts)
    for start in starts:  # each start round-trips through UTC to the same wall time
        local = start.astimezone(NEW_YORK)
        assert local.replace(tzinfo=None).replace(tzinfo=NEW_YORK).astimezone(UTC) == start


def test_time_off_across_days_blocks_each_day_it_touches():
    rules = make_rules(hours=hours(("09:00", "17:00")))
    off = [(at(date(2027, 1, 4), "15:00"), at(date(2027, 1, 6), "11:00"))]
    monday = free_slots(date(2027, 1, 4), rules=rules, session=shape(60), busy=off, now=NOW)
    tuesday = free_slots(date(2027, 1, 5), rules=rules, session=shape(60), busy=off, now=NOW)
    wednesday = free_slots(date(2027, 1, 6), rules=rules, session=shape(60), busy=off, now=NOW)
    assert walls(monday)[-1] == "14:00+00:00"
    assert tuesday == []
    assert walls(wednesday)[0] == "11:00+00:00"
    days = free_days(2027, 1, rules=rules, session=shape(60), busy=off, now=NOW)
    assert date(2027, 1, 4) in days and date(2027, 1, 6) in days
    assert date(2027, 1, 5) not in days


def test_busy_interval_over_midnight_blocks_both_evenings_and_mornings():
    rules = make_rules(hours=hours(("20:00", "23:59"), ("00:00", "03:00")))
    night = [(at(MON, "23:00"), at(MON + timedelta(days=1), "01:00"))]
    monday = free_slots(MON, rules=rules, session=shape(60), busy=night, now=NOW)
    tuesday = free_slots(
        MON + timedelta(days=1), rules=rules, session=shape(60), busy=night, now=NOW
    )
    assert walls(monday)[-1] == "22:00+00:00"
    assert walls(tuesday)[0] == "01:00+00:00"


MONTH_CASES = [
    # id, tz, rules kwargs, now, (year, month), expected days
    (
        "only Mondays open in February",
        LONDON,
        {"hours": hours(("09:00", "17:00"), weekdays=[0])},
        NOW,
        (2027, 2),
        [date(2027, 2, d) for d in (1, 8, 15, 22)],
    ),
    (
        "days before today are never free",
        LONDON,
        {"hours": hours(("09:00", "17:00"), weekdays=[0])},
        datetime(2027, 2, 10, tzinfo=UTC),
        (2027, 2),
        [date(2027, 2, 15), date(2027, 2, 22)],
    ),
    (
        "window ends mid-month",
        LONDON,
        {"hours": hours(("09:00", "17:00"), weekdays=[0]), "days": 20},
        datetime(2027, 1, 26, tzinfo=UTC),
        (2027, 2),
        [date(2027, 2, 1), date(2027, 2, 8), date(2027, 2, 15)],
    ),
    (
        "a late evening in New York is 31 January there, 1 February in UTC",
        NEW_YORK,
        {"hours": hours(("22:00", "23:00"), weekdays=[6])},  # Sundays only
        NOW,
        (2027, 1),
        [date(2027, 1, d) for d in (3, 10, 17, 24, 31)],
    ),
    (
        "...and that evening does not leak into February",
        NEW_YORK,
        {"hours": hours(("22:00", "23:00"), weekdays=[6])},
        NOW,
        (2027, 2),
        [date(2027, 2, d) for d in (7, 14, 21, 28)],
    ),
    (
        "December into the new year",
        LONDON,
        {"hours": hours(("09:00", "10:00"), weekdays=[4])},  # Fridays
        datetime(2027, 12, 20, tzinfo=UTC),
        (2027, 12),
        [date(2027, 12, 24), date(2027, 12, 31)],
    ),
    (
        "a month wholly beyond the window is empty",
        LONDON,
        {"days": 30},
        NOW,
        (2027, 3),
        [],
    ),
]


@pytest.mark.parametrize(
    ("case", "tz", "rule_kwargs", "now", "month", "expected"),
    MONTH_CASES,
    ids=[case[0] for case in MONTH_CASES],
)
def test_free_days(case, tz, rule_kwargs, now, month, expected):
    rules = make_rules(tz=tz, **rule_kwargs)
    assert free_days(*month, rules=rules, session=shape(60), busy=[], now=now) == expected


def test_a_full_day_is_not_a_free_day():
    rules = make_rules(hours=hours(("09:00", "12:00"), weekdays=[0]))
    busy = [(at(MON, "09:00"), at(MON, "12:00"))]
    days = free_days(2027, 1, rules=rules, session=shape(60), busy=busy, now=NOW)
    assert MON not in days and MON + timedelta(days=7) in days


# --- check_start ---------------------------------------------------------------------------

RULES_9_TO_5 = make_rules(hours=hours(("09:00", "17:00"), weekdays=range(5)), notice_h=24, days=30)
CHECK_NOW = datetime(2027, 1, 4, 12, tzinfo=UTC)  # Monday noon
TUESDAY, WEDNESDAY = date(2027, 1, 5), date(2027, 1, 6)
WED_BUSY = [(at(WEDNESDAY, "10:00"), at(WEDNESDAY, "11:00"))]

CHECK_CASES = [
    # id, start, expected problem
    ("a free offered start", at(WEDNESDAY, "14:00"), None),
    ("in the past", at(MON, "09:00"), Problem.PAST),
    ("inside the minimum notice", at(TUESDAY, "11:00"), Problem.NOTICE),
    ("just at the notice edge", at(TUESDAY, "12:00"), None),
    ("beyond the window", at(date(2027, 2, 4), "09:00"), Problem.BEYOND_WINDOW),
    ("off the grid", at(WEDNESDAY, "09:10"), Problem.NOT_A_SLOT),
    ("outside hours", at(WEDNESDAY, "17:00"), Problem.NOT_A_SLOT),
    ("on a closed day", at(date(2027, 1, 9), "10:00"), Problem.NOT_A_SLOT),
    ("overlapping a booking", at(WEDNESDAY, "10:30"), Problem.BUSY),
    ("ending as the booking starts", at(WEDNESDAY, "09:00"), None),
]


@pytest.mark.parametrize(
    ("case", "start", "expected"), CHECK_CASES, ids=[c[0] for c in CHECK_CASES]
)
def test_check_start(case, start, expected):
    problem = check_start(
        start, rules=RULES_9_TO_5, session=shape(60), busy=WED_BUSY, now=CHECK_NOW
    )
    assert problem == expected


# --- studio_problems: what the studio's own booking breaks, and may override ---------------

WED_OFF = [(at(WEDNESDAY, "15:00"), at(WEDNESDAY, "18:00"))]
STUDIO_CASES = [
    # id, start, expected problems
    ("free, off the grid", at(WEDNESDAY, "13:10"), []),
    ("beyond the clients' window", at(date(2027, 3, 3), "10:00"), []),
    ("in the past, nothing else counts", at(MON, "09:00"), [Problem.PAST]),
    ("over a booking, never overridable", at(WEDNESDAY, "09:30"), [Problem.BUSY]),
    ("over a booking outside hours too", at(WEDNESDAY, "10:30"), [Problem.BUSY]),
    (
        "ending after closing, in time off",
        at(WEDNESDAY, "16:30"),
        [Problem.CLOSED, Problem.TIME_OFF],
    ),
    ("on a closed day", at(date(2027, 1, 9), "10:00"), [Problem.CLOSED]),
    ("inside the notice", at(MON, "14:00"), [Problem.NOTICE]),
    ("in time off", at(WEDNESDAY, "14:30"), [Problem.TIME_OFF]),
    ("ending as time off starts", at(WEDNESDAY, "14:00"), []),
    ("tonight: closed and inside the notice", at(MON, "19:00"), [Problem.CLOSED, Problem.NOTICE]),
]


@pytest.mark.parametrize(
    ("case", "start", "expected"), STUDIO_CASES, ids=[c[0] for c in STUDIO_CASES]
)
def test_studio_problems(case, start, expected):
    problems = studio_problems(
        start,
        rules=RULES_9_TO_5,
        session=shape(60),
        bookings=WED_BUSY,
        time_off=WED_OFF,
        now=CHECK_NOW,
    )
    assert problems == expected


def test_every_studio_problem_but_past_and_busy_is_overridable():
    assert set(OVERRIDABLE) == {
        Problem.CLOSED,
        Problem.NOTICE,
        Problem.TIME_OFF,
        Problem.GROUP_SIZE,
    }


# --- open_gaps: the calendar's free stretches ------------------------------------------------

GAP_RULES = make_rules(hours=hours(("09:00", "12:00"), ("13:00", "17:00"), weekdays=range(5)))
GAP_CASES = [
    # id, busy, now, expected gaps as (HH:MM, HH:MM) on Wednesday
    ("an empty day is its working ranges", [], CHECK_NOW, [("09:00", "12:00"), ("13:00", "17:00")]),
    (
        "a booking splits a range",
        WED_BUSY,
        CHECK_NOW,
        [("09:00", "10:00"), ("11:00", "12:00"), ("13:00", "17:00")],
    ),
    (
        "busy time over the break and the edges",
        [
            (at(WEDNESDAY, "08:00"), at(WEDNESDAY, "09:30")),
            (at(WEDNESDAY, "11:30"), at(WEDNESDAY, "13:15")),
        ],
        CHECK_NOW,
        [("09:30", "11:30"), ("13:15", "17:00")],
    ),
    (
        "a day fully taken has none",
        [(at(WEDNESDAY, "09:00"), at(WEDNESDAY, "17:00"))],
        CHECK_NOW,
        [],
    ),
    (
        "today starts at the next step after now",
        [],
        at(WEDNESDAY, "10:10"),
        [("10:30", "12:00"), ("13:00", "17:00")],
    ),
]


@pytest.mark.parametrize(
    ("case", "busy", "now", "expected"), GAP_CASES, ids=[c[0] for c in GAP_CASES]
)
def test_open_gaps(case, busy, now, expected):
    gaps = open_gaps(WEDNESDAY, rules=GAP_RULES, busy=busy, now=now)
    assert gaps == [(at(WEDNESDAY, a), at(WEDNESDAY, b)) for a, b in expected]


def test_closed_day_has_no_gaps():
    assert open_gaps(date(2027, 1, 9), rules=GAP_RULES, busy=[], now=CHECK_NOW) == []


def test_nonexistent_wall_time_is_not_a_slot_but_its_neighbours_are():
    rules = make_rules(tz=NEW_YORK, hours=hours(("00:00", "05:00")))
    day = date(2027, 3, 14)
    starts = candidate_starts(day, rules=rules, session=shape(30))
    # 02:30 "local" as make_aware would silently produce it: 07:30 UTC, i.e. 03:30 EDT.
    silently_shifted = datetime(2027, 3, 14, 2, 30, tzinfo=NEW_YORK).astimezone(UTC)
    assert silently_shifted == at(day, "03:30", NEW_YORK)
    assert silently_shifted in starts  # it is a real slot, but shown as 03:30
    assert all(s.astimezone(NEW_YORK).strftime("%H") != "02" for s in starts)


def test_second_occurrence_of_the_doubled_hour_is_not_offered():
    rules = make_rules(tz=NEW_YORK, hours=hours(("00:00", "03:00")))
    day = date(2027, 11, 7)
    second = at(day, "01:30", NEW_YORK, fold=1)
    assert check_start(second, rules=rules, session=shape(30), busy=[], now=NOW) is (
        Problem.NOT_A_SLOT
    )
    first = at(day, "01:30", NEW_YORK, fold=0)
    assert check_start(first, rules=rules, session=shape(30), busy=[], now=NOW) is None


# --- nearest free ----------------------------------------------------------------------------


def test_nearest_free_times_surround_the_taken_one():
    rules = make_rules(hours=hours(("09:00", "13:00")))
    busy = [(at(MON, "10:00"), at(MON, "11:00"))]
    nearest = nearest_free(at(MON, "10:00"), rules=rules, session=shape(60), busy=busy, now=NOW)
    assert walls(nearest) == ["09:00+00:00", "11:00+00:00", "11:30+00:00"]


def test_nearest_free_times_move_to_other_days_when_the_day_is_full():
    rules = make_rules(hours=hours(("09:00", "11:00"), weekdays=[0, 1]))
    busy = [(at(MON, "09:00"), at(MON, "11:00"))]
    nearest = nearest_free(at(MON, "09:00"), rules=rules, session=shape(60), busy=busy, now=NOW)
    tuesday = MON + timedelta(days=1)
    assert nearest == [at(tuesday, "09:00"), at(tuesday, "09:30"), at(tuesday, "10:00")]


def test_nearest_free_prefers_the_closest_in_time_either_side():
    rules = make_rules(hours=hours(("09:00", "11:00")))
    busy = [(at(MON, "09:00"), at(MON, "11:00"))]
    nearest = nearest_free(at(MON, "09:00"), rules=rules, session=shape(60), busy=busy, now=NOW)
    sunday = MON - timedelta(days=1)  # Sunday 10:00 is 23 hours before, Tuesday 24 after
    assert nearest == [at(sunday, "09:00"), at(sunday, "09:30"), at(sunday, "10:00")]


def test_nearest_free_is_empty_when_nothing_is_free():
    rules = make_rules(hours={})
    assert nearest_free(at(MON, "09:00"), rules=rules, session=shape(), busy=[], now=NOW) == []


# --- busy index ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("intervals", "probe", "expected"),
    [
        ([(1, 3)], (3, 4), False),  # touching at the end
        ([(1, 3)], (0, 1), False),  # touching at the start
        ([(1, 3)], (2, 5), True),
        ([(1, 10), (2, 3)], (5, 6), True),  # contained interval does not hide the long one
        ([(1, 2), (2, 3)], (1, 3), True),
        ([(5, 6), (1, 2)], (3, 4), False),  # unsorted input
        ([(3, 3)], (2, 4), False),  # empty interval ignored
    ],
)
def test_busy_overlaps(intervals, probe, expected):
    base = datetime(2027, 1, 1, tzinfo=UTC)

    def hour(n):
        return base + timedelta(hours=n)

    busy = Busy.of([(hour(a), hour(b)) for a, b in intervals])
    assert busy.overlaps(hour(probe[0]), hour(probe[1])) is expected


def test_busy_rounds_outwards_to_whole_seconds():
    base = datetime(2027, 1, 1, tzinfo=UTC)
    busy = Busy.of([(base + timedelta(microseconds=900), base + timedelta(seconds=9.1))])
    assert (busy.starts, busy.ends) == ([int(base.timestamp())], [int(base.timestamp()) + 10])
    # A session ending a fraction of a second into the busy time still clashes.
    assert busy.overlaps(base - timedelta(hours=1), base + timedelta(microseconds=1))
    assert not busy.overlaps(base + timedelta(seconds=10), base + timedelta(hours=1))


def test_busy_from_seconds_merges_in_any_order():
    busy = Busy.from_seconds([(50, 60), (10, 20), (15, 30), (30, 40), (70, 70)])
    assert (busy.starts, busy.ends) == ([10, 50], [40, 60])


def test_free_starts_hold_until_the_first_comes_within_notice():
    rules = make_rules(notice_h=24)
    now = at(date(2030, 1, 7), "08:00")
    first = at(date(2030, 1, 8), "09:00")
    assert unchanged_until(first, rules=rules, now=now) == at(date(2030, 1, 7), "09:00")


def test_free_starts_hold_at_most_until_the_studio_midnight():
    rules = make_rules(notice_h=24)
    now = at(date(2030, 1, 7), "08:00")
    midnight = at(date(2030, 1, 8), "00:00")
    assert unchanged_until(None, rules=rules, now=now) == midnight
    far = at(date(2030, 2, 1), "09:00")
    assert unchanged_until(far, rules=rules, now=now) == midnight


def test_studio_midnight_is_on_the_studio_clock():
    tz = ZoneInfo("America/New_York")
    rules = make_rules(tz=tz)
    now = datetime(2030, 1, 8, 3, 0, tzinfo=UTC)  # still 7 January, 22:00, in New York
    assert unchanged_until(None, rules=rules, now=now) == datetime(2030, 1, 8, 5, 0, tzinfo=UTC)
