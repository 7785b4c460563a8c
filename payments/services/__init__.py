"""Deposits through Stripe Checkout: the only writers of Payment and PaymentEvent.

- `start_checkout` (checkout.py): a booking awaiting its deposit gets one Checkout Session.
- `handle_webhook` (webhooks.py): Stripe's signed events, the only thing that marks a
  deposit paid.
- `sweep` (sweep.py): the every-minute beat task: releases holds that ran out, closes
  checkouts nobody needs any more, refunds deposits due back and records the ones kept.
- `refund` (sweep.py): the photographer's refund, and the sweep's.

Stripe is called outside database transactions (a slow Stripe never holds a booking's
row lock), except a refund, made under its payment's row lock so that it can never run
twice; every call that creates something carries an idempotency key.
"""

from .checkout import start_checkout
from .common import InvalidEvent, PaymentError
from .sweep import SweepResult, refund, sweep
from .webhooks import HANDLERS, apply_event, handle_webhook

__all__ = [
    "HANDLERS",
    "InvalidEvent",
    "PaymentError",
    "SweepResult",
    "apply_event",
    "handle_webhook",
    "refund",
    "start_checkout",
    "sweep",
]
