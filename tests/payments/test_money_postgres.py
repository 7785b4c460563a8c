"""Stripe's webhook and the sweep on the same booking at the same moment, on real PostgreSQL:
both lock the booking before its payment, so they queue instead of deadlocking, and the
booking ends in one money state with one record of the payment."""

import json
import threading
from datetime import timedelta

import pytest
from django.db import connection

from bookings.models import Booking
from bookings.services import ClientDetails, book
from payments import services as payments
from payments.models import Payment, PaymentEvent
from studio.models import SessionType
from tests.bookings.booking_setup import NOW, headshot, later_day, open_studio
from tests.payments.standin import event, sign

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

ROUNDS = 20
# Weekdays after NOW (Monday 7 January 2030) within the studio's hours, one per round.
SLOTS = [
    later_day(days, hour)
    for days in (2, 3, 4, 7, 8)
    for hour in ("09:00", "10:00", "11:00", "14:00")
]


def both_at_once(*calls):
    """Run the calls in threads released together; returns the exceptions they raised."""
    barrier = threading.Barrier(len(calls))
    errors = []

    def run(call):
        try:
            barrier.wait(timeout=30)
            call()
        except Exception as exc:  # noqa: BLE001 - any exception fails the test
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(call,)) for call in calls]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a thread is stuck"
    return errors


@pytest.mark.parametrize("stripe_answers", [True, False], ids=["stripe-up", "stripe-down"])
def test_webhook_and_sweep_together_settle_once_without_deadlock(stripe_api, stripe_answers):
    """Stripe up: the sweep finds the session paid and settles it, or finds it settled.
    Stripe down for the sweep: it releases the hold all the same, so either the webhook
    books it first, or it comes late and the next sweep refunds it. Never both, never a
    deadlock, never paid and unbooked."""
    open_studio()
    online = headshot(deposit=50, deposit_method=SessionType.DepositMethod.ONLINE)
    for round_ in range(ROUNDS):
        booking = book(
            session_type=online,
            start=SLOTS[round_],
            client=ClientDetails(f"Client {round_}", f"c{round_}@example.com"),
            now=NOW,
        )
        payment = payments.start_checkout(booking=booking)
        paid = stripe_api.complete(payment.checkout_session_id)
        payload = json.dumps(event("checkout.session.completed", paid))
        after_hold = booking.hold_until + timedelta(minutes=1)
        if not stripe_answers:
            stripe_api.fail_next = [500] * 3  # the library tries three times
        errors = both_at_once(
            lambda payload=payload: payments.handle_webhook(
                payload=payload.encode(), signature=sign(payload)
            ),
            lambda after_hold=after_hold: payments.sweep(now=after_hold),
        )
        assert errors == [], f"round {round_}: {errors!r}"
        payments.sweep(now=after_hold + timedelta(minutes=10))  # refunds a late payment
        booking = Booking.objects.get(pk=booking.pk)
        payment = Payment.objects.get(pk=payment.pk)
        rows = PaymentEvent.objects.filter(booking=booking)
        if booking.status == Booking.Status.CONFIRMED:
            assert booking.deposit_paid and payment.status == Payment.Status.PAID, round_
            assert rows.filter(kind=PaymentEvent.Kind.PAID).count() == 1, round_
            assert not rows.filter(kind=PaymentEvent.Kind.HOLD_EXPIRED).exists(), round_
        else:
            assert not stripe_answers, f"round {round_}: released though Stripe said paid"
            assert booking.status == Booking.Status.EXPIRED and not booking.deposit_paid
            assert payment.status == Payment.Status.REFUNDED, round_
            assert rows.filter(kind=PaymentEvent.Kind.LATE_PAYMENT).count() == 1, round_
        assert payment.claimed_until is None
        stripe_api.fail_next = []


def test_two_sweeps_together_release_a_hold_once(stripe_api):
    open_studio()
    online = headshot(deposit=50, deposit_method=SessionType.DepositMethod.ONLINE)
    for round_ in range(5):
        booking = book(
            session_type=online,
            start=later_day(3, ("09:00", "10:00", "11:00", "13:00", "14:00")[round_]),
            client=ClientDetails(f"Client {round_}", f"c{round_}@example.com"),
            now=NOW,
        )
        payments.start_checkout(booking=booking)
        after_hold = booking.hold_until + timedelta(minutes=1)
        results = []

        def run_sweep(results=results, after_hold=after_hold):
            results.append(payments.sweep(now=after_hold))

        errors = both_at_once(run_sweep, run_sweep)
        assert errors == []
        assert sum(result.released for result in results) == 1
        expires = [c for c in stripe_api.requests if c["path"].endswith("/expire")]
        assert len(expires) == round_ + 1  # one sweep asked Stripe; the other skipped it
        assert Booking.objects.get(pk=booking.pk).status == Booking.Status.EXPIRED


def _someone_waits_on_a_lock() -> bool:
    with connection.cursor() as cursor:
        # Statistics views are a snapshot per transaction; the sweep's is still open.
        cursor.execute("SELECT pg_stat_clear_snapshot()")
        cursor.execute(
            "SELECT count(*) FROM pg_stat_activity"
            " WHERE wait_event_type = 'Lock' AND datname = current_database()"
        )
        return cursor.fetchone()[0] > 0


def test_a_webhook_arriving_while_the_sweep_holds_the_booking_waits_its_turn(
    stripe_api, monkeypatch
):
    """The forced interleaving: the sweep has locked the booking to release it when the
    webhook for its payment comes in. The webhook must queue behind the sweep (same lock
    order); with the opposite order it would hold the payment the sweep needs next and
    PostgreSQL would abort one of them as a deadlock."""
    from bookings import services as bookings

    open_studio()
    online = headshot(deposit=50, deposit_method=SessionType.DepositMethod.ONLINE)
    original = bookings.expire_hold
    for round_ in range(5):
        sweep_holds_booking = threading.Event()

        def expire_then_wait(*, booking, now=None, _done=sweep_holds_booking):
            result = original(booking=booking, now=now)
            _done.set()
            for _ in range(200):  # until the webhook waits on a lock (10 s at most)
                if _someone_waits_on_a_lock():
                    break
                threading.Event().wait(0.05)
            return result

        monkeypatch.setattr(bookings, "expire_hold", expire_then_wait)
        booking = book(
            session_type=online,
            start=SLOTS[round_],
            client=ClientDetails(f"Client {round_}", f"c{round_}@example.com"),
            now=NOW,
        )
        payment = payments.start_checkout(booking=booking)
        paid = stripe_api.complete(payment.checkout_session_id)
        payload = json.dumps(event("checkout.session.completed", paid))
        stripe_api.fail_next = [500] * 3  # the sweep cannot ask Stripe, so it releases

        def webhook(payload=payload, ready=sweep_holds_booking):
            assert ready.wait(timeout=30)
            payments.handle_webhook(payload=payload.encode(), signature=sign(payload))

        after_hold = booking.hold_until + timedelta(minutes=1)
        errors = both_at_once(webhook, lambda after_hold=after_hold: payments.sweep(now=after_hold))
        assert errors == [], f"round {round_}: {errors!r}"
        monkeypatch.setattr(bookings, "expire_hold", original)
        payments.sweep(now=after_hold + timedelta(minutes=10))
        booking = Booking.objects.get(pk=booking.pk)
        assert booking.status == Booking.Status.EXPIRED and not booking.deposit_paid
        assert Payment.objects.get(pk=payment.pk).status == Payment.Status.REFUNDED
        stripe_api.fail_next = []
