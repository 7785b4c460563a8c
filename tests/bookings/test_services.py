import re
from datetime import date, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bookings import reminders, services
from bookings.availability import Problem
from bookings.models import Booking, Client, InspirationImage
from bookings.services import (
    BookingError,
    ClientDetails,
    InvalidDetails,
    NeedsOverride,
    OutsidePolicy,
    SlotTaken,
    book,
    cancel,
    confirm,
    mark_deposit_paid,
    move_for_studio,
    reschedule,
    set_outcome,
)
from studio.images import clean_image
from studio.models import StudioProfile
from tests.bookings.booking_setup import (
    NOW,
    headshot,
    jpeg_upload,
    later_day,
    local,
    open_studio,
    wednesday,
)
from tests.factories import IntakeResponseFactory, TimeOffFactory

pytestmark = pytest.mark.django_db

ADA = ClientDetails(name="Ada Lovelace", email="ada@example.com", phone="+44 7700 900001")


@pytest.fixture
def studio():
    return open_studio()


@pytest.fixture
def session_type(studio):
    return headshot(buffer_before_minutes=15, buffer_after_minutes=15, price=200, deposit=50)


def make(session_type, start, client=ADA, **kwargs):
    return book(session_type=session_type, start=start, client=client, now=NOW, **kwargs)


def private_files() -> list[Path]:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return [path for path in root.rglob("*") if path.is_file()] if root.exists() else []


# --- book ----------------------------------------------------------------------------------


def test_book_saves_the_session_its_blocked_time_and_the_policy(session_type):
    booking = make(session_type, wednesday("10:00"), people=2, purpose="LinkedIn")
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.start == wednesday("10:00")
    assert booking.end == wednesday("11:00")
    assert booking.blocked_start == wednesday("09:45")
    assert booking.blocked_end == wednesday("11:15")
    assert (booking.price, booking.deposit, booking.change_notice_hours) == (200, 50, 48)
    assert booking.people == 2 and booking.purpose == "LinkedIn"
    assert booking.client.email == "ada@example.com"
    assert booking.version == 0


def test_reference_is_short_readable_and_not_sequential(session_type):
    first = make(session_type, wednesday("10:00"))
    second = make(session_type, wednesday("14:00"), client=ClientDetails("Bo", "bo@example.com"))
    pattern = re.compile(r"HS-[23456789ABCDEFGHJKMNPQRSTVWXYZ]{5}")
    assert pattern.fullmatch(first.reference) and pattern.fullmatch(second.reference)
    assert first.reference != second.reference
    assert str(first.pk) not in first.reference[3:] or len(first.reference) == 8


def test_manage_token_carries_at_least_128_random_bits(session_type):
    tokens = {make(session_type, later_day(d, "10:00")).manage_token for d in (2, 3, 4)}
    assert len(tokens) == 3
    for token in tokens:
        assert re.fullmatch(r"[A-Za-z0-9_-]+", token)
        assert len(token) * 6 >= 128


def test_studio_that_confirms_each_booking_gets_pending_bookings(session_type):
    StudioProfile.objects.update(require_confirmation=True)
    booking = make(session_type, wednesday("10:00"))
    assert booking.status == Booking.Status.PENDING


def test_returning_client_is_matched_by_email_in_any_case(session_type):
    first = make(session_type, wednesday("10:00"))
    again = make(
        session_type,
        wednesday("14:00"),
        client=ClientDetails(name="A. Lovelace", email="ADA@Example.COM"),
    )
    assert Client.objects.count() == 1
    assert again.client_id == first.client_id
    assert again.client.name == "Ada Lovelace"  # someone typing the email cannot rename her


def test_same_idempotency_key_gives_one_booking(session_type):
    first = make(session_type, wednesday("10:00"), idempotency_key="k" * 32)
    second = make(session_type, wednesday("10:00"), idempotency_key="k" * 32)
    assert first.pk == second.pk
    assert Booking.objects.count() == 1


def test_intake_is_linked(session_type):
    intake = IntakeResponseFactory()
    booking = make(session_type, wednesday("10:00"), intake=intake)
    assert booking.intake == intake
    assert list(intake.bookings.all()) == [booking]


def test_second_booking_for_same_slot_is_refused_with_nearest_free_times(session_type):
    make(session_type, wednesday("10:00"))
    with pytest.raises(SlotTaken) as caught:
        make(session_type, wednesday("10:00"), client=ClientDetails("Bo", "bo@example.com"))
    nearest = caught.value.nearest
    assert nearest and len(nearest) <= 3
    assert "just taken" in caught.value.message
    blocked = (wednesday("09:45"), wednesday("11:15"))
    for start in nearest:
        assert start.tzinfo is not None
        assert (
            start + timedelta(minutes=75) <= blocked[0]
            or start - timedelta(minutes=15) >= (blocked[1])
        )
    assert Booking.objects.count() == 1


@pytest.mark.parametrize("other_start", ["09:30", "10:30", "11:00"])
def test_overlapping_but_different_start_is_refused(session_type, other_start):
    make(session_type, wednesday("10:00"))  # blocks 09:45-11:15
    with pytest.raises(SlotTaken):
        make(session_type, wednesday(other_start), client=ClientDetails("Bo", "bo@example.com"))


def test_pending_booking_blocks_its_time(session_type):
    StudioProfile.objects.update(require_confirmation=True)
    make(session_type, wednesday("10:00"))
    with pytest.raises(SlotTaken):
        make(session_type, wednesday("10:00"), client=ClientDetails("Bo", "bo@example.com"))


def test_time_off_is_refused_as_not_offered_not_as_taken(session_type):
    TimeOffFactory(start=local(date(2030, 1, 9), "00:00"), end=local(date(2030, 1, 10), "12:00"))
    with pytest.raises(OutsidePolicy) as caught:
        make(session_type, wednesday("15:00"))
    assert caught.value.message == services.policy_message(Problem.NOT_A_SLOT, StudioProfile.load())
    assert caught.value.problem is Problem.NOT_A_SLOT
    assert not Booking.objects.exists()


def test_a_time_with_both_a_booking_and_time_off_is_taken(session_type):
    make(session_type, wednesday("10:00"))
    TimeOffFactory(start=wednesday("10:30"), end=wednesday("12:00"))
    with pytest.raises(SlotTaken) as caught:
        make(session_type, wednesday("10:00"), client=ClientDetails("Bo", "bo@example.com"))
    assert "just taken" in caught.value.message


@pytest.mark.parametrize(
    ("start", "problem_words"),
    [
        (NOW - timedelta(hours=1), "already passed"),
        (local(date(2030, 1, 7), "15:00"), "notice"),
        (local(date(2030, 4, 9), "10:00"), "days ahead"),
        (wednesday("10:10"), "not one of the times"),
        (wednesday("12:00"), "not one of the times"),  # session would run into the break
        (local(date(2030, 1, 12), "10:00"), "not one of the times"),  # Saturday
    ],
    ids=["past", "notice", "window", "off-grid", "break", "closed-day"],
)
def test_times_outside_policy_are_refused(session_type, start, problem_words):
    with pytest.raises(OutsidePolicy) as caught:
        make(session_type, start)
    assert problem_words in caught.value.message
    assert not Booking.objects.exists() and not Client.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "words"),
    [
        ({"client": ClientDetails("Ada\nLovelace", "ada@example.com")}, "one line"),
        ({"client": ClientDetails("Ada", "not-an-email")}, "valid email"),
        ({"client": ClientDetails("  ", "ada@example.com")}, "required"),
        ({"client": ClientDetails("A" * 121, "ada@example.com")}, "too long"),
        ({"people": 3}, "1 to 2 people"),
        ({"people": 0}, "1 to 2 people"),
        ({"notes": "x" * 2001}, "2000"),
        ({"purpose": "LinkedIn\r\nBcc: x"}, "one line"),
        ({"client": ClientDetails("Ada\x85Lovelace", "ada@example.com")}, "one line"),
    ],
    ids=[
        "newline-name",
        "bad-email",
        "blank-name",
        "long-name",
        "too-many",
        "none",
        "notes",
        "crlf",
        "next-line-name",  # U+0085 breaks a line for str.splitlines() and mail clients
    ],
)
def test_bad_details_are_refused(session_type, kwargs, words):
    args = {"client": ADA, **kwargs}
    with pytest.raises(InvalidDetails) as caught:
        make(session_type, wednesday("10:00"), **{k: v for k, v in args.items() if k != "client"},
             client=args["client"])  # fmt: skip
    assert words in caught.value.message
    assert not Booking.objects.exists()


def test_inactive_session_type_cannot_be_booked(session_type):
    session_type.is_active = False
    session_type.save()
    with pytest.raises(InvalidDetails):
        make(session_type, wednesday("10:00"))


def test_naive_start_is_refused(session_type):
    with pytest.raises(InvalidDetails):
        make(session_type, wednesday("10:00").replace(tzinfo=None))


def test_plan_reminders_runs_inside_the_transaction(session_type, monkeypatch):
    calls = []

    def spy(booking, *, notify=True, alert=None, now=None):
        calls.append((booking.pk, notify, connection.in_atomic_block))

    monkeypatch.setattr(reminders, "plan_new_booking", spy)
    booking = make(session_type, wednesday("10:00"))
    assert calls == [(booking.pk, True, True)]


def test_images_are_stored_privately_without_metadata(session_type):
    images = [clean_image(jpeg_upload()), clean_image(jpeg_upload("b.jpg"))]
    booking = make(session_type, wednesday("10:00"), images=images)
    rows = list(InspirationImage.objects.filter(booking=booking))
    assert len(rows) == 2
    for row in rows:
        path = Path(row.image.path)
        assert path.is_file()
        assert str(path).startswith(str(settings.PRIVATE_MEDIA_ROOT))
        assert not str(path).startswith(str(settings.MEDIA_ROOT))
        assert (row.width, row.height) == (40, 30)


def test_failed_booking_leaves_no_files_and_no_rows(session_type, monkeypatch):
    def boom(booking, *, notify=True, alert=None, now=None):
        raise RuntimeError("outbox exploded")

    monkeypatch.setattr(reminders, "plan_new_booking", boom)
    with pytest.raises(RuntimeError):
        make(session_type, wednesday("10:00"), images=[clean_image(jpeg_upload())])
    assert not Booking.objects.exists()
    assert not InspirationImage.objects.exists()
    assert private_files() == []


def test_taken_slot_with_images_leaves_no_files(session_type):
    make(session_type, wednesday("10:00"))
    with pytest.raises(SlotTaken):
        make(
            session_type,
            wednesday("10:00"),
            client=ClientDetails("Bo", "bo@example.com"),
            images=[clean_image(jpeg_upload())],
        )
    assert private_files() == []


def test_too_many_images_are_refused(session_type):
    image = clean_image(jpeg_upload())
    with pytest.raises(InvalidDetails):
        make(session_type, wednesday("10:00"), images=[image] * 6)


def test_later_policy_change_does_not_change_a_booking(session_type):
    booking = make(session_type, wednesday("10:00"))
    StudioProfile.objects.update(change_notice_hours=96)
    session_type.price = 999
    session_type.save()
    booking.refresh_from_db()
    assert booking.change_notice_hours == 48 and booking.price == 200
    # ...and the copied policy is the one applied: 60 h ahead is still changeable.
    cancel(booking=booking, now=wednesday("10:00") - timedelta(hours=60))


def test_reference_collision_is_retried(session_type, monkeypatch):
    first = make(session_type, wednesday("10:00"))
    references = iter([first.reference, "HS-ZZZZZ"])
    monkeypatch.setattr(services.booking, "new_reference", lambda kind: next(references))
    second = make(session_type, wednesday("14:00"), client=ClientDetails("Bo", "bo@example.com"))
    assert second.reference == "HS-ZZZZZ"


# --- reschedule ----------------------------------------------------------------------------


@pytest.fixture
def booking(session_type):
    return make(session_type, wednesday("10:00"))


def test_reschedule_moves_the_booking_bumps_version_and_frees_the_old_time(booking):
    token = booking.manage_token
    moved = reschedule(booking=booking, start=later_day(3, "14:00"), now=NOW)
    assert moved.start == later_day(3, "14:00")
    assert moved.end == later_day(3, "15:00")
    assert moved.blocked_start == later_day(3, "13:45")
    assert moved.version == 1 and moved.manage_token == token
    other = make(booking.session_type, wednesday("10:00"), client=ClientDetails("Bo", "b@x.io"))
    assert other.pk != booking.pk


def test_reschedule_to_the_same_time_changes_nothing(booking):
    moved = reschedule(booking=booking, start=booking.start, now=NOW)
    assert moved.version == 0


def test_reschedule_onto_a_taken_time_is_refused_and_leaves_the_booking(booking):
    other = make(booking.session_type, later_day(3, "14:00"), client=ClientDetails("Bo", "b@x.io"))
    with pytest.raises(SlotTaken) as caught:
        reschedule(booking=booking, start=other.start, now=NOW)
    assert caught.value.nearest
    assert caught.value.clashing is None  # clients never learn about other bookings
    booking.refresh_from_db()
    assert booking.start == wednesday("10:00") and booking.version == 0


def test_reschedule_may_overlap_its_own_old_time(booking):
    moved = reschedule(booking=booking, start=wednesday("10:30"), now=NOW)
    assert moved.start == wednesday("10:30")


def test_client_cannot_reschedule_within_the_notice(booking):
    with pytest.raises(OutsidePolicy) as caught:
        reschedule(
            booking=booking, start=later_day(7, "10:00"), now=booking.start - timedelta(hours=47)
        )
    assert "48 hours" in caught.value.message
    assert "+44 113 000 0000" in caught.value.message


def test_client_reschedule_obeys_booking_rules(booking):
    with pytest.raises(OutsidePolicy):
        reschedule(booking=booking, start=wednesday("10:10"), now=NOW)


def test_studio_may_move_off_the_grid(booking):
    moved = move_for_studio(booking=booking, start=wednesday("14:10"), now=NOW).booking
    assert moved.start == wednesday("14:10") and moved.version == 1


def test_studio_moves_inside_the_notice_only_when_it_says_so(booking):
    now = booking.start - timedelta(hours=2)
    with pytest.raises(NeedsOverride) as caught:
        move_for_studio(booking=booking, start=wednesday("14:10"), now=now)
    assert caught.value.problems == [Problem.NOTICE]
    assert "inside the minimum notice of 24 hours" in caught.value.message
    moved = move_for_studio(
        booking=booking, start=wednesday("14:10"), now=now, allow={Problem.NOTICE}
    )
    assert moved.overridden == ("inside the minimum notice of 24 hours",)
    moved = moved.booking
    assert moved.start == wednesday("14:10") and moved.version == 1


def test_studio_move_onto_a_booking_names_the_clash(booking):
    other = make(booking.session_type, wednesday("15:00"), client=ClientDetails("Bo", "b@x.io"))
    with pytest.raises(SlotTaken) as caught:
        move_for_studio(booking=booking, start=wednesday("14:30"), now=NOW)
    assert caught.value.clashing == other
    assert other.reference in caught.value.message


def test_studio_move_onto_time_off_or_closed_hours_needs_the_override(booking):
    TimeOffFactory(start=wednesday("15:00"), end=wednesday("17:00"))
    cases = (
        (wednesday("15:00"), Problem.TIME_OFF, "during time off"),
        (wednesday("18:00"), Problem.CLOSED, "outside working hours"),
    )
    for start, problem, words in cases:
        with pytest.raises(NeedsOverride) as caught:
            move_for_studio(booking=booking, start=start, now=NOW)
        assert caught.value.problems == [problem]
        assert words in caught.value.message
        booking.refresh_from_db()
        assert booking.version == 0
    moved = move_for_studio(
        booking=booking, start=wednesday("18:00"), now=NOW, allow={Problem.CLOSED}
    ).booking
    assert moved.start == wednesday("18:00")


def test_client_move_onto_time_off_is_refused_as_not_offered(booking):
    TimeOffFactory(start=later_day(3, "13:00"), end=later_day(3, "17:00"))
    with pytest.raises(OutsidePolicy) as caught:
        reschedule(booking=booking, start=later_day(3, "14:00"), now=NOW)
    assert "not one of the times" in caught.value.message
    booking.refresh_from_db()
    assert booking.start == wednesday("10:00") and booking.version == 0


def test_studio_may_not_move_into_the_past(booking):
    with pytest.raises(OutsidePolicy):
        move_for_studio(booking=booking, start=NOW - timedelta(days=1), now=NOW)


def test_cancelled_booking_cannot_be_moved(booking):
    cancel(booking=booking, now=NOW)
    with pytest.raises(BookingError):
        reschedule(booking=booking, start=later_day(3, "10:00"), now=NOW)


def test_reschedule_plans_reminders_with_notify(booking, monkeypatch):
    calls = []
    monkeypatch.setattr(
        reminders, "plan_reminders", lambda b, *, notify=True, now=None: calls.append(notify)
    )
    move_for_studio(booking=booking, start=later_day(3, "10:00"), notify=False, now=NOW)
    assert calls == [False]


# --- cancel --------------------------------------------------------------------------------


def test_cancel_frees_the_slot_at_once(booking):
    cancelled = cancel(booking=booking, reason="Ill", now=NOW)
    assert cancelled.status == Booking.Status.CANCELLED
    assert cancelled.cancelled_at == NOW and cancelled.cancelled_by == "client"
    assert cancelled.cancel_reason == "Ill"
    again = make(booking.session_type, booking.start, client=ClientDetails("Bo", "b@x.io"))
    assert again.start == booking.start


def test_cancel_twice_is_harmless(booking):
    cancel(booking=booking, now=NOW)
    assert cancel(booking=booking, now=NOW).status == Booking.Status.CANCELLED


def test_client_cannot_cancel_within_the_notice_but_the_studio_can(booking):
    late = booking.start - timedelta(hours=10)
    with pytest.raises(OutsidePolicy):
        cancel(booking=booking, now=late)
    cancelled = cancel(booking=booking, by_studio=True, notify=False, now=late)
    assert cancelled.cancelled_by == "studio"


def test_completed_booking_cannot_be_cancelled(booking):
    set_outcome(booking=booking, status=Booking.Status.COMPLETED, now=booking.end)
    with pytest.raises(BookingError):
        cancel(booking=booking, by_studio=True, now=booking.end)


# --- confirm, outcome, deposit -------------------------------------------------------------


def test_confirm_moves_pending_to_confirmed_once(session_type):
    StudioProfile.objects.update(require_confirmation=True)
    booking = make(session_type, wednesday("10:00"))
    assert confirm(booking=booking).status == Booking.Status.CONFIRMED
    assert confirm(booking=booking).status == Booking.Status.CONFIRMED


def test_cancelled_booking_cannot_be_confirmed(booking):
    cancel(booking=booking, now=NOW)
    with pytest.raises(BookingError):
        confirm(booking=booking)


@pytest.mark.parametrize("status", [Booking.Status.COMPLETED, Booking.Status.NO_SHOW])
def test_outcome_after_the_session(booking, status):
    assert set_outcome(booking=booking, status=status, now=booking.end).status == status


def test_outcome_before_the_session_is_refused(booking):
    with pytest.raises(BookingError):
        set_outcome(booking=booking, status=Booking.Status.COMPLETED, now=NOW)


@pytest.mark.parametrize("status", [Booking.Status.CANCELLED, Booking.Status.CONFIRMED, "bogus"])
def test_outcome_must_be_an_outcome(booking, status):
    with pytest.raises(BookingError):
        set_outcome(booking=booking, status=status, now=booking.end)


def test_deposit_paid_and_unpaid(booking):
    assert mark_deposit_paid(booking=booking).deposit_paid is True
    assert mark_deposit_paid(booking=booking, paid=False).deposit_paid is False


class _Deadlock(Exception):
    sqlstate = "40P01"


def test_an_insert_aborted_by_a_deadlock_is_retried(session_type, monkeypatch):
    from django.db import OperationalError

    original, calls = Booking.save, []

    def flaky(self, *args, **kwargs):
        calls.append(self.reference)
        if len(calls) == 1:
            raise OperationalError("deadlock detected") from _Deadlock()
        return original(self, *args, **kwargs)

    monkeypatch.setattr(Booking, "save", flaky)
    booking = make(session_type, wednesday("10:00"))
    assert len(calls) == 2 and calls[0] == calls[1] == booking.reference
    assert Booking.objects.get() == booking


def test_other_database_errors_are_not_retried(session_type, monkeypatch):
    from django.db import OperationalError

    calls = []

    def broken(self, *args, **kwargs):
        calls.append(1)
        raise OperationalError("disk I/O error")

    monkeypatch.setattr(Booking, "save", broken)
    with pytest.raises(OperationalError):
        make(session_type, wednesday("10:00"))
    assert calls == [1]


@pytest.mark.parametrize(
    "status",
    [Booking.Status.CONFIRMED, Booking.Status.PENDING, Booking.Status.AWAITING_PAYMENT],
)
@pytest.mark.parametrize("alert", [None, "alert_new"])
def test_a_new_booking_is_planned_in_one_insert_as_the_two_planners_would(
    session_type, status, alert, django_assert_max_num_queries
):
    from tests.factories import BookingFactory

    def outbox():
        fields = ("kind", "booking_version", "due_at", "state", "last_error")
        return sorted(booking.reminders.values_list(*fields))

    booking = BookingFactory(session_type=session_type, status=status, start=wednesday("10:00"))
    reminders.plan_reminders(booking, now=NOW)
    if alert:
        reminders.plan_alert(booking, kind=alert, now=NOW)
    planned = outbox()
    booking.reminders.all().delete()
    with django_assert_max_num_queries(2):  # the studio row and the INSERT
        reminders.plan_new_booking(booking, alert=alert, now=NOW)
    assert outbox() == planned
    assert planned or (status == Booking.Status.AWAITING_PAYMENT and not alert)


def test_a_first_time_client_is_inserted_without_a_savepoint(session_type):
    from bookings.services.details import client_for

    ada = ClientDetails("Ada Lovelace", "ada@example.com", "+44 7700 900123")
    with CaptureQueriesContext(connection) as queries:
        made = client_for(ada)
    sql = [q["sql"] for q in queries.captured_queries]
    assert not [s for s in sql if "SAVEPOINT" in s], sql
    assert Client.objects.get() == made
    assert (made.name, made.email, made.phone) == (ada.name, ada.email, ada.phone)


def test_a_client_inserted_meanwhile_under_another_case_is_the_record(session_type):
    from bookings.services.details import _insert_client

    theirs = Client.objects.create(name="Ada", email="ADA@Example.com")
    assert _insert_client(ClientDetails("Ada Lovelace", "ada@example.com")) is None
    assert list(Client.objects.all()) == [theirs]
