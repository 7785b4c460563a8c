"""What the payment services share: their errors, the log and the event recorder."""

from __future__ import annotations

import logging

from bookings import reminders
from bookings.models import Booking, Reminder

from ..models import Payment, PaymentEvent

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


def record(payment: Payment | None, kind: str, *, booking=None, **fields) -> PaymentEvent:
    """One line of the booking's money timeline."""
    booking = booking or (payment.booking if payment else None)
    return PaymentEvent.objects.create(booking=booking, payment=payment, kind=kind, **fields)


def alert_studio(booking: Booking, problem: str) -> None:
    """Tell the studio by email that this booking's money needs a person (a payment that
    does not match, a refund Stripe refuses, a payment that failed to settle). One alert
    per booking version; the timeline holds every detail. Runs in the caller's transaction."""
    log.error("payments.alert", extra={"reference": booking.reference, "problem": problem[:200]})
    reminders.plan_alert(booking, kind=Reminder.Kind.ALERT_MONEY)
