"""Whether deposits are taken online, and what a page leading to Stripe Checkout needs."""

from csp.decorators import csp_update
from django.conf import settings

from studio.models import DepositMethod


def online_payments_configured() -> bool:
    """Whether Stripe keys are set: without both, no deposit is taken online."""
    return bool(settings.STRIPE_SECRET_KEY and settings.STRIPE_WEBHOOK_SECRET)


def takes_deposit_online(session_type) -> bool:
    """Clients pay this deposit by card when they book (asked for, and Stripe set up)."""
    return (
        session_type.deposit_method == DepositMethod.ONLINE
        and bool(session_type.deposit)
        and online_payments_configured()
    )


def leading_to_checkout(response):
    """Let this page's forms lead on to Stripe Checkout: browsers apply the CSP's
    form-action to the redirect after a POST. Only the pages that start a payment."""
    allow = csp_update({"form-action": [settings.STRIPE_CHECKOUT_ORIGIN]})
    return allow(lambda: response)()
