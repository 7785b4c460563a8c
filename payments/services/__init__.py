"""Deposits through Stripe Checkout: the only writers of Payment and PaymentEvent.

- `start_checkout` (checkout.py): a booking awaiting its deposit gets one Checkout Session.
- `accept_session` (settle.py): the one writer of "paid": a Checkout Session Stripe says
  is complete, checked against the session, amount and currency we created, whoever
  hears of it first: `handle_webhook` (webhooks.py, Stripe's signed events), the sweep,
  or `confirm_with_stripe` from the page Checkout returns to.
- `sweep` (sweep.py): the every-minute beat task: releases holds that ran out (after
  asking Stripe whether they were paid), closes checkouts nobody needs any more, refunds
  deposits due back and records the ones kept.
- `refund` (sweep.py): the photographer's refund, and the sweep's.
- `record_offline_payment`, `change_price` (ledger.py): money the studio takes itself,
  discounts and changed prices (`selectors.balance` adds it all up).

Every writer locks the booking, then its payment (`settle.lock_pair`). Stripe is called
outside database transactions (a slow Stripe never holds a booking's row lock), except a
refund, made under those locks so that it can never run twice; every call that creates
something carries an idempotency key.
"""

from .checkout import start_checkout
from .common import InvalidEvent, PaymentError
from .ledger import change_price, record_offline_payment
from .settle import accept_session, confirm_with_stripe
from .sweep import SweepResult, refund, sweep
from .webhooks import HANDLERS, apply_event, handle_webhook

__all__ = [
    "HANDLERS",
    "InvalidEvent",
    "PaymentError",
    "SweepResult",
    "accept_session",
    "apply_event",
    "change_price",
    "confirm_with_stripe",
    "handle_webhook",
    "record_offline_payment",
    "refund",
    "start_checkout",
    "sweep",
]
