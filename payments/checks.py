"""`check --deploy`: a session type asks for online deposits but Stripe is not set up."""

from django.core.checks import Tags, Warning, register
from django.db import DatabaseError


@register(Tags.compatibility, deploy=True)
def stripe_keys_for_online_deposits(app_configs, **kwargs):
    from studio.models import SessionType

    from .online import online_payments_configured

    if online_payments_configured():
        return []
    try:
        names = list(
            SessionType.objects.active()
            .filter(deposit_method=SessionType.DepositMethod.ONLINE, deposit__gt=0)
            .values_list("name", flat=True)[:5]
        )
    except DatabaseError:  # not migrated yet: nothing can ask for it
        return []
    if not names:
        return []
    return [
        Warning(
            "Online deposits are asked for by "
            + ", ".join(names)
            + ", but STRIPE_SECRET_KEY or STRIPE_WEBHOOK_SECRET is not set, so those "
            "clients are given the studio's written instructions instead.",
            hint="Set both from the Stripe dashboard (API keys, and the webhook endpoint's "
            "signing secret), or choose the written instructions for those session types.",
            id="payments.W001",
        )
    ]
