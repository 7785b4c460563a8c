"""Opening Stripe Checkout for a booking that awaits its deposit."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _

from bookings.models import Booking

from .. import gateway
from ..models import Payment
from .common import BookingStatus, Kind, PaymentError, absolute, log, record


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
            success_url=absolute("payments:returned", booking.manage_token)
            + "?session_id={CHECKOUT_SESSION_ID}",
            cancel_url=absolute("payments:deposit", booking.manage_token) + "?cancelled=1",
        )
    except gateway.GatewayError as exc:
        log.warning("payments.checkout_failed", extra={"reference": booking.reference})
        record(payment, Kind.GATEWAY_ERROR, note=exc.message)
        raise PaymentError(
            _("We could not reach the payment provider. Your time is still held; please try again.")
        ) from exc
    with transaction.atomic():
        payment = Payment.objects.select_for_update().get(pk=payment.pk)
        if not payment.checkout_url:
            payment.checkout_session_id, payment.checkout_url = session.id, session.url
            payment.save(update_fields=["checkout_session_id", "checkout_url", "updated_at"])
            record(
                payment,
                Kind.CHECKOUT_STARTED,
                stripe_object_id=session.id,
                amount=payment.amount,
                currency=payment.currency,
            )
    return payment
