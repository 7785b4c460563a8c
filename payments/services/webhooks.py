"""Stripe's webhook events: verified by the library, applied once per event id."""

from __future__ import annotations

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone

from bookings import services as bookings
from bookings.models import Booking

from .. import gateway
from ..models import Payment, PaymentEvent
from .common import InvalidEvent, Kind, log


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
    payment.payment_intent_id = gateway.id_of(obj.get("payment_intent"))
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
    intent = gateway.id_of(obj.get("payment_intent"))
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
