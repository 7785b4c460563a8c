"""The pure timing rules of the outbox: plain datetimes in, plans out (no database)."""

from dataclasses import replace
from datetime import UTC, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from bookings.reminders import schedule
from bookings.reminders.schedule import Rules
from studio.models import StudioProfile
from studio.walltime import shift_local, wall_to_instant

LONDON = ZoneInfo("Europe/London")
NEW_YORK = ZoneInfo("America/New_York")
RULES = Rules.from_studio(StudioProfile(time_zone="Europe/London"))  # the model's defaults


def local(*args, tz=LONDON) -> datetime:
    """An aware UTC datetime for a wall-clock time in `tz`."""
    return wall_to_instant(datetime(*args), tz)


def at(moment: datetime, tz=LONDON) -> tuple:
    value = moment.astimezone(tz)
    return value.year, value.month, value.day, value.hour, value.minute


def plan(kind, start, *, now, duration=60, rules=RULES):
    return schedule.plan(
        kind, start=start, end=start + timedelta(minutes=duration), now=now, rules=rules
    )


# A Wednesday 10:00 session in London, booked a month ahead: every kind at its ideal time.
START = local(2027, 6, 16, 10, 0)
MONTH_AHEAD = START - timedelta(days=30)


@pytest.mark.parametrize(
    ("kind", "due"),
    [
        ("preparation", (2027, 6, 9, 10, 0)),
        ("wardrobe", (2027, 6, 14, 10, 0)),
        ("day_before", (2027, 6, 15, 10, 0)),
        ("thank_you", (2027, 6, 17, 11, 0)),
    ],
)
def test_each_timed_kind_is_due_at_its_offset_in_studio_wall_clock(kind, due):
    planned = plan(kind, START, now=MONTH_AHEAD)
    assert planned.skip_reason == ""
    assert at(planned.due_at) == due


@pytest.mark.parametrize("kind", ["requested", "confirmation", "rescheduled", "cancelled"])
def test_announcements_are_due_at_once(kind):
    planned = plan(kind, START, now=MONTH_AHEAD)
    assert planned == schedule.Plan(kind, MONTH_AHEAD)


def test_offsets_follow_the_studio_settings():
    rules = replace(RULES, tz=LONDON, preparation_days=10, wardrobe_days=3, day_before_hours=25)
    assert at(plan("preparation", START, now=MONTH_AHEAD, rules=rules).due_at) == (
        2027, 6, 6, 10, 0,
    )  # fmt: skip
    assert at(plan("wardrobe", START, now=MONTH_AHEAD, rules=rules).due_at)[:3] == (2027, 6, 13)
    assert at(plan("day_before", START, now=MONTH_AHEAD, rules=rules).due_at) == (
        2027, 6, 15, 9, 0,
    )  # fmt: skip


# Daylight saving: London springs forward on Sunday 28 March 2027 (01:00 GMT -> 02:00 BST)
# and falls back on Sunday 31 October 2027 (02:00 BST -> 01:00 GMT).


def test_day_before_across_spring_forward_is_same_wall_clock_time_23_real_hours():
    start = local(2027, 3, 28, 10, 0)  # Sunday 10:00 BST, hours after the change
    planned = plan("day_before", start, now=start - timedelta(days=20))
    assert at(planned.due_at) == (2027, 3, 27, 10, 0)  # Saturday 10:00 GMT
    assert start - planned.due_at == timedelta(hours=23)


def test_day_before_across_fall_back_is_same_wall_clock_time_25_real_hours():
    start = local(2027, 10, 31, 10, 0)  # Sunday 10:00 GMT, hours after the change
    planned = plan("day_before", start, now=start - timedelta(days=20))
    assert at(planned.due_at) == (2027, 10, 30, 10, 0)  # Saturday 10:00 BST
    assert start - planned.due_at == timedelta(hours=25)


def test_preparation_a_week_before_across_spring_forward_keeps_the_time_of_day():
    start = local(2027, 4, 1, 14, 30)  # Thursday 14:30 BST
    planned = plan("preparation", start, now=start - timedelta(days=30))
    assert at(planned.due_at) == (2027, 3, 25, 14, 30)  # 14:30 GMT the week before
    assert planned.due_at.utcoffset() == timedelta(0)
    assert (start - planned.due_at) == timedelta(days=7, hours=-1)


def test_wall_clock_time_in_the_spring_forward_gap_lands_on_the_jump_and_round_trips():
    # 01:30 on 28 March 2027 does not exist in London; the shift must still be a real instant.
    moment = shift_local(local(2027, 3, 29, 1, 30), LONDON, timedelta(days=-1))
    assert moment.tzinfo is UTC
    assert at(moment) == (2027, 3, 28, 2, 0)  # the moment the clocks jump (studio.walltime)
    assert wall_to_instant(moment.astimezone(LONDON).replace(tzinfo=None), LONDON) == moment


def test_other_studio_zone_uses_its_own_wall_clock():
    rules = replace(RULES, tz=NEW_YORK)
    start = local(2027, 3, 14, 9, 0, tz=NEW_YORK)  # the Sunday the US springs forward
    planned = plan("day_before", start, now=start - timedelta(days=10), rules=rules)
    assert at(planned.due_at, NEW_YORK) == (2027, 3, 13, 9, 0)
    assert start - planned.due_at == timedelta(hours=23)


# Booked late: sent at once while it still makes sense, skipped when it doesn't.


def test_booking_five_days_ahead_sends_the_seven_day_preparation_at_once():
    now = START - timedelta(days=5)
    planned = plan("preparation", START, now=now)
    assert planned.skip_reason == "" and planned.due_at == now


def test_booking_five_days_ahead_keeps_wardrobe_and_day_before_at_their_times():
    now = START - timedelta(days=5)
    assert at(plan("wardrobe", START, now=now).due_at) == (2027, 6, 14, 10, 0)
    assert at(plan("day_before", START, now=now).due_at) == (2027, 6, 15, 10, 0)


def test_booking_under_two_days_ahead_skips_preparation_and_sends_wardrobe_at_once():
    now = START - timedelta(hours=30)  # Tuesday 04:00... in quiet hours: waits for 08:00
    preparation = plan("preparation", START, now=now)
    wardrobe = plan("wardrobe", START, now=now)
    assert preparation.skip_reason == schedule.SKIP_BOOKED_LATE
    assert wardrobe.skip_reason == ""
    assert at(wardrobe.due_at) == (2027, 6, 15, 8, 0)


def test_booking_under_24_hours_ahead_skips_day_before_but_not_the_confirmation():
    now = START - timedelta(hours=20)
    assert plan("day_before", START, now=now).skip_reason == schedule.SKIP_BOOKED_LATE
    assert plan("wardrobe", START, now=now).skip_reason == schedule.SKIP_BOOKED_LATE
    assert plan("confirmation", START, now=now) == schedule.Plan("confirmation", now)


def test_booking_three_hours_ahead_gets_only_the_confirmation():
    now = START - timedelta(hours=3)
    skipped = {kind: plan(kind, START, now=now).skip_reason for kind in schedule.BEFORE_SESSION}
    assert all(skipped.values()), skipped
    assert plan("confirmation", START, now=now).skip_reason == ""


def test_day_before_due_in_a_few_minutes_is_still_planned():
    now = START - timedelta(hours=24, minutes=5)
    planned = plan("day_before", START, now=now)
    assert planned.skip_reason == "" and at(planned.due_at) == (2027, 6, 15, 10, 0)


def test_thank_you_marked_late_goes_at_once_within_a_week_then_not_at_all():
    end = START + timedelta(hours=1)
    three_days_later = end + timedelta(days=3)
    assert plan("thank_you", START, now=three_days_later).due_at == three_days_later
    assert plan("thank_you", START, now=end + timedelta(days=9)).skip_reason


def test_confirmation_for_a_session_already_over_is_skipped():
    planned = plan("confirmation", START, now=START + timedelta(hours=2))
    assert planned.skip_reason == schedule.SKIP_TOO_LATE


# Quiet hours (default 21:00-08:00 studio time).


@pytest.mark.parametrize(
    ("wall_clock", "expected"),
    [
        ((2027, 6, 10, 20, 59), False),
        ((2027, 6, 10, 21, 0), True),
        ((2027, 6, 11, 0, 30), True),
        ((2027, 6, 11, 7, 59), True),
        ((2027, 6, 11, 8, 0), False),
    ],
)
def test_quiet_hours_wrap_midnight(wall_clock, expected):
    assert schedule.in_quiet_hours(local(*wall_clock), RULES) is expected


def test_quiet_hours_are_studio_time_not_utc():
    rules = replace(RULES, tz=NEW_YORK)
    # 02:00 UTC is 22:00 the evening before in New York (EDT): quiet there.
    assert schedule.in_quiet_hours(datetime(2027, 6, 11, 2, 0, tzinfo=UTC), rules)
    assert not schedule.in_quiet_hours(datetime(2027, 6, 11, 14, 0, tzinfo=UTC), rules)


def test_quiet_hours_off_when_start_equals_end():
    rules = replace(RULES, tz=LONDON, quiet_start=time(0, 0), quiet_end=time(0, 0))
    assert not schedule.in_quiet_hours(local(2027, 6, 11, 3, 0), rules)


def test_quiet_hours_within_one_day():
    rules = replace(RULES, tz=LONDON, quiet_start=time(12, 0), quiet_end=time(14, 0))
    assert schedule.in_quiet_hours(local(2027, 6, 11, 13, 0), rules)
    assert at(schedule.after_quiet_hours(local(2027, 6, 11, 13, 0), rules)) == (
        2027, 6, 11, 14, 0,
    )  # fmt: skip


def test_reminder_due_at_night_waits_for_the_morning():
    start = local(2027, 6, 16, 7, 0)  # an early session: day-before ideal is 07:00 (quiet)
    planned = plan("day_before", start, now=start - timedelta(days=10))
    assert at(planned.due_at) == (2027, 6, 15, 8, 0)


def test_evening_reminder_waits_until_next_morning():
    rules = replace(RULES, tz=LONDON, day_before_hours=36)
    planned = plan("day_before", START, now=MONTH_AHEAD, rules=rules)
    assert at(planned.due_at) == (2027, 6, 15, 8, 0)  # ideal 22:00 Monday


def test_preparation_booked_late_at_night_goes_out_next_morning():
    now = local(2027, 6, 11, 23, 15)  # Friday night, session Wednesday
    planned = plan("preparation", START, now=now)
    assert planned.skip_reason == "" and at(planned.due_at) == (2027, 6, 12, 8, 0)


def test_urgent_messages_ignore_quiet_hours():
    now = local(2027, 6, 11, 23, 15)
    assert plan("confirmation", START, now=now).due_at == now
    assert plan("cancelled", START, now=now).due_at == now


def test_quiet_hours_pushing_a_reminder_past_its_use_skip_it():
    start = local(2027, 6, 16, 9, 0)
    rules = replace(RULES, tz=LONDON, day_before_hours=10)  # ideal 23:00 the evening before
    planned = plan("day_before", start, now=start - timedelta(days=5), rules=rules)
    assert planned.skip_reason == schedule.SKIP_QUIET_HOURS  # 08:00 is under 2 h before 09:00


def test_quiet_hours_morning_is_the_same_wall_clock_across_dst():
    # Saturday 27 March 2027 23:00 GMT -> the morning after is 08:00 BST on the 28th.
    moment = schedule.after_quiet_hours(local(2027, 3, 27, 23, 0), RULES)
    assert at(moment) == (2027, 3, 28, 8, 0)
    assert moment == datetime(2027, 3, 28, 7, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("attempts", "minutes"), [(1, 1), (2, 2), (3, 4), (4, 8), (6, 32), (7, 60), (12, 60)]
)
def test_retry_delay_doubles_up_to_the_cap(attempts, minutes):
    delay = schedule.retry_delay(attempts, base=timedelta(minutes=1), cap=timedelta(hours=1))
    assert delay == timedelta(minutes=minutes)
