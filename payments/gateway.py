"""The only module that talks to Stripe, through the official `stripe` library.

Keys and the API address come from settings at each call (tests point `api_base` at a
stand-in on loopback). Every Stripe failure becomes GatewayError with a message that is
safe to log; card data never passes through this site (Checkout collects it).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

import stripe
from django.conf import settings

# Currencies Stripe counts in whole units (no cents).
ZERO_DECIMAL = frozenset("bif clp djf gnf jpy kmf krw mga pyg rwf ugx vnd vuv xaf xof xpf".split())
TIMEOUT_SECONDS = 10


class GatewayError(Exception):
    """Stripe refused or could not be reached; `message` is safe to show staff and log."""

    def __init__(self, message: str, *, status: str = ""):
        super().__init__(message)
        self.message = message
        self.status = status

    @property
    def refused(self) -> bool:
        """Stripe answered and said no (a 4xx other than a rate limit or a clash): asking
        again unchanged gets the same answer. Otherwise it could not be reached."""
        return self.status.startswith("4") and self.status not in ("409", "429")


@dataclass(frozen=True)
class CheckoutSession:
    id: str
    url: str
    status: str  # open, complete, expired
    payment_intent: str = ""
    payment_status: str = ""  # paid, unpaid, no_payment_required
    amount_total: int | None = None  # in minor units
    currency: str = ""

    @property
    def paid(self) -> bool:
        return self.status == "complete" and self.payment_status == "paid"


@dataclass(frozen=True)
class RefundResult:
    id: str
    status: str
    amount: Decimal


def minor_units(amount: Decimal, currency: str) -> int:
    """Stripe's integer amount: pence for GBP, whole yen for JPY."""
    amount = Decimal(str(amount))
    if currency.lower() in ZERO_DECIMAL:
        return int(amount)
    return int((amount * 100).to_integral_value())


def from_minor_units(amount: int, currency: str) -> Decimal:
    if currency.lower() in ZERO_DECIMAL:
        return Decimal(amount)
    return (Decimal(amount) / 100).quantize(Decimal("0.01"))


def _configure() -> None:
    stripe.api_key = settings.STRIPE_SECRET_KEY
    stripe.api_base = settings.STRIPE_API_BASE
    stripe.max_network_retries = 2  # with the idempotency keys below, retries are safe
    if stripe.default_http_client is None:
        stripe.default_http_client = stripe.new_default_http_client(timeout=TIMEOUT_SECONDS)


def _call(fn, *args, **kwargs):
    _configure()
    try:
        return fn(*args, **kwargs).to_dict()
    except stripe.StripeError as exc:
        detail = exc.user_message or type(exc).__name__
        raise GatewayError(f"Stripe: {detail}", status=str(exc.http_status or "")) from exc


def _session(obj) -> CheckoutSession:
    return CheckoutSession(
        id=obj["id"],
        url=obj.get("url") or "",
        status=obj.get("status") or "",
        payment_intent=id_of(obj.get("payment_intent")),
        payment_status=obj.get("payment_status") or "",
        amount_total=obj.get("amount_total") if isinstance(obj.get("amount_total"), int) else None,
        currency=str(obj.get("currency") or "").lower(),
    )


def session_from_event(obj: dict) -> CheckoutSession:
    """The Checkout Session a webhook event carries, read as the API would return it."""
    return _session({**obj, "id": str(obj.get("id") or "")})


def id_of(value) -> str:
    """The id of an expandable field: Stripe sends either the id or the object."""
    if isinstance(value, str):
        return value
    return value.get("id", "") if value else ""


def create_checkout(
    *,
    reference: str,
    description: str,
    amount: Decimal,
    currency: str,
    email: str,
    success_url: str,
    cancel_url: str,
    expires_at: int | None = None,
) -> CheckoutSession:
    """A Checkout Session for one deposit, by card only (a card payment settles while
    the client waits, so no booking waits days on a bank debit). `expires_at` (unix time)
    makes Stripe itself close it when the hold ends. Idempotent per booking and expiry:
    the same request again (a retry after a timeout) gets the same session back."""
    extra = {"expires_at": expires_at} if expires_at else {}
    key = f"deposit-checkout-{reference}" + (f"-{expires_at}" if expires_at else "")
    obj = _call(
        stripe.checkout.Session.create,
        mode="payment",
        payment_method_types=["card"],
        **extra,
        line_items=[
            {
                "quantity": 1,
                "price_data": {
                    "currency": currency,
                    "unit_amount": minor_units(amount, currency),
                    "product_data": {"name": description},
                },
            }
        ],
        customer_email=email,
        client_reference_id=reference,
        metadata={"booking_reference": reference},
        payment_intent_data={
            "description": description,
            "metadata": {"booking_reference": reference},
        },
        success_url=success_url,
        cancel_url=cancel_url,
        idempotency_key=key,
    )
    return _session(obj)


def retrieve_checkout(session_id: str) -> CheckoutSession:
    return _session(_call(stripe.checkout.Session.retrieve, session_id))


def expire_checkout(session_id: str) -> CheckoutSession:
    """Close an open Checkout Session so it can no longer be paid. A session that is
    already complete or expired is returned as it is."""
    current = retrieve_checkout(session_id)
    if current.status != "open":
        return current
    try:
        return _session(_call(stripe.checkout.Session.expire, session_id))
    except GatewayError:
        # Paid between our two calls, the expire is refused: read what it became.
        current = retrieve_checkout(session_id)
        if current.status != "open":
            return current
        raise


def refund(*, payment_intent: str, amount: Decimal, currency: str, key: str) -> RefundResult:
    """Refund a deposit in full. Idempotent per `key`: never two refunds of one payment."""
    obj = _call(
        stripe.Refund.create,
        payment_intent=payment_intent,
        amount=minor_units(amount, currency),
        metadata={"reason": key},
        idempotency_key=key,
    )
    return RefundResult(
        id=obj["id"],
        status=obj.get("status") or "",
        amount=from_minor_units(obj.get("amount") or 0, currency),
    )
