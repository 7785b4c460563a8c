"""Refunds, and the every-minute sweep that releases holds and settles cancellations."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings import services as bookings
from bookings.models import Booking

from .. import gateway
from ..models import Payment
from .common import BookingStatus, Kind, PaymentError, log, record


def refund(*, payment: Payment, reason: str) -> Payment:
    """Refund a paid deposit in full through Stripe. Never refunds twice (row lock and a
    per-booking idempotency key); raises PaymentError when there is nothing to refund or
    Stripe refuses."""
    with transaction.atomic():
        payment = Payment.objects.select_for_update().select_related("booking").get(pk=payment.pk)
        if payment.status not in (Payment.Status.PAID, Payment.Status.KEPT):
            raise PaymentError(_("There is no paid deposit to refund."))
        if not payment.payment_intent_id:
            raise PaymentError(_("Stripe has not told us which payment to refund yet."))
        try:
            result = gateway.refund(
                payment_intent=payment.payment_intent_id,
                amount=payment.amount,
                currency=payment.currency,
                key=f"deposit-refund-{payment.booking.reference}",
            )
        except gateway.GatewayError as exc:
            failed = exc
        else:
            failed = None
            payment.status = Payment.Status.REFUNDED
            payment.refund_id = result.id
            payment.refunded_at = timezone.now()
            payment.save()
            if payment.booking.is_active and payment.booking.deposit_paid:
                # Refunded while the booking stands: its deposit is owed again.
                bookings.mark_deposit_paid(booking=payment.booking, paid=False)
            record(
                payment,
                Kind.REFUND_ISSUED,
                stripe_object_id=result.id,
                amount=result.amount,
                currency=payment.currency,
                note=reason,
            )
    if failed is not None:
        record(payment, Kind.GATEWAY_ERROR, note=f"{reason}: {failed.message}")
        raise PaymentError(_("Stripe did not accept the refund: %(why)s") % {"why": failed.message})
    log.info("payments.refunded", extra={"reference": payment.booking.reference})
    return payment


@dataclass
class SweepResult:
    released: int = 0
    closed: int = 0
    refunded: int = 0
    kept: int = 0
    failed: int = 0


def sweep(*, now: datetime | None = None) -> SweepResult:
    """Release holds past their time (one email each), close checkouts of bookings that
    stopped waiting, refund deposits due back and record the ones kept. Safe to run
    again at any time: each step looks only at what is still undone."""
    now = now or timezone.now()
    result = SweepResult()
    overdue = Booking.objects.filter(
        status=BookingStatus.AWAITING_PAYMENT, hold_until__lte=now
    ).order_by("hold_until")
    for booking in overdue[:200]:
        _release(booking, now, result)
    stale = Payment.objects.filter(status=Payment.Status.OPEN).exclude(
        booking__status=BookingStatus.AWAITING_PAYMENT
    )
    for payment in stale.select_related("booking")[:200]:
        _close(payment, result)
    settled = Payment.objects.filter(
        status=Payment.Status.PAID,
        booking__status__in=(BookingStatus.CANCELLED, BookingStatus.EXPIRED),
    )
    for payment in settled.select_related("booking")[:200]:
        _settle(payment, result)
    return result


def _release(booking: Booking, now: datetime, result: SweepResult) -> None:
    payment = Payment.objects.filter(booking=booking).first()
    if (
        payment is not None
        and payment.checkout_session_id
        and payment.status == Payment.Status.OPEN
    ):
        try:
            session = gateway.expire_checkout(payment.checkout_session_id)
        except gateway.GatewayError as exc:
            # Released all the same: a payment that still comes in is refunded (late payment).
            record(payment, Kind.GATEWAY_ERROR, note=exc.message)
            result.failed += 1
        else:
            if session.status == "complete":
                return  # paid at the last moment: its webhook confirms the booking
    with transaction.atomic():
        booking = bookings.expire_hold(booking=booking, now=now)
        if booking.status != BookingStatus.EXPIRED:
            return
        if payment is not None:
            Payment.objects.filter(pk=payment.pk, status=Payment.Status.OPEN).update(
                status=Payment.Status.EXPIRED, updated_at=now
            )
        record(payment, Kind.HOLD_EXPIRED, booking=booking)
    result.released += 1


def _close(payment: Payment, result: SweepResult) -> None:
    if payment.checkout_session_id:
        try:
            session = gateway.expire_checkout(payment.checkout_session_id)
        except gateway.GatewayError:
            log.warning("payments.close_failed", extra={"reference": payment.booking.reference})
            result.failed += 1
            return
        if session.status == "complete":
            return
    updated = Payment.objects.filter(pk=payment.pk, status=Payment.Status.OPEN).update(
        status=Payment.Status.EXPIRED, updated_at=timezone.now()
    )
    if updated:
        record(payment, Kind.CHECKOUT_EXPIRED, stripe_object_id=payment.checkout_session_id)
        result.closed += 1


def _settle(payment: Payment, result: SweepResult) -> None:
    booking = payment.booking
    # A booking that never took this payment (paid after its hold ended, or after it was
    # cancelled while awaiting payment) gives it back, whatever the deadline.
    never_taken = not booking.deposit_paid
    if never_taken or booking.deposit_refund_due:
        reason = (
            "paid after the booking stopped holding its time"
            if never_taken
            else "cancelled before the change-notice deadline"
        )
        try:
            refund(payment=payment, reason=reason)
        except PaymentError:
            result.failed += 1
        else:
            result.refunded += 1
        return
    updated = Payment.objects.filter(pk=payment.pk, status=Payment.Status.PAID).update(
        status=Payment.Status.KEPT, updated_at=timezone.now()
    )
    if updated:
        record(
            payment,
            Kind.KEPT,
            amount=payment.amount,
            currency=payment.currency,
            note="cancelled after the change-notice deadline",
        )
        result.kept += 1
