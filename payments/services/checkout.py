"""Opening Stripe Checkout for a booking that awaits its deposit."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings import reminders
from bookings import services as bookings
from bookings.models import Booking, Reminder
from studio.site import absolute

from .. import gateway
from ..models import Payment
from .common import BookingStatus, Kind, PaymentError, log, record

# Stripe refuses a Checkout Session that expires sooner than 30 minutes after it is made:
# a hold closer to its end than that is lengthened to 31 minutes from now.
STRIPE_SOONEST_CLOSE = timedelta(minutes=30, seconds=30)
STRIPE_SHORTEST_EXPIRY = timedelta(minutes=31)
# The "finish paying" email waits this long: most clients have paid by then.
FINISH_PAYING_AFTER = timedelta(minutes=10)


def start_checkout(*, booking: Booking) -> Payment:
    """The Checkout Session for a booking awaiting its deposit: created once (idempotent
    per booking, at Stripe too), then reused. Raises PaymentError when the booking no
    longer waits for payment or Stripe cannot be reached (the hold keeps running).

    The session expires when the hold ends (Stripe closes it itself; a hold shorter than
    Stripe allows is lengthened to fit), and the client is emailed a link to finish
    paying a few minutes later, unless paid by then."""
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
    booking = _held_long_enough(booking)
    try:
        session = gateway.create_checkout(
            reference=booking.reference,
            description=_("Deposit: %(session)s, booking %(reference)s")
            % {"session": booking.session_type.name, "reference": booking.reference},
            amount=payment.amount,
            currency=payment.currency,
            email=booking.client.email,
            success_url=absolute("payments:returned", booking.manage_token)
            + "?session_id={CHECKOUT_SESSION_ID}",
            cancel_url=absolute("payments:deposit", booking.manage_token) + "?cancelled=1",
            expires_at=int(booking.hold_until.timestamp()),
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
            reminders.plan_notice(
                booking,
                kind=Reminder.Kind.FINISH_PAYING,
                due_at=timezone.now() + FINISH_PAYING_AFTER,
            )
    return payment


def _held_long_enough(booking: Booking) -> Booking:
    """The booking, its hold lengthened to the shortest expiry Stripe accepts if needed;
    PaymentError when it no longer waits for payment."""
    now = timezone.now()
    if booking.hold_until is None or booking.hold_until < now + STRIPE_SOONEST_CLOSE:
        booking = bookings.hold_at_least(booking=booking, until=now + STRIPE_SHORTEST_EXPIRY)
    if booking.status != BookingStatus.AWAITING_PAYMENT or booking.hold_until is None:
        raise PaymentError(_("This booking is not waiting for a deposit."))
    return booking
