"""Money the studio handles itself: payments taken offline, discounts, changed prices."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings.models import Booking

from ..models import MoneyEntry
from ..selectors import balance
from .common import PaymentError
from .settle import lock_pair

NOT_FOR = (Booking.Status.AWAITING_PAYMENT, Booking.Status.EXPIRED)
MAX_AMOUNT = Decimal("999999.99")


def _locked(booking: Booking) -> Booking:
    locked, _payment = lock_pair(booking.pk)
    if locked.status in NOT_FOR:
        raise PaymentError(_("This booking is not booked; there is nothing to pay on it."))
    return locked


def _check_amount(amount: Decimal) -> None:
    if amount <= 0 or amount > MAX_AMOUNT:
        raise PaymentError(_("Enter an amount above zero."))


def record_offline_payment(
    *, booking: Booking, amount: Decimal, method: str, taken_on: date
) -> MoneyEntry:
    """Record money the studio took itself (cash, card on the day, bank transfer). Locks
    the booking; refuses a booking still held or released, an amount of zero or less, an
    unknown method and a date in the future."""
    _check_amount(amount)
    if method not in MoneyEntry.Method.values:
        raise PaymentError(_("Choose how the client paid."))
    if taken_on > timezone.localdate():
        raise PaymentError(_("A payment cannot be taken in the future."))
    with transaction.atomic():
        booking = _locked(booking)
        return MoneyEntry.objects.create(
            booking=booking,
            kind=MoneyEntry.Kind.PAYMENT,
            amount=amount,
            method=method,
            taken_on=taken_on,
        )


def change_price(*, booking: Booking, kind: str, amount: Decimal, reason: str) -> MoneyEntry:
    """Give a discount (`amount` off) or set a new price (`amount`), with the reason the
    studio will read later. Locks the booking; a discount may not take the price below
    zero, and the reason is required."""
    reason = (reason or "").strip()
    if not reason:
        raise PaymentError(_("Say why the price changes."))
    if kind not in (MoneyEntry.Kind.DISCOUNT, MoneyEntry.Kind.PRICE):
        raise PaymentError(_("Choose a discount or a new price."))
    if kind == MoneyEntry.Kind.DISCOUNT:
        _check_amount(amount)
    elif amount < 0 or amount > MAX_AMOUNT:
        raise PaymentError(_("Enter a price of zero or more."))
    with transaction.atomic():
        booking = _locked(booking)
        if kind == MoneyEntry.Kind.DISCOUNT and amount > balance(booking).price:
            raise PaymentError(_("The discount is more than the price."))
        return MoneyEntry.objects.create(
            booking=booking, kind=kind, amount=amount, reason=reason[:1000]
        )
