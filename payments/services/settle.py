"""Accepting a paid Checkout Session: one service, whoever learns of the payment first.

Stripe's webhook, the sweep (which asks Stripe about holds past their time) and the page
Checkout returns to all hand the session to `accept_session`. It checks the session is
the one we opened, for the amount and currency we asked, and then records the payment
and settles the booking exactly once; a second caller finds it done and changes nothing.

Every money writer locks the booking first and then its payment (`lock_pair`): one order
everywhere, so a webhook and a sweep on the same booking wait for each other instead of
deadlocking.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from bookings import services as bookings
from bookings.models import Booking

from .. import gateway
from ..models import Payment, PaymentEvent
from .common import Kind, alert_studio, log

TAKEN = (
    Payment.Status.PAID,
    Payment.Status.KEPT,
    Payment.Status.PART_REFUNDED,
    Payment.Status.REFUNDED,
)


def lock_pair(booking_id: int) -> tuple[Booking, Payment | None]:
    """The booking, then its payment, each under a row lock until the transaction ends.

    Must run inside a transaction. The booking's lock is NO KEY UPDATE on its own row, as
    the booking services take it (`bookings.services.checks.locked`), so nested booking
    services re-lock it without waiting.
    """
    booking = Booking.objects.select_for_update(of=("self",), no_key=True).get(pk=booking_id)
    payment = Payment.objects.select_for_update().filter(booking_id=booking_id).first()
    return booking, payment


def mismatch(payment: Payment, session: gateway.CheckoutSession) -> str:
    """Why this session cannot pay this deposit ("" when it can)."""
    if not payment.checkout_session_id or session.id != payment.checkout_session_id:
        return f"Checkout session {session.id[:80]} is not the one opened for this booking"
    if session.currency != payment.currency.lower():
        return f"currency {session.currency[:8].upper()} instead of {payment.currency.upper()}"
    expected = gateway.minor_units(payment.amount, payment.currency)
    if session.amount_total != expected:
        return f"amount {session.amount_total} instead of {expected} (minor units)"
    return ""


def accept_session(
    *,
    booking_id: int,
    session: gateway.CheckoutSession,
    row: PaymentEvent | None = None,
    now: datetime | None = None,
) -> PaymentEvent | None:
    """Record a Checkout Session Stripe reports complete, once.

    Locks booking then payment. A session that is not ours, or not for our amount and
    currency, is recorded as a mismatch and alerts the studio; nothing else changes. A
    session not yet paid (an asynchronous method) is noted and left to its later event or
    to the sweep. A paid one marks the payment paid and confirms the held booking (its
    emails go out), or, when the hold had ended, is recorded as a late payment that the
    sweep refunds. Returns the timeline row written (`row` when given, filled in), or
    None when there was nothing new to record.
    """
    now = now or timezone.now()
    with transaction.atomic():
        booking, payment = lock_pair(booking_id)
        asked = row is None  # we asked Stripe (sweep, return page); no event to record
        if asked:
            if payment is not None and payment.status in TAKEN:
                return None  # already settled by whoever came first
            if not session.paid:
                return None  # nothing new: its event, or the hold's end, decides
            row = PaymentEvent(stripe_object_id=session.id[:255], kind=Kind.IGNORED)
        row.booking, row.payment = booking, payment
        if session.amount_total is not None and session.currency:
            row.amount = gateway.from_minor_units(session.amount_total, session.currency)
            row.currency = session.currency[:3]
        problem = "no checkout was opened for this booking" if payment is None else ""
        problem = problem or mismatch(payment, session)
        if problem:
            row.kind, row.note = Kind.MISMATCH, problem
            row.save()
            alert_studio(booking, problem)
            log.error("payments.mismatch", extra={"reference": booking.reference})
            return row
        if not session.paid:
            row.kind = Kind.PROCESSING
            row.note = f"payment_status={session.payment_status[:40]}"
            row.save()
            return row
        if payment.status in TAKEN:
            row.note = "already recorded"
            row.save()
            return row
        row.kind = _mark_paid(booking, payment, session, now=now)
        row.save()
    return row


def _mark_paid(booking: Booking, payment: Payment, session, *, now: datetime) -> str:
    """Mark the payment paid and confirm the held booking (its emails go out); the kind of
    timeline row that says so. Inside accept_session's locks."""
    payment.status = Payment.Status.PAID
    payment.paid_at = now
    payment.payment_intent_id = session.payment_intent
    payment.save()
    if booking.status == Booking.Status.AWAITING_PAYMENT:
        bookings.settle_hold(booking=booking, now=now)
        return Kind.PAID
    # The hold had ended: the time may be someone else's now. The sweep refunds it.
    log.warning("payments.late_payment", extra={"reference": booking.reference})
    return Kind.LATE_PAYMENT


def confirm_with_stripe(*, payment: Payment, now: datetime | None = None) -> PaymentEvent | None:
    """Ask Stripe about this payment's Checkout Session and accept it if it is complete:
    the return page and the sweep use it so a paid client is booked without the webhook.
    Raises gateway.GatewayError when Stripe cannot be asked; otherwise as accept_session."""
    if not payment.checkout_session_id or payment.status in TAKEN:
        return None
    session = gateway.retrieve_checkout(payment.checkout_session_id)
    if session.status != "complete":
        return None
    row = accept_session(booking_id=payment.booking_id, session=session, now=now)
    if row is not None and row.kind in (Kind.PAID, Kind.LATE_PAYMENT):
        row.note = "confirmed by asking Stripe (no webhook yet)"
        row.save(update_fields=["note"])
    return row


def apply_refunded_total(
    *, payment: Payment, booking: Booking, total: Decimal, refund_id: str = ""
) -> Payment:
    """The one writer of "refunded in part" and "refunded": `total` of this payment has
    been refunded so far (never less than we knew), by us or in Stripe's dashboard.
    Refunded in full while the booking stands, its deposit is owed again. Under the
    caller's locks on booking then payment."""
    total = min(max(total, payment.refunded_amount), payment.amount)
    if total == payment.refunded_amount and payment.status != Payment.Status.PAID:
        return payment
    payment.refunded_amount = total
    payment.refund_id = refund_id or payment.refund_id
    payment.refunded_at = timezone.now()
    if total >= payment.amount:
        payment.status = Payment.Status.REFUNDED
    elif total > 0:
        payment.status = Payment.Status.PART_REFUNDED
    payment.save()
    if total >= payment.amount and booking.is_active and booking.deposit_paid:
        # Refunded while the booking stands: its deposit is owed again.
        bookings.deposit_refunded(booking=booking)
    return payment
