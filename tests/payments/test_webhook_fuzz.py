"""Whatever arrives at the webhook or the pay page, the answer is 4xx or 200, never 5xx,
and nothing is recorded without Stripe's signature."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from payments.models import PaymentEvent
from tests.payments.standin import WEBHOOK_SECRET, sign

pytestmark = pytest.mark.django_db

SLOW = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@SLOW
@given(body=st.binary(max_size=400), header=st.text(max_size=120))
def test_unsigned_or_garbled_webhooks_are_400(client, stripe_api, body, header):
    response = client.post(
        "/payments/stripe/webhook/",
        data=body,
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=header,
    )
    assert response.status_code == 400
    assert not PaymentEvent.objects.exists()


@SLOW
@given(payload=st.text(max_size=300))
def test_signed_bodies_that_are_not_events_never_cause_a_5xx(client, stripe_api, payload):
    response = client.post(
        "/payments/stripe/webhook/",
        data=payload.encode(),
        content_type="application/json",
        HTTP_STRIPE_SIGNATURE=sign(payload, WEBHOOK_SECRET),
    )
    assert response.status_code in (200, 400)


@SLOW
@given(token=st.text(max_size=80))
def test_unknown_pay_links_are_404(client, stripe_api, token):
    from urllib.parse import quote

    url = f"/payments/deposit/{quote(token, safe='')}x/"
    assert client.get(url).status_code == 404
    assert client.post(url).status_code in (404, 429)  # POSTs are rate-limited per address
