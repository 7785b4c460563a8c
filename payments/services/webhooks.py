"""Stripe's webhook events: verified by the library, applied once per event id."""

from __future__ import annotations

from decimal import Decimal

import stripe
from django.conf import settings
from django.db import IntegrityError, transaction

from bookings import services as bookings
from bookings.models import Booking

from .. import gateway
from ..models import Payment, PaymentEvent
from .common import InvalidEvent, Kind, alert_studio, log
from .settle import TAKEN, accept_session, apply_refunded_total, lock_pair

MAX_ID = PaymentEvent._meta.get_field("stripe_event_id").max_length
MAX_TYPE = PaymentEvent._meta.get_field("stripe_event_type").max_length
MAX_OBJECT_ID = PaymentEvent._meta.get_field("stripe_object_id").max_length


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
    """Apply one verified event, in one transaction with its record. Idempotent per id.

    An event whose id, type or object id is longer than Stripe ever sends is recorded as
    not used and changes nothing (its id could not be kept whole to refuse a repeat).
    """
    obj = event["data"]["object"]
    event_id, event_type = event["id"], event["type"]
    object_id = obj.get("id") if isinstance(obj.get("id"), str) else ""
    odd = len(event_id) > MAX_ID or len(event_type) > MAX_TYPE or len(object_id) > MAX_OBJECT_ID
    with transaction.atomic():
        try:
            with transaction.atomic():
                row = PaymentEvent.objects.create(
                    stripe_event_id=None if odd else event_id,
                    stripe_event_type=event_type[:MAX_TYPE],
                    stripe_object_id=object_id[:MAX_OBJECT_ID],
                    kind=Kind.IGNORED,
                    note="an id or type longer than Stripe sends: not used" if odd else "",
                )
        except IntegrityError:
            log.info("payments.duplicate_event", extra={"event": event_id})
            return None
        handler = None if odd else HANDLERS.get(event_type)
        if handler is not None:
            handler(row, obj)
        row.save()
    log.info(
        "payments.event",
        extra={"event": event_id[:MAX_ID], "type": event_type[:MAX_TYPE], "kind": row.kind},
    )
    return row


def _text(value) -> str:
    """A field Stripe sends as a string; anything else (a number, a list) counts as absent."""
    return value if isinstance(value, str) else ""


def _reference(obj) -> str:
    metadata = obj.get("metadata") if isinstance(obj.get("metadata"), dict) else {}
    return (_text(metadata.get("booking_reference")) or _text(obj.get("client_reference_id")))[:100]


def _booking_id(row: PaymentEvent, obj, *, payment_intent: str = "") -> int | None:
    """The booking an event is about (by the payment it names, else by reference); an
    unknown one is logged and recorded, and the event changes nothing."""
    booking_id = None
    if payment_intent:
        booking_id = (
            Payment.objects.filter(payment_intent_id=payment_intent)
            .values_list("booking_id", flat=True)
            .first()
        )
    reference = _reference(obj)
    if booking_id is None and reference:
        booking_id = (
            Booking.objects.filter(reference=reference).values_list("pk", flat=True).first()
        )
    if booking_id is None:
        row.kind = Kind.UNKNOWN_BOOKING
        row.note = reference
        log.warning(
            "payments.unknown_booking",
            extra={"event": row.stripe_event_id, "reference": reference},
        )
    return booking_id


def _amount(obj, key: str, currency: str) -> Decimal | None:
    value = obj.get(key)
    if isinstance(value, bool) or not isinstance(value, int):
        return None
    return gateway.from_minor_units(value, currency)


def _currency(obj, payment: Payment | None) -> str:
    currency = _text(obj.get("currency")).lower()[:3]
    return currency or (payment.currency if payment else settings.STUDIO_CURRENCY)


def _on_checkout_completed(row: PaymentEvent, obj) -> None:
    booking_id = _booking_id(row, obj)
    if booking_id is not None:
        accept_session(booking_id=booking_id, session=gateway.session_from_event(obj), row=row)


def _on_async_failed(row: PaymentEvent, obj) -> None:
    """A delayed payment method failed after Checkout completed: the booking is not paid,
    so its time is released (the client is told) and the studio hears of it."""
    booking_id = _booking_id(row, obj)
    if booking_id is None:
        return
    booking, payment = lock_pair(booking_id)
    row.booking, row.payment, row.kind = booking, payment, Kind.PAYMENT_FAILED
    row.note = "the payment did not settle"
    if payment is None or payment.status in TAKEN:
        return
    if payment.checkout_session_id != _text(obj.get("id")):
        row.kind, row.note = Kind.MISMATCH, "a failed payment for another checkout session"
        return
    payment.status = Payment.Status.EXPIRED
    payment.save(update_fields=["status", "updated_at"])
    bookings.expire_now(booking=booking)
    alert_studio(booking, row.note)


def _on_checkout_expired(row: PaymentEvent, obj) -> None:
    booking_id = _booking_id(row, obj)
    if booking_id is None:
        return
    booking, payment = lock_pair(booking_id)
    row.booking, row.payment, row.kind = booking, payment, Kind.CHECKOUT_EXPIRED
    if payment is None or payment.checkout_session_id != _text(obj.get("id")):
        row.kind, row.note = Kind.IGNORED, "not the checkout session of this booking"
        return
    if payment.status == Payment.Status.OPEN:
        payment.status = Payment.Status.EXPIRED
        payment.save(update_fields=["status", "updated_at"])
    bookings.expire_now(booking=booking)


def _on_payment_failed(row: PaymentEvent, obj) -> None:
    booking_id = _booking_id(row, obj)
    if booking_id is None:
        return
    booking, payment = lock_pair(booking_id)
    row.booking, row.payment, row.kind = booking, payment, Kind.PAYMENT_FAILED
    row.currency = _currency(obj, payment)
    row.amount = _amount(obj, "amount", row.currency)
    error = obj.get("last_payment_error") if isinstance(obj.get("last_payment_error"), dict) else {}
    row.note = (_text(error.get("message")) or _text(error.get("code")))[:500]


def _on_charge_refunded(row: PaymentEvent, obj) -> None:
    """A refund made anywhere (by us, or in Stripe's dashboard): record how much of the
    payment has come back. Refunded in full, a booking that stands owes its deposit again."""
    raw = obj.get("payment_intent")
    intent = _text(gateway.id_of(raw)) if isinstance(raw, str | dict) else ""
    booking_id = _booking_id(row, obj, payment_intent=intent)
    if booking_id is None:
        return
    booking, payment = lock_pair(booking_id)
    row.booking, row.payment, row.kind = booking, payment, Kind.REFUNDED
    row.currency = _currency(obj, payment)
    refunded = _amount(obj, "amount_refunded", row.currency)
    row.amount = refunded
    refunds = obj.get("refunds") if isinstance(obj.get("refunds"), dict) else {}
    listed = refunds.get("data") if isinstance(refunds.get("data"), list) else []
    if listed and isinstance(listed[0], dict):
        row.note = _text(listed[0].get("id"))[:255]
    if payment is None or payment.payment_intent_id != intent or refunded is None:
        row.kind, row.note = Kind.IGNORED, "not the payment of this booking"
        return
    if row.currency != payment.currency.lower():
        row.kind, row.note = Kind.MISMATCH, f"a refund in {row.currency.upper()}"
        alert_studio(booking, row.note)
        return
    apply_refunded_total(payment=payment, booking=booking, total=refunded, refund_id=row.note)


HANDLERS = {
    "checkout.session.completed": _on_checkout_completed,
    "checkout.session.async_payment_succeeded": _on_checkout_completed,
    "checkout.session.async_payment_failed": _on_async_failed,
    "checkout.session.expired": _on_checkout_expired,
    "payment_intent.payment_failed": _on_payment_failed,
    "charge.refunded": _on_charge_refunded,
}
