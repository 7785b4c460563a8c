"""Deposits through Stripe Checkout: the only writers of Payment and PaymentEvent.

- `start_checkout`: a booking awaiting its deposit gets one Checkout Session.
- `handle_webhook`: Stripe's signed events, the only thing that marks a deposit paid.
- `sweep`: the every-minute beat task: releases holds that ran out, closes checkouts
  nobody needs any more, refunds deposits due back and records the ones kept.
- `refund`: the photographer's refund, and the sweep's.

Calls to Stripe are made outside database transactions where they can be (a slow
Stripe never holds a booking's row lock), each with an idempotency key.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings import services as bookings
from bookings.models import Booking

from . import gateway
from .models import Payment, PaymentEvent

log = logging.getLogger("payments")
Kind = PaymentEvent.Kind
BookingStatus = Booking.Status


class PaymentError(Exception):
    """A refusal with a message that can be shown to people as is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class InvalidEvent(Exception):
    """A webhook request whose signature or body does not check out."""


def _record(payment: Payment | None, kind: str, *, booking=None, **fields) -> PaymentEvent:
    booking = booking or (payment.booking if payment else None)
    return PaymentEvent.objects.create(booking=booking, payment=payment, kind=kind, **fields)


def _absolute(name: str, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)


# --- Checkout ---------------------------------------------------------------------------


def start_checkout(*, booking: Booking) -> Payment:
    """The Checkout Session for a booking awaiting its deposit: created once (idempotent
    per booking, at Stripe too), then reused. Raises PaymentError when the booking no
    longer waits for payment or Stripe cannot be reached (the hold keeps running)."""
    if booking.status != BookingStatus.AWAITING_PAYMENT:
        raise PaymentError(_("This booking is not waiting for a deposit."))
    payment, _created = Payment.objects.get_or_create(
        booking=booking,
        defaults={"amount": booking.deposit, "currency": settings.STUDIO_CURRENCY},
    )
    if payment.status == Payment.Status.OPEN and payment.checkout_url:
        return payment
    if payment.status != Payment.Status.OPEN:
        raise PaymentError(_("This deposit can no longer be paid here."))
    description = _("Deposit: %(session)s, booking %(reference)s") % {
        "session": booking.session_type.name,
        "reference": booking.reference,
    }
    try:
        session = gateway.create_checkout(
            reference=booking.reference,
            description=description,
            amount=payment.amount,
            currency=payment.currency,
            email=booking.client.email,
            success_url=_absolute("payments:returned", booking.manage_token)
            + "?session_id={CHECKOUT_SESSION_ID}",
            cancel_url=_absolute("payments:deposit", booking.manage_token) + "?cancelled=1",
        )
    except gateway.GatewayError as exc:
        log.warning("payments.checkout_failed", extra={"reference": booking.reference})
        _record(payment, Kind.GATEWAY_ERROR, note=exc.message)
        raise PaymentError(
            _("We could not reach the payment provider. Your time is still held; please try again.")
        ) from exc
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if not payment.checkout_url:
            payment.checkout_session_id, payment.checkout_url = session.id, session.url
            payment.save(update_fields=["checkout_session_id", "checkout_url", "updated_at"])
            _record(
                payment,
                Kind.CHECKOUT_STARTED,
                stripe_object_id=session.id,
                amount=payment.amount,
                currency=payment.currency,
            )
    return payment


# --- Webhook ----------------------------------------------------------------------------


def handle_webhook(*, payload: bytes, signature: str | None) -> PaymentEvent | None:
    """Verify a Stripe webhook with the library and apply it once.

    Raises InvalidEvent (nothing changes) for a missing or wrong signature. Returns the
    recorded event, or None for an event id seen before (nothing changes either).
    """
    try:
        event = stripe.Webhook.construct_event(
            payload, signature or "", settings.STRIPE_WEBHOOK_SECRET
        )
    except (ValueError, stripe.SignatureVerificationError) as exc:
        raise InvalidEvent(str(exc)) from exc
    except (AttributeError, KeyError, TypeError) as exc:  # signed, but JSON that is no event
        raise InvalidEvent("not an event") from exc
    event = event.to_dict()
    data = event.get("data")
    obj = data.get("object") if isinstance(data, dict) else None
    if not (isinstance(event.get("id"), str) and isinstance(event.get("type"), str)):
        raise InvalidEvent("not an event")
    if not isinstance(obj, dict):
        raise InvalidEvent("an event without its object")
    return apply_event(event)


def apply_event(event: dict) -> PaymentEvent | None:
    """Apply one verified event, in one transaction with its record. Idempotent per id."""
    obj = event["data"]["object"]
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = PaymentEvent.objects.create(
                    stripe_event_id=event["id"],
                    stripe_event_type=event["type"],
                    stripe_object_id=obj.get("id", ""),
                    kind=Kind.IGNORED,
                )
        except IntegrityError:
            log.info("payments.duplicate_event", extra={"event": event["id"]})
            return None
        handler = HANDLERS.get(event["type"])
        if handler is not None:
            handler(row, obj)
        row.save()
    log.info(
        "payments.event",
        extra={"event": event["id"], "type": event["type"], "kind": row.kind},
    )
    return row


def _reference(obj) -> str:
    metadata = obj.get("metadata") or {}
    return metadata.get("booking_reference") or obj.get("client_reference_id") or ""


def _attach(row: PaymentEvent, obj, payment: Payment | None = None) -> Payment | None:
    """Find the booking an event is about; an unknown one is logged and recorded."""
    if payment is None:
        reference = _reference(obj)
        booking = Booking.objects.filter(reference=reference).first() if reference else None
        if booking is not None:
            payment, _created = Payment.objects.get_or_create(
                booking=booking,
                defaults={"amount": booking.deposit, "currency": settings.STUDIO_CURRENCY},
            )
    if payment is None:
        row.kind = Kind.UNKNOWN_BOOKING
        row.note = _reference(obj)[:100]
        log.warning(
            "payments.unknown_booking",
            extra={"event": row.stripe_event_id, "reference": _reference(obj)[:100]},
        )
        return None
    payment = Payment.objects.select_for_update().select_related("booking").get(pk=payment.pk)
    row.payment, row.booking = payment, payment.booking
    return payment


def _amount(obj, key: str, currency: str):
    value = obj.get(key)
    return gateway.from_minor_units(value, currency) if isinstance(value, int) else None


def _on_checkout_completed(row: PaymentEvent, obj) -> None:
    payment = _attach(row, obj)
    if payment is None:
        return
    currency = (obj.get("currency") or payment.currency).lower()
    row.amount, row.currency = _amount(obj, "amount_total", currency), currency
    if obj.get("payment_status") != "paid":
        row.note = f"payment_status={obj.get('payment_status')}"
        return
    if payment.status in (Payment.Status.PAID, Payment.Status.KEPT, Payment.Status.REFUNDED):
        row.note = "already recorded"
        return
    payment.status = Payment.Status.PAID
    payment.paid_at = timezone.now()
    payment.payment_intent_id = gateway._id_of(obj.get("payment_intent"))
    payment.checkout_session_id = obj.get("id") or payment.checkout_session_id
    payment.save()
    try:
        bookings.settle_hold(booking=payment.booking)
    except bookings.BookingError:
        # The hold had ended: the time may be someone else's now. The sweep refunds it.
        row.kind = Kind.LATE_PAYMENT
        log.warning("payments.late_payment", extra={"reference": payment.booking.reference})
    else:
        row.kind = Kind.PAID


def _on_checkout_expired(row: PaymentEvent, obj) -> None:
    payment = _attach(row, obj)
    if payment is None:
        return
    row.kind = Kind.CHECKOUT_EXPIRED
    if payment.status == Payment.Status.OPEN:
        payment.status = Payment.Status.EXPIRED
        payment.save(update_fields=["status", "updated_at"])
    bookings.expire_now(booking=payment.booking)


def _on_payment_failed(row: PaymentEvent, obj) -> None:
    payment = _attach(row, obj)
    if payment is None:
        return
    row.kind = Kind.PAYMENT_FAILED
    currency = (obj.get("currency") or payment.currency).lower()
    row.amount, row.currency = _amount(obj, "amount", currency), currency
    error = obj.get("last_payment_error") or {}
    row.note = (error.get("message") or error.get("code") or "")[:500]


def _on_charge_refunded(row: PaymentEvent, obj) -> None:
    intent = gateway._id_of(obj.get("payment_intent"))
    payment = Payment.objects.filter(payment_intent_id=intent).first() if intent else None
    payment = _attach(row, obj, payment)
    if payment is None:
        return
    row.kind = Kind.REFUNDED
    currency = (obj.get("currency") or payment.currency).lower()
    row.amount, row.currency = _amount(obj, "amount_refunded", currency), currency
    refunds = (obj.get("refunds") or {}).get("data") or []
    if refunds:
        row.note = refunds[0].get("id", "")
    if payment.status != Payment.Status.REFUNDED:
        payment.status = Payment.Status.REFUNDED
        payment.refunded_at = timezone.now()
        payment.refund_id = payment.refund_id or row.note
        payment.save()


HANDLERS = {
    "checkout.session.completed": _on_checkout_completed,
    "checkout.session.expired": _on_checkout_expired,
    "payment_intent.payment_failed": _on_payment_failed,
    "charge.refunded": _on_charge_refunded,
}


# --- Refunds ----------------------------------------------------------------------------


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
            _record(
                payment,
                Kind.REFUND_ISSUED,
                stripe_object_id=result.id,
                amount=result.amount,
                currency=payment.currency,
                note=reason,
            )
    if failed is not None:
        _record(payment, Kind.GATEWAY_ERROR, note=f"{reason}: {failed.message}")
        raise PaymentError(_("Stripe did not accept the refund: %(why)s") % {"why": failed.message})
    log.info("payments.refunded", extra={"reference": payment.booking.reference})
    return payment


# --- The sweep --------------------------------------------------------------------------


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
            _record(payment, Kind.GATEWAY_ERROR, note=exc.message)
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
        _record(payment, Kind.HOLD_EXPIRED, booking=booking)
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
        _record(payment, Kind.CHECKOUT_EXPIRED, stripe_object_id=payment.checkout_session_id)
        result.closed += 1


def _settle(payment: Payment, result: SweepResult) -> None:
    booking = payment.booking
    if booking.status == BookingStatus.EXPIRED or booking.deposit_refund_due:
        reason = (
            "paid after the hold ended"
            if booking.status == BookingStatus.EXPIRED
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
        _record(
            payment,
            Kind.KEPT,
            amount=payment.amount,
            currency=payment.currency,
            note="cancelled after the change-notice deadline",
        )
        result.kept += 1
