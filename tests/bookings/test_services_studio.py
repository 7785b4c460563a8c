"""The studio's own bookings: same services, same constraint, and a deliberate "book anyway"."""

import inspect
from datetime import timedelta

import pytest

from bookings.availability import Problem
from bookings.models import Booking, Client, Reminder
from bookings.services import (
    ClientDetails,
    InvalidDetails,
    NeedsOverride,
    OutsidePolicy,
    SlotTaken,
    book,
    book_for_studio,
)
from tests.bookings.booking_setup import NOW, headshot, local, open_studio, wednesday
from tests.factories import ClientFactory, TimeOffFactory

pytestmark = pytest.mark.django_db

PHONE_CLIENT = ClientDetails(name="Mo Phone", email="mo@example.com", phone="+44 7700 900123")


@pytest.fixture
def session_type():
    open_studio(require_confirmation=True)
    return headshot(buffer_after_minutes=15, price=200, deposit=50)


def studio_book(session_type, start, **kwargs):
    kwargs.setdefault("client", PHONE_CLIENT)
    return book_for_studio(session_type=session_type, start=start, now=NOW, **kwargs).booking


def test_studio_booking_is_confirmed_even_when_clients_wait_for_confirmation(session_type):
    booking = studio_book(session_type, wednesday("10:10"), deposit_paid=True)
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.deposit_paid is True
    assert booking.client.phone == "+44 7700 900123"
    kinds = set(booking.reminders.values_list("kind", "state"))
    assert (Reminder.Kind.CONFIRMATION, Reminder.State.PENDING) in kinds


def test_without_notify_the_confirmation_is_recorded_as_not_sent(session_type):
    booking = studio_book(session_type, wednesday("10:00"), notify=False)
    confirmation = booking.reminders.get(kind=Reminder.Kind.CONFIRMATION)
    assert confirmation.state == Reminder.State.SKIPPED
    assert "chose not to notify" in confirmation.last_error


def test_existing_client_is_booked_as_recorded(session_type):
    client = ClientFactory(name="Known Person", email="known@example.com", phone="")
    booking = studio_book(session_type, wednesday("10:00"), client=None, existing_client=client)
    assert booking.client == client
    assert Client.objects.count() == 1


def test_a_booking_needs_someone(session_type):
    with pytest.raises(InvalidDetails):
        studio_book(session_type, wednesday("10:00"), client=None)
    assert not Booking.objects.exists()


@pytest.mark.parametrize(
    ("start", "problems", "words"),
    [
        (wednesday("18:00"), [Problem.CLOSED], "outside working hours"),
        (local(NOW.date(), "15:00"), [Problem.NOTICE], "inside the minimum notice of 24 hours"),
        (wednesday("14:00"), [Problem.TIME_OFF], "during time off"),
        (
            local(NOW.date(), "19:00"),
            [Problem.CLOSED, Problem.NOTICE],
            "outside working hours and inside the minimum notice",
        ),
    ],
    ids=["after hours", "inside notice", "time off", "two at once"],
)
def test_breaking_a_rule_needs_each_override_named(session_type, start, problems, words):
    TimeOffFactory(start=wednesday("13:30"), end=wednesday("16:00"))
    with pytest.raises(NeedsOverride) as caught:
        studio_book(session_type, start)
    assert caught.value.problems == problems
    assert words in caught.value.message
    assert not Booking.objects.exists()
    if len(problems) > 1:  # allowing only some of them is not enough
        with pytest.raises(NeedsOverride) as again:
            studio_book(session_type, start, allow={problems[0]})
        assert again.value.problems == problems[1:]
        assert not Booking.objects.exists()
    booking = studio_book(session_type, start, allow=set(problems))
    assert booking.start == start


def test_no_override_lets_a_booking_overlap_another(session_type):
    first = studio_book(session_type, wednesday("10:00"))
    everything = {Problem.CLOSED, Problem.NOTICE, Problem.TIME_OFF, Problem.BUSY}
    for start in (wednesday("10:30"), wednesday("09:30"), wednesday("11:10")):
        with pytest.raises(SlotTaken) as caught:
            studio_book(
                session_type, start, client=ClientDetails("B", "b@example.com"), allow=everything
            )
        assert caught.value.clashing == first
        assert first.reference in caught.value.message
    assert Booking.objects.count() == 1


def test_the_past_is_never_bookable(session_type):
    with pytest.raises(OutsidePolicy) as caught:
        studio_book(session_type, NOW - timedelta(hours=1), allow={Problem.CLOSED, Problem.NOTICE})
    assert not isinstance(caught.value, NeedsOverride)
    assert not Booking.objects.exists()


def test_client_bookings_still_obey_every_rule(session_type):
    # Only the studio's booking takes overrides: the client's has no way to name one.
    assert "allow" not in inspect.signature(book).parameters
    with pytest.raises(OutsidePolicy):
        book(session_type=session_type, start=wednesday("18:00"), client=PHONE_CLIENT, now=NOW)
    assert not Booking.objects.exists()


def test_the_studio_booking_says_which_rules_it_was_made_over(session_type):
    booked = book_for_studio(
        session_type=session_type,
        start=wednesday("18:00"),
        client=PHONE_CLIENT,
        now=NOW,
        allow={Problem.CLOSED},
    )
    assert booked.overridden == ("outside working hours",)
    assert not hasattr(booked.booking, "overridden")
