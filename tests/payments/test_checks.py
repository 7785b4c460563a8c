"""`check --deploy` warns when a session type asks for online deposits without Stripe keys."""

import pytest
from django.core import checks

from payments.online import takes_deposit_online
from studio.models import SessionType
from tests.factories import SessionTypeFactory

pytestmark = pytest.mark.django_db

ONLINE = SessionType.DepositMethod.ONLINE


def ids(*, deploy: bool) -> set[str]:
    return {message.id for message in checks.run_checks(include_deployment_checks=deploy)}


def test_online_session_without_keys_warns_under_deploy_only(settings):
    settings.STRIPE_SECRET_KEY = settings.STRIPE_WEBHOOK_SECRET = ""
    SessionTypeFactory(name="Headshot", deposit=50, deposit_method=ONLINE)
    assert "payments.W001" in ids(deploy=True)
    assert "payments.W001" not in ids(deploy=False)
    (warning,) = [
        m for m in checks.run_checks(include_deployment_checks=True) if m.id == "payments.W001"
    ]
    assert "Headshot" in warning.msg and "STRIPE_SECRET_KEY" in warning.msg


@pytest.mark.parametrize(
    ("keys", "method", "deposit", "offered"),
    [
        (("sk_live_x", "whsec_x"), ONLINE, 50, True),  # set up
        (("", ""), SessionType.DepositMethod.INSTRUCTIONS, 50, True),  # nobody asks
        (("", ""), ONLINE, 0, True),  # no deposit to take
        (("", ""), ONLINE, 50, False),  # not offered
    ],
)
def test_no_warning_when_nothing_needs_stripe(settings, keys, method, deposit, offered):
    settings.STRIPE_SECRET_KEY, settings.STRIPE_WEBHOOK_SECRET = keys
    SessionTypeFactory(deposit=deposit, deposit_method=method, is_active=offered)
    assert "payments.W001" not in ids(deploy=True)


def test_one_key_alone_is_not_enough(settings):
    settings.STRIPE_SECRET_KEY, settings.STRIPE_WEBHOOK_SECRET = "sk_live_x", ""
    session_type = SessionTypeFactory(deposit=50, deposit_method=ONLINE)
    assert "payments.W001" in ids(deploy=True)
    assert not takes_deposit_online(session_type)
