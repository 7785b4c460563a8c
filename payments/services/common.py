"""What the payment services share: their errors, the log and the event recorder."""

from __future__ import annotations

import logging

from django.conf import settings
from django.urls import reverse

from bookings.models import Booking

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


def absolute(name: str, *args) -> str:
    return settings.SITE_URL + reverse(name, args=args)
