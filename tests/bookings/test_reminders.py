"""Planning the outbox and sending it, with the clock moved by time-machine.

The booking services are written on another branch; here bookings are made with the
factories and changed the way the services will change them, then `plan_reminders`
is called as the services will call it.
"""

from datetime import UTC, datetime, timedelta
from unittest import mock

import pytest
from django.core import mail
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from bookings import reminders
from bookings.models import Booking, Reminder
from bookings.reminders import ReminderError, kicks, plan_reminders, resend, schedule, send_due
from bookings.reminders import planning as planning_module
from tests.factories import (
    BookingFactory,
    IntakeResponseFactory,
    SessionTypeFactory,
    StudioProfileFactory,
    TipFactory,
)

pytestmark = pytest.mark.django_db

Kind = Reminder.Kind
State = Reminder.State
Status = Booking.Status

# Wednesday 16 June 2027, 10:00 in London (09:00 UTC).
START = datetime(2027, 6, 16, 9, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def studio():
    return StudioProfileFactory(time_zone="Europe/London")


@pytest.fixture(autouse=True)
def no_broker(monkeypatch):
    """Kicks are recorded, not enqueued: these tests drive send_due themselves."""
    kicked = []
    monkeypatch.setattr("bookings.reminders.kicks.enqueue", kicked.append)
    return kicked


@pytest.fixture
def clock(time_machine):
    def move(moment):
        time_machine.move_to(moment, tick=False)
        return moment

    return move


def book(clock, *, start=None, now, status=Status.CONFIRMED, **extra) -> Booking:
    """A booking at `start` (default START, or the next free hour after it)."""
    clock(now)
    start = start or START + timedelta(hours=2 * Booking.objects.count())
    booking = BookingFactory(
        start=start,
        end=start + timedelta(hours=1),
        blocked_start=start,
        blocked_end=start + timedelta(hours=1),
        status=status,
        **extra,
    )
    plan_reminders(booking)
    return booking


def move_booking(booking, start, *, notify=True):
    """What services.reschedule does: new times, version + 1, re-plan."""
    booking.start, booking.end = start, start + timedelta(hours=1)
    booking.blocked_start, booking.blocked_end = booking.start, booking.end
    booking.version += 1
    booking.save()
    plan_reminders(booking, notify=notify)


def set_status(booking, status, *, notify=True):
    booking.status = status
    booking.save()
    plan_reminders(booking, notify=notify)


def rows(booking, **filters):
    return {
        (row.kind, row.booking_version): row
        for row in Reminder.objects.filter(booking=booking, **filters)
    }


def states(booking) -> dict:
    return {key: row.state for key, row in rows(booking).items()}


def sent_kinds() -> list[str]:
    """Kinds of the messages in Django's test outbox, from their Message-ID."""
    kinds = []
    for message in mail.outbox:
        pk = int(message.extra_headers["Message-ID"].split(".")[1])
        kinds.append(Reminder.objects.get(pk=pk).kind)
    return kinds


def sweep(clock, moment) -> list[str]:
    """Run the sender at `moment`; the kinds it sent."""
    mail.outbox.clear()
    clock(moment)
    send_due()
    return sent_kinds()


# Planning


def test_confirmed_booking_plans_confirmation_at_once_and_three_reminders(clock):
    booking = book(clock, now=START - timedelta(days=30))
    planned = rows(booking)
    assert set(planned) == {
        (Kind.CONFIRMATION, 0),
        (Kind.PREPARATION, 0),
        (Kind.WARDROBE, 0),
        (Kind.DAY_BEFORE, 0),
    }
    assert all(row.state == State.PENDING for row in planned.values())
    assert planned[(Kind.CONFIRMATION, 0)].due_at == START - timedelta(days=30)
    assert planned[(Kind.PREPARATION, 0)].due_at == START - timedelta(days=7)
    assert planned[(Kind.DAY_BEFORE, 0)].due_at == START - timedelta(hours=24)


def test_planning_again_plans_nothing_twice(clock):
    booking = book(clock, now=START - timedelta(days=30))
    before = states(booking)
    plan_reminders(booking)
    plan_reminders(booking)
    assert states(booking) == before
    assert Reminder.objects.filter(booking=booking).count() == 4


def test_due_at_once_is_kicked_after_commit_only(
    clock, no_broker, django_capture_on_commit_callbacks
):
    clock(START - timedelta(days=30))
    booking = BookingFactory(start=START, end=START + timedelta(hours=1))
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        plan_reminders(booking)
    assert no_broker == []  # nothing enqueued before the commit
    for callback in callbacks:
        callback()
    confirmation = Reminder.objects.get(booking=booking, kind=Kind.CONFIRMATION)
    assert no_broker == [[confirmation.pk]]


def test_nothing_is_kicked_when_nothing_is_due_now(
    clock, no_broker, django_capture_on_commit_callbacks
):
    booking = book(clock, now=START - timedelta(days=30))
    no_broker.clear()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        plan_reminders(booking)
    assert callbacks == [] and no_broker == []


def test_pending_booking_gets_request_received_then_confirmation_when_confirmed(clock):
    booking = book(clock, now=START - timedelta(days=30), status=Status.PENDING)
    assert states(booking) == {(Kind.REQUESTED, 0): State.PENDING}
    assert sweep(clock, START - timedelta(days=30)) == [Kind.REQUESTED]
    set_status(booking, Status.CONFIRMED)
    assert states(booking) == {
        (Kind.REQUESTED, 0): State.SENT,
        (Kind.CONFIRMATION, 0): State.PENDING,
        (Kind.PREPARATION, 0): State.PENDING,
        (Kind.WARDROBE, 0): State.PENDING,
        (Kind.DAY_BEFORE, 0): State.PENDING,
    }


def test_request_still_unsent_when_confirmed_gives_way_to_the_confirmation(clock):
    booking = book(clock, now=START - timedelta(days=30), status=Status.PENDING)
    set_status(booking, Status.CONFIRMED)
    assert rows(booking)[(Kind.REQUESTED, 0)].state == State.SKIPPED
    assert sweep(clock, START - timedelta(days=30)) == [Kind.CONFIRMATION]


def test_reschedule_skips_old_time_and_plans_the_new_one(clock):
    booking = book(clock, now=START - timedelta(days=30))
    sweep(clock, START - timedelta(days=30))  # the confirmation goes
    new_start = START + timedelta(days=3)
    move_booking(booking, new_start)
    planned = rows(booking)
    assert planned[(Kind.CONFIRMATION, 0)].state == State.SENT
    for kind in (Kind.PREPARATION, Kind.WARDROBE, Kind.DAY_BEFORE):
        assert planned[(kind, 0)].state == State.SKIPPED
        assert planned[(kind, 0)].last_error == planning_module.SKIP_MOVED
        assert planned[(kind, 1)].state == State.PENDING
    assert planned[(Kind.RESCHEDULED, 1)].state == State.PENDING
    assert planned[(Kind.DAY_BEFORE, 1)].due_at == new_start - timedelta(hours=24)
    assert (Kind.CONFIRMATION, 1) not in planned


def test_moved_booking_sends_nothing_for_the_old_time(clock):
    booking = book(clock, now=START - timedelta(days=30))
    sweep(clock, START - timedelta(days=30))
    move_booking(booking, START + timedelta(days=14))
    # The old time's reminders would all be due by now; none of them go.
    assert sweep(clock, START - timedelta(hours=1)) == [Kind.RESCHEDULED]
    assert sweep(clock, START + timedelta(days=7)) == [Kind.PREPARATION]


def test_moved_before_the_confirmation_went_sends_one_confirmation_for_the_new_time(clock):
    booking = book(clock, now=START - timedelta(days=30))
    move_booking(booking, START + timedelta(days=1))
    planned = rows(booking)
    assert planned[(Kind.CONFIRMATION, 0)].state == State.SKIPPED
    assert planned[(Kind.CONFIRMATION, 1)].state == State.PENDING
    assert (Kind.RESCHEDULED, 1) not in planned
    assert sweep(clock, START - timedelta(days=30)) == [Kind.CONFIRMATION]


def test_reschedule_without_notice_keeps_reminders_but_sends_no_moved_message(clock):
    booking = book(clock, now=START - timedelta(days=30))
    sweep(clock, START - timedelta(days=30))
    move_booking(booking, START + timedelta(days=2), notify=False)
    planned = rows(booking)
    assert planned[(Kind.RESCHEDULED, 1)].state == State.SKIPPED
    assert planned[(Kind.RESCHEDULED, 1)].last_error == planning_module.SKIP_NOT_NOTIFIED
    assert planned[(Kind.DAY_BEFORE, 1)].state == State.PENDING
    plan_reminders(booking)  # a later change (deposit paid) does not bring it back
    assert rows(booking)[(Kind.RESCHEDULED, 1)].state == State.SKIPPED


def test_cancelled_booking_sends_only_the_cancellation(clock):
    booking = book(clock, now=START - timedelta(days=30))
    sweep(clock, START - timedelta(days=30))
    clock(START - timedelta(days=10))
    set_status(booking, Status.CANCELLED)
    planned = rows(booking)
    assert planned[(Kind.CANCELLED, 0)].state == State.PENDING
    for kind in (Kind.PREPARATION, Kind.WARDROBE, Kind.DAY_BEFORE):
        assert planned[(kind, 0)].state == State.SKIPPED
        assert planned[(kind, 0)].last_error == planning_module.SKIP_CANCELLED
    assert sweep(clock, START - timedelta(days=10)) == [Kind.CANCELLED]
    assert sweep(clock, START + timedelta(days=3)) == []


def test_cancelled_before_anything_went_sends_the_cancellation_only(clock):
    booking = book(clock, now=START - timedelta(days=30))
    set_status(booking, Status.CANCELLED)
    assert sweep(clock, START - timedelta(days=30)) == [Kind.CANCELLED]


def test_cancelled_quietly_sends_nothing(clock):
    booking = book(clock, now=START - timedelta(days=30))
    sweep(clock, START - timedelta(days=30))
    set_status(booking, Status.CANCELLED, notify=False)
    assert rows(booking)[(Kind.CANCELLED, 0)].last_error == planning_module.SKIP_NOT_NOTIFIED
    assert sweep(clock, START) == []


def test_completed_session_plans_thank_you_and_no_show_takes_it_back(clock):
    booking = book(clock, now=START - timedelta(days=30))
    clock(START + timedelta(hours=2))
    set_status(booking, Status.COMPLETED)
    thank_you = rows(booking)[(Kind.THANK_YOU, 0)]
    assert thank_you.state == State.PENDING
    assert thank_you.due_at == START + timedelta(days=1, hours=1)
    set_status(booking, Status.NO_SHOW)
    assert rows(booking)[(Kind.THANK_YOU, 0)].state == State.SKIPPED
    set_status(booking, Status.COMPLETED)  # the photographer corrects a slip
    assert rows(booking)[(Kind.THANK_YOU, 0)].state == State.PENDING


def test_status_change_the_sender_has_not_heard_of_still_skips_the_row(clock):
    booking = book(clock, now=START - timedelta(days=30))
    sweep(clock, START - timedelta(days=30))
    Booking.objects.filter(pk=booking.pk).update(status=Status.CANCELLED)  # e.g. the admin
    assert sweep(clock, START - timedelta(days=1)) == []
    assert rows(booking)[(Kind.DAY_BEFORE, 0)].state == State.SKIPPED


def test_moved_message_is_dropped_when_the_booking_was_cancelled_behind_its_back(clock):
    booking = book(clock, now=START - timedelta(days=30))
    sweep(clock, START - timedelta(days=30))
    clock(START - timedelta(days=20))
    move_booking(booking, START + timedelta(days=1))
    Booking.objects.filter(pk=booking.pk).update(status=Status.CANCELLED)  # no re-plan
    assert sweep(clock, START - timedelta(days=20)) == []
    assert rows(booking)[(Kind.RESCHEDULED, 1)].last_error == planning_module.SKIP_CANCELLED


# Every kind's due time, with the clock moved.


def test_every_kind_goes_out_at_its_time_and_only_once(clock):
    booking = book(clock, now=START - timedelta(days=30))
    assert sweep(clock, START - timedelta(days=30)) == [Kind.CONFIRMATION]
    assert sweep(clock, START - timedelta(days=7, minutes=1)) == []
    assert sweep(clock, START - timedelta(days=7)) == [Kind.PREPARATION]
    assert sweep(clock, START - timedelta(days=2, minutes=1)) == []
    assert sweep(clock, START - timedelta(days=2)) == [Kind.WARDROBE]
    assert sweep(clock, START - timedelta(hours=24, minutes=1)) == []
    assert sweep(clock, START - timedelta(hours=24)) == [Kind.DAY_BEFORE]
    assert sweep(clock, START + timedelta(hours=2)) == []
    set_status(booking, Status.COMPLETED)
    assert sweep(clock, START + timedelta(days=1)) == []
    assert sweep(clock, START + timedelta(days=1, hours=1)) == [Kind.THANK_YOU]
    assert sweep(clock, START + timedelta(days=5)) == []
    assert set(states(booking).values()) == {State.SENT}


def test_a_missed_minute_is_caught_up_by_the_next_sweep(clock):
    book(clock, now=START - timedelta(days=30))
    sweep(clock, START - timedelta(days=30))
    assert sweep(clock, START - timedelta(days=7) + timedelta(minutes=37)) == [Kind.PREPARATION]


def test_booked_five_days_ahead_sends_preparation_at_once_then_the_rest_on_time(clock):
    now = START - timedelta(days=5)
    book(clock, now=now)
    assert sorted(sweep(clock, now)) == [Kind.CONFIRMATION, Kind.PREPARATION]
    assert sweep(clock, START - timedelta(days=2)) == [Kind.WARDROBE]
    assert sweep(clock, START - timedelta(days=1)) == [Kind.DAY_BEFORE]


def test_booked_thirty_hours_ahead_gets_wardrobe_tips_then_day_before(clock):
    now = START - timedelta(hours=30)  # Tuesday 04:00 in London: quiet hours
    booking = book(clock, now=now)
    assert rows(booking)[(Kind.PREPARATION, 0)].state == State.SKIPPED
    assert sweep(clock, now) == [Kind.CONFIRMATION]  # urgent: not held by quiet hours
    assert sweep(clock, START - timedelta(hours=26)) == [Kind.WARDROBE]  # 08:00
    assert sweep(clock, START - timedelta(hours=24)) == [Kind.DAY_BEFORE]


def test_booked_three_hours_ahead_gets_only_the_confirmation(clock):
    now = START - timedelta(hours=3)
    booking = book(clock, now=now)
    assert sweep(clock, now) == [Kind.CONFIRMATION]
    assert sweep(clock, START) == []
    skipped = rows(booking, state=State.SKIPPED)
    assert {kind for kind, _version in skipped} == {
        Kind.PREPARATION,
        Kind.WARDROBE,
        Kind.DAY_BEFORE,
    }
    assert all(row.last_error == schedule.SKIP_BOOKED_LATE for row in skipped.values())


def test_day_before_across_the_spring_forward_change_goes_at_the_same_wall_clock_time(clock):
    start = datetime(2027, 3, 28, 9, 0, tzinfo=UTC)  # Sunday 10:00 BST, the change was 01:00
    book(clock, start=start, now=start - timedelta(days=30))
    sweep(clock, start - timedelta(days=30))
    # Preparation and wardrobe: 10:00 GMT on the Sunday and Friday before (7 d + 1 h, 2 d + 1 h).
    assert sweep(clock, datetime(2027, 3, 21, 9, 59, tzinfo=UTC)) == []
    assert sweep(clock, datetime(2027, 3, 21, 10, 0, tzinfo=UTC)) == [Kind.PREPARATION]
    assert sweep(clock, datetime(2027, 3, 26, 10, 0, tzinfo=UTC)) == [Kind.WARDROBE]
    saturday_ten_gmt = datetime(2027, 3, 27, 10, 0, tzinfo=UTC)
    assert sweep(clock, saturday_ten_gmt - timedelta(minutes=1)) == []
    assert sweep(clock, saturday_ten_gmt) == [Kind.DAY_BEFORE]  # 23 real hours before


def test_preparation_across_the_autumn_change_goes_at_the_same_wall_clock_time(clock):
    start = datetime(2027, 11, 3, 10, 0, tzinfo=UTC)  # Wednesday 10:00 GMT
    book(clock, start=start, now=start - timedelta(days=30))
    sweep(clock, start - timedelta(days=30))
    wednesday_before_ten_bst = datetime(2027, 10, 27, 9, 0, tzinfo=UTC)
    assert sweep(clock, wednesday_before_ten_bst - timedelta(minutes=1)) == []
    assert sweep(clock, wednesday_before_ten_bst) == [Kind.PREPARATION]


def test_quiet_hours_hold_reminders_that_fell_due_at_night_until_morning(clock):
    start = datetime(2027, 6, 16, 6, 0, tzinfo=UTC)  # 07:00 BST: day-before ideal is quiet
    booking = book(clock, start=start, now=start - timedelta(days=30))
    sweep(clock, start - timedelta(days=30))
    assert rows(booking)[(Kind.DAY_BEFORE, 0)].due_at == datetime(2027, 6, 15, 7, 0, tzinfo=UTC)
    assert sweep(clock, datetime(2027, 6, 15, 6, 59, tzinfo=UTC)) == []
    assert sweep(clock, datetime(2027, 6, 15, 7, 0, tzinfo=UTC)) == [Kind.DAY_BEFORE]


def test_quiet_hours_also_hold_a_backlog_at_send_time(clock):
    booking = book(clock, now=START - timedelta(days=30))
    sweep(clock, START - timedelta(days=30))
    # The worker was down from the preparation's time until 22:30 that evening.
    Reminder.objects.filter(booking=booking, kind=Kind.PREPARATION).update(
        due_at=datetime(2027, 6, 9, 20, 0, tzinfo=UTC)  # 21:00 BST, set by hand
    )
    late_evening = datetime(2027, 6, 9, 21, 30, tzinfo=UTC)
    set_status(booking, Status.CANCELLED)
    assert sweep(clock, late_evening) == [Kind.CANCELLED]  # urgent goes at night
    assert rows(booking)[(Kind.PREPARATION, 0)].state == State.SKIPPED


def test_non_urgent_backlog_waits_for_morning(clock):
    booking = book(clock, now=START - timedelta(days=30))
    sweep(clock, START - timedelta(days=30))
    late_evening = datetime(2027, 6, 9, 21, 30, tzinfo=UTC)  # 22:30 BST, prep overdue
    assert sweep(clock, late_evening) == []
    assert rows(booking)[(Kind.PREPARATION, 0)].state == State.PENDING
    assert sweep(clock, datetime(2027, 6, 10, 7, 0, tzinfo=UTC)) == [Kind.PREPARATION]


def test_reminder_overdue_past_its_use_is_skipped_not_sent(clock):
    booking = book(clock, now=START - timedelta(days=30))
    sweep(clock, START - timedelta(days=30))
    # The sender was down for nine days: preparation and wardrobe are no longer useful.
    assert sweep(clock, START - timedelta(hours=23)) == [Kind.DAY_BEFORE]
    planned = rows(booking)
    assert planned[(Kind.PREPARATION, 0)].state == State.SKIPPED
    assert planned[(Kind.WARDROBE, 0)].state == State.SKIPPED
    assert planned[(Kind.PREPARATION, 0)].last_error == schedule.SKIP_TOO_LATE


# Sending


def test_sent_row_records_time_and_message_id(clock):
    booking = book(clock, now=START - timedelta(days=30))
    sweep(clock, START - timedelta(days=30))
    row = rows(booking)[(Kind.CONFIRMATION, 0)]
    assert row.state == State.SENT
    assert row.sent_at == START - timedelta(days=30)
    assert row.attempts == 1
    assert row.message_id.startswith(f"<reminder.{row.pk}.") and row.message_id.endswith(">")
    assert mail.outbox[0].extra_headers["Message-ID"] == row.message_id


def test_send_due_returns_how_many_went_and_respects_the_limit(clock):
    clock(START - timedelta(days=30))
    for _ in range(5):
        book(clock, now=START - timedelta(days=30))
    assert send_due(limit=3) == 3
    assert send_due() == 2
    assert send_due() == 0


def test_send_due_with_ids_sends_only_those(clock):
    first = book(clock, now=START - timedelta(days=30))
    book(clock, now=START - timedelta(days=30))
    confirmation = rows(first)[(Kind.CONFIRMATION, 0)]
    assert send_due(ids=[confirmation.pk]) == 1
    assert reminders.due_count() == 1


def test_row_stuck_in_sending_goes_back_after_the_claim_timeout(clock, settings):
    settings.STUDIO_REMINDER_CLAIM_TIMEOUT = 600
    booking = book(clock, now=START - timedelta(days=30))
    row = rows(booking)[(Kind.CONFIRMATION, 0)]
    Reminder.objects.filter(pk=row.pk).update(
        state=State.SENDING, claimed_at=START - timedelta(days=30), attempts=1
    )
    assert sweep(clock, START - timedelta(days=30) + timedelta(minutes=9)) == []
    assert sweep(clock, START - timedelta(days=30) + timedelta(minutes=11)) == [Kind.CONFIRMATION]
    assert Reminder.objects.get(pk=row.pk).attempts == 2


def test_a_sender_that_lost_its_claim_cannot_overwrite_the_row(clock):
    booking = book(clock, now=START - timedelta(days=30))
    row = rows(booking)[(Kind.CONFIRMATION, 0)]
    from bookings.reminders.sending import _finish

    assert not _finish(row, state=State.SENT)  # not claimed by us: nothing written
    assert Reminder.objects.get(pk=row.pk).state == State.PENDING


@pytest.mark.parametrize(
    "changes",
    [
        {"state": State.SENT, "sent_at": START - timedelta(days=30), "last_error": ""},
        {"state": State.FAILED, "last_error": "SMTP 550: no such mailbox"},
        {"state": State.PENDING, "due_at": START - timedelta(days=29), "last_error": "SMTP 451"},
        {"state": State.PENDING, "attempts": F("attempts") - 1},
    ],
)
def test_finish_writes_an_outcome_once_and_only_while_the_claim_holds(clock, changes):
    from bookings.reminders.sending import _finish

    booking = book(clock, now=START - timedelta(days=30))
    row = rows(booking)[(Kind.CONFIRMATION, 0)]
    claimed_at = START - timedelta(days=30, microseconds=-123456)
    Reminder.objects.filter(pk=row.pk).update(
        state=State.SENDING, claimed_at=claimed_at, attempts=1
    )
    row.refresh_from_db()
    other_claim = Reminder.objects.get(pk=row.pk)
    other_claim.claimed_at += timedelta(microseconds=1)
    assert not _finish(other_claim, **changes)
    assert Reminder.objects.get(pk=row.pk).state == State.SENDING
    assert _finish(row, **changes)
    written = Reminder.objects.get(pk=row.pk)
    assert written.claimed_at is None
    expected = {**changes, "attempts": 0} if "attempts" in changes else changes
    assert {name: getattr(written, name) for name in expected} == expected
    assert not _finish(row, **changes)  # the claim is spent


def test_resend_plans_a_fresh_send_now_with_a_new_message_id(clock, no_broker):
    booking = book(clock, now=START - timedelta(days=30))
    sweep(clock, START - timedelta(days=30))
    row = rows(booking)[(Kind.CONFIRMATION, 0)]
    first_id = row.message_id
    clock(START - timedelta(days=20))
    again = resend(reminder=row)
    assert again.state == State.PENDING and again.due_at == START - timedelta(days=20)
    assert sweep(clock, START - timedelta(days=20)) == [Kind.CONFIRMATION]
    assert Reminder.objects.get(pk=row.pk).message_id != first_id


def test_resend_refuses_messages_about_an_old_time_or_a_cancelled_booking(clock):
    booking = book(clock, now=START - timedelta(days=30))
    sweep(clock, START - timedelta(days=30))
    old_confirmation = rows(booking)[(Kind.CONFIRMATION, 0)]
    move_booking(booking, START + timedelta(days=1))
    with pytest.raises(ReminderError, match="earlier time"):
        resend(reminder=old_confirmation)
    set_status(booking, Status.CANCELLED)
    with pytest.raises(ReminderError, match="cancelled"):
        resend(reminder=rows(booking)[(Kind.DAY_BEFORE, 1)])
    with pytest.raises(ReminderError, match="already waiting"):
        resend(reminder=rows(booking)[(Kind.CANCELLED, 1)])
    sweep(clock, START - timedelta(days=30))
    resend(reminder=rows(booking)[(Kind.CANCELLED, 1)])  # the cancellation itself may go again


def test_wardrobe_email_carries_the_kinds_tips_and_intake_personalisation(clock):
    TipFactory(title="Solid colours beat logos", for_portrait=False)
    TipFactory(title="Portrait-only tip", for_headshot=False)
    TipFactory(title="Not for emails", use_in_reminders=False)
    TipFactory(category="grooming", title="Haircut a week before")
    intake = IntakeResponseFactory(answers={"uses": ["casting"], "people": "just_me"})
    session_type = SessionTypeFactory(kind="headshot", looks=1)
    book(
        clock,
        now=START - timedelta(days=30),
        intake=intake,
        session_type=session_type,
    )
    assert sweep(clock, START - timedelta(days=2))[-1] == Kind.WARDROBE
    message = mail.outbox[-1]
    assert "Solid colours beat logos" in message.body
    assert "Haircut a week before" in message.body
    assert "Portrait-only tip" not in message.body
    assert "Not for emails" not in message.body
    assert "casting" in message.body.lower()


def test_plan_reminders_uses_one_studio_load_and_few_queries(clock, django_assert_max_num_queries):
    clock(START - timedelta(days=30))
    booking = BookingFactory(start=START, end=START + timedelta(hours=1))
    with django_assert_max_num_queries(12), mock.patch.object(kicks, "enqueue"):
        plan_reminders(booking)


def test_sending_costs_one_write_per_message_and_three_queries_per_claimed_batch(
    clock, monkeypatch
):
    monkeypatch.setattr("bookings.reminders.sending.CLAIM_BATCH", 4)
    TipFactory(title="Solid colours")
    for _ in range(10):
        book(clock, now=START - timedelta(days=30))
    now = clock(START - timedelta(days=2))
    Reminder.objects.update(state=State.SKIPPED)
    Reminder.objects.filter(kind=Kind.WARDROBE).update(state=State.PENDING, due_at=now)
    with CaptureQueriesContext(connection) as captured:
        assert send_due() == 10
    queries = [q["sql"] for q in captured.captured_queries if "SAVEPOINT" not in q["sql"]]
    # Once per run: the studio, putting stuck rows back (2), the guide, the tips. Per batch
    # (4 + 4 + 2 rows): the locked ids, one UPDATE claiming them, the rows with their
    # bookings; then an empty claim. Per message: one conditional UPDATE.
    assert len(queries) <= 5 + 3 * 3 + 1 + 10
