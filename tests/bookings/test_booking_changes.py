"""The studio changes a booking after it is made (type, people, place) or restores a
cancelled one: the same checks as a new booking, history rows, one email."""

from datetime import time, timedelta

import pytest
from django.core import mail

from bookings import services
from bookings.availability import Problem
from bookings.models import Booking, HistoryEntry, Reminder
from bookings.reminders import send_due
from studio.models import SessionType
from tests.bookings.booking_setup import NOW, headshot, open_studio, wednesday
from tests.factories import SessionTypeFactory, TimeOffFactory

pytestmark = pytest.mark.django_db
What = HistoryEntry.What
Kind = Reminder.Kind
CLIENT = services.ClientDetails(name="Ada Lovelace", email="ada@example.com", phone="")


@pytest.fixture
def studio(db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return open_studio(quiet_hours_start=time(0), quiet_hours_end=time(0))


@pytest.fixture
def types(studio):
    short = headshot(price=100)
    long = SessionTypeFactory(
        name="Family portrait",
        slug="family",
        duration_minutes=120,
        buffer_after_minutes=0,
        max_people=6,
        price=300,
        location=SessionType.Location.EITHER,
        travel_before_minutes=30,
        travel_after_minutes=30,
    )
    return short, long


def booked(session_type, hhmm="10:00"):
    booking = services.book_for_studio(
        session_type=session_type, start=wednesday(hhmm), client=CLIENT, now=NOW
    ).booking
    send_due(now=NOW)  # the confirmation goes: what the client was told
    mail.outbox.clear()
    return booking


def history(booking):
    return list(booking.history.order_by("pk").values_list("what", "summary"))


def test_changing_the_type_and_people_reshapes_reprices_and_records_each_change(types):
    short, long = types
    booking = booked(short)
    services.change_booking(booking=booking, session_type=long, people=4, now=NOW)
    booking.refresh_from_db()
    assert booking.session_type == long and booking.people == 4
    assert booking.end - booking.start == timedelta(minutes=120)
    assert booking.price == 300 and booking.version == 1
    assert history(booking) == [
        (What.SESSION_TYPE, "Session: Headshot → Family portrait"),
        (What.PEOPLE, "People: 1 → 4"),
        (What.PRICE, "Price: £100 → £300 (the new session's)"),
    ]


def test_one_clear_email_lists_what_changed_and_nothing_else_is_announced(types):
    short, long = types
    booking = booked(short)
    services.change_booking(booking=booking, session_type=long, people=3, now=NOW)
    send_due(now=NOW)
    (message,) = [m for m in mail.outbox if "ada@example.com" in m.to[0]]
    assert message.subject.startswith("Changed: your booking for")
    assert "Session: Headshot → Family portrait" in message.body
    assert "People: 1 → 3" in message.body
    assert not booking.reminders.filter(kind=Kind.RESCHEDULED).exists()


def test_changing_the_place_adds_travel_time_and_is_on_the_history(types):
    _short, long = types
    booking = booked(long)
    services.change_booking(
        booking=booking, on_location=True, location="Kew Gardens, main gate", now=NOW
    )
    booking.refresh_from_db()
    assert booking.on_location and booking.location == "Kew Gardens, main gate"
    assert booking.start - booking.blocked_start == timedelta(minutes=30)
    assert history(booking) == [(What.PLACE, "Where: at the studio → Kew Gardens, main gate")]


def test_a_longer_type_over_another_booking_is_refused_and_nothing_changes(types):
    short, long = types
    booking = booked(short, "10:00")
    booked(short, "11:00")
    with pytest.raises(services.SlotTaken):
        services.change_booking(booking=booking, session_type=long, now=NOW)
    booking.refresh_from_db()
    assert booking.session_type == short and not booking.history.exists()


def test_a_change_into_time_off_needs_book_anyway_by_name(types):
    short, long = types
    booking = booked(short, "10:00")
    TimeOffFactory(start=wednesday("11:00"), end=wednesday("12:00"))
    with pytest.raises(services.NeedsOverride) as refusal:
        services.change_booking(booking=booking, session_type=long, now=NOW)
    assert refusal.value.problems == [Problem.TIME_OFF]
    done = services.change_booking(
        booking=booking, session_type=long, allow={Problem.TIME_OFF}, now=NOW
    )
    assert done.overridden == ("during time off",)
    assert booking.history.get(what=What.SESSION_TYPE).overridden == ["during time off"]


def test_more_people_than_the_type_takes_needs_book_anyway(types):
    short, _long = types
    booking = booked(short)
    with pytest.raises(services.NeedsOverride) as refusal:
        services.change_booking(booking=booking, people=5, now=NOW)
    assert refusal.value.problems == [Problem.GROUP_SIZE]
    services.change_booking(booking=booking, people=5, allow={Problem.GROUP_SIZE}, now=NOW)
    booking.refresh_from_db()
    assert booking.people == 5


def test_a_change_that_changes_nothing_writes_nothing(types):
    short, _long = types
    booking = booked(short)
    services.change_booking(booking=booking, people=1, now=NOW)
    booking.refresh_from_db()
    assert booking.version == 0 and not booking.history.exists()


def test_without_notify_the_change_email_is_recorded_as_not_sent(types):
    short, long = types
    booking = booked(short)
    services.change_booking(booking=booking, session_type=long, notify=False, now=NOW)
    assert booking.reminders.get(kind=Kind.CHANGED).state == Reminder.State.SKIPPED


def test_a_cancelled_booking_whose_time_is_free_is_restored_with_one_email(types):
    short, _long = types
    booking = booked(short)
    services.cancel(booking=booking, by_studio=True, reason="Ill", now=NOW)
    send_due(now=NOW)
    mail.outbox.clear()
    services.restore(booking=booking, now=NOW)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED and booking.cancelled_at is None
    ((what, summary),) = history(booking)
    assert what == What.RESTORED and "Cancelled on 2030-01-07 by the studio (Ill)" in summary
    send_due(now=NOW)
    client_mail = [m for m in mail.outbox if "ada@example.com" in m.to[0]]
    assert [m.subject.split(":")[0] for m in client_mail] == ["Back on"]


def test_a_cancelled_booking_whose_time_was_taken_is_not_restored(types):
    short, _long = types
    booking = booked(short)
    services.cancel(booking=booking, by_studio=True, now=NOW)
    other = booked(short)
    with pytest.raises(services.SlotTaken) as refusal:
        services.restore(booking=booking, now=NOW)
    assert refusal.value.clashing == other
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED and not booking.history.exists()


def test_only_a_cancelled_booking_can_be_restored(types):
    short, _long = types
    with pytest.raises(services.BookingError):
        services.restore(booking=booked(short), now=NOW)
