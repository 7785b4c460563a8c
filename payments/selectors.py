"""What a booking costs, what has been paid and what is still due, from its rows."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from bookings.models import Booking

from .models import MoneyEntry, Payment

ZERO = Decimal("0")


@dataclass(frozen=True)
class Balance:
    agreed: Decimal  # the price the client agreed to when booking
    price: Decimal  # after any changed price and discounts
    deposit: Decimal  # deposit received and not refunded (online or marked paid)
    deposit_on: date | None  # when an online deposit was paid
    taken: Decimal  # payments the studio took offline

    @property
    def paid(self) -> Decimal:
        return self.deposit + self.taken

    @property
    def due(self) -> Decimal:
        return max(self.price - self.paid, ZERO)

    @property
    def over(self) -> Decimal:
        """Paid beyond the price (to give back or put towards something else)."""
        return max(self.paid - self.price, ZERO)


def balance(booking: Booking, tz=None) -> Balance:
    """The booking's balance. Reads `booking.payment` and `booking.money_entries.all()`,
    so a caller that prefetched them (the booking page) makes no query here."""
    price = booking.price
    discounts = taken = ZERO
    for entry in booking.money_entries.all():
        if entry.kind == MoneyEntry.Kind.PRICE:
            price, discounts = entry.amount, ZERO  # a new price replaces earlier discounts
        elif entry.kind == MoneyEntry.Kind.DISCOUNT:
            discounts += entry.amount
        else:
            taken += entry.amount
    payment: Payment | None = getattr(booking, "payment", None)
    deposit_on = None
    if booking.deposit_online:
        deposit = Decimal(payment.kept_amount) if payment is not None else ZERO
        if payment is not None and payment.paid_at and deposit:
            deposit_on = payment.paid_at.astimezone(tz).date() if tz else payment.paid_at.date()
    else:
        deposit = booking.deposit if booking.deposit_paid else ZERO
    return Balance(
        agreed=booking.price,
        price=max(price - discounts, ZERO),
        deposit=deposit,
        deposit_on=deposit_on,
        taken=taken,
    )
