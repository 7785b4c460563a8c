"""Plain rules of the payments app: Stripe's amounts, and when a deposit comes back."""

from datetime import UTC, datetime, timedelta
from decimal import Decimal

import pytest

from bookings.models import Booking
from payments.gateway import from_minor_units, minor_units


@pytest.mark.parametrize(
    ("amount", "currency", "minor"),
    [
        (Decimal("50.00"), "gbp", 5000),
        (Decimal("49.99"), "eur", 4999),
        (Decimal("0.50"), "usd", 50),
        (Decimal("5000"), "jpy", 5000),
    ],
)
def test_amounts_in_stripes_minor_units(amount, currency, minor):
    assert minor_units(amount, currency) == minor
    assert from_minor_units(minor, currency) == amount


START = datetime(2030, 1, 9, 10, 0, tzinfo=UTC)
DEADLINE = START - timedelta(hours=48)


@pytest.mark.parametrize(
    ("online", "paid", "status", "cancelled_at", "due"),
    [
        (True, True, "cancelled", DEADLINE, True),  # at the deadline: still in time
        (True, True, "cancelled", DEADLINE - timedelta(days=1), True),
        (True, True, "cancelled", DEADLINE + timedelta(minutes=1), False),  # late: kept
        (True, False, "cancelled", DEADLINE - timedelta(days=1), False),  # never paid
        (False, True, "cancelled", DEADLINE - timedelta(days=1), False),  # paid by transfer
        (True, True, "confirmed", None, False),  # not cancelled
    ],
)
def test_a_deposit_paid_online_comes_back_when_cancelled_in_time(
    online, paid, status, cancelled_at, due
):
    booking = Booking(
        start=START,
        end=START + timedelta(hours=1),
        change_notice_hours=48,
        deposit_online=online,
        deposit_paid=paid,
        status=status,
        cancelled_at=cancelled_at,
    )
    assert booking.deposit_refund_due is due
