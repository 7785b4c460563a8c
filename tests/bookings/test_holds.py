"""A booking awaiting its deposit: settled once when paid, released once when the hold ends."""

from datetime import timedelta

import pytest

from bookings import services
from bookings.models import Booking, Reminder
from studio.models import StudioProfile
from tests.bookings.booking_setup import NOW, headshot, open_studio, wednesday

pytestmark = pytest.mark.django_db


@pytest.fixture
def held():
    open_studio()
    return services.book(
        session_type=headshot(deposit=50),
        start=wednesday("10:00"),
        client=services.ClientDetails(name="Ada Lovelace", email="ada@example.com"),
        pay_online=True,
        now=NOW,
    )


def kinds(booking) -> list[str]:
    return list(Reminder.objects.filter(booking=booking).values_list("kind", flat=True))


def test_pay_online_needs_a_deposit():
    open_studio()
    booking = services.book(
        session_type=headshot(deposit=0),
        start=wednesday("10:00"),
        client=services.ClientDetails(name="Ada", email="ada@example.com"),
        pay_online=True,
        now=NOW,
    )
    assert booking.status == Booking.Status.CONFIRMED and booking.hold_until is None


def test_settling_confirms_once_and_plans_the_confirmation(held):
    booking = services.settle_hold(booking=held, now=NOW)
    assert booking.status == Booking.Status.CONFIRMED and booking.deposit_paid
    assert booking.hold_until is None
    services.settle_hold(booking=booking, now=NOW)
    assert kinds(booking).count(Reminder.Kind.CONFIRMATION) == 1
    # The studio hears of the booking once it is paid, not while it was only held.
    assert kinds(booking).count(Reminder.Kind.ALERT_NEW) == 1


def test_settling_with_studio_confirmation_leaves_it_pending(held):
    StudioProfile.objects.filter(pk=1).update(require_confirmation=True)
    booking = services.settle_hold(booking=held, now=NOW)
    assert booking.status == Booking.Status.PENDING
    assert kinds(booking) == [Reminder.Kind.REQUESTED, Reminder.Kind.ALERT_PENDING]


def test_a_released_booking_cannot_be_settled(held):
    services.expire_hold(booking=held, now=held.hold_until)
    with pytest.raises(services.BookingError):
        services.settle_hold(booking=held, now=NOW)


def test_the_hold_is_kept_until_its_time(held):
    assert services.expire_hold(
        booking=held, now=held.hold_until - timedelta(seconds=1)
    ).status == (Booking.Status.AWAITING_PAYMENT)
    booking = services.expire_hold(booking=held, now=held.hold_until)
    assert booking.status == Booking.Status.EXPIRED and not booking.is_active
    services.expire_hold(booking=booking, now=held.hold_until + timedelta(hours=1))
    assert kinds(booking) == [Reminder.Kind.EXPIRED]  # no alert for a hold never paid


def test_expire_now_releases_before_the_hold_ends(held):
    assert services.expire_now(booking=held, now=NOW).status == Booking.Status.EXPIRED


def test_a_paid_booking_is_never_expired(held):
    services.settle_hold(booking=held, now=NOW)
    booking = services.expire_now(booking=held, now=NOW + timedelta(hours=1))
    assert booking.status == Booking.Status.CONFIRMED
