"""Deposits paid online, end to end against the Stripe stand-in: the real `stripe`
library calls it over HTTP, and webhooks arrive signed exactly as Stripe signs them."""

import json
import logging
from datetime import timedelta

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from bookings import drafts, reminders, services
from bookings.models import Booking, Reminder
from payments import services as payments
from payments.models import Payment, PaymentEvent
from studio.models import SessionType
from tests.bookings.booking_setup import NOW, headshot, open_studio, private_ratelimit_cache
from tests.bookings.booking_setup import wednesday as on_wednesday
from tests.payments.standin import event, sign

pytestmark = pytest.mark.django_db

WEBHOOK = "/payments/stripe/webhook/"
Kind = PaymentEvent.Kind


@pytest.fixture(autouse=True)
def _own_ratelimit_counts(settings):
    private_ratelimit_cache(settings)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def online(stripe_api):
    open_studio()
    return headshot(deposit=50, price=185, deposit_method=SessionType.DepositMethod.ONLINE)


def book(session_type, start=None, email="ada@example.com"):
    return services.book(
        session_type=session_type,
        start=start or on_wednesday("10:00"),
        client=services.ClientDetails(name="Ada Lovelace", email=email),
    )


def checkout(client, booking) -> Payment:
    response = client.post(reverse("payments:deposit", args=[booking.manage_token]))
    assert response.status_code == 303, response.content[:300]
    payment = Payment.objects.get(booking=booking)
    assert response["Location"] == payment.checkout_url
    return payment


def deliver(client, body: dict, *, header=None):
    payload = json.dumps(body)
    signature = sign(payload) if header is None else header
    extra = {"HTTP_STRIPE_SIGNATURE": signature} if signature else {}
    return client.post(WEBHOOK, data=payload, content_type="application/json", **extra)


def pay(client, stripe_api, payment, **kwargs):
    paid = stripe_api.complete(payment.checkout_session_id)
    body = event("checkout.session.completed", paid, **kwargs)
    response = deliver(client, body)
    assert response.status_code == 200
    return body


def fresh(booking) -> Booking:
    return Booking.objects.get(pk=booking.pk)


def kinds(booking) -> list[str]:
    return list(
        PaymentEvent.objects.filter(booking=booking).order_by("pk").values_list("kind", flat=True)
    )


# --- Booking and Checkout ----------------------------------------------------------------


def test_online_deposit_booking_holds_its_time_and_sends_nothing_yet(online):
    booking = book(online)
    assert booking.status == Booking.Status.AWAITING_PAYMENT
    assert booking.deposit_online and not booking.deposit_paid
    assert booking.hold_until == NOW + timedelta(minutes=30)
    assert not Reminder.objects.filter(booking=booking).exists()
    with pytest.raises(services.SlotTaken):
        book(online, email="grace@example.com")


def test_hold_length_is_a_studio_setting(online):
    from studio.models import StudioProfile

    StudioProfile.objects.filter(pk=1).update(deposit_hold_minutes=45)
    assert book(online).hold_until == NOW + timedelta(minutes=45)


def test_written_instructions_session_books_as_today(stripe_api):
    open_studio()
    session_type = headshot(deposit=50)  # deposit_method defaults to the written instructions
    booking = book(session_type)
    assert booking.status == Booking.Status.CONFIRMED and not booking.deposit_online
    assert Reminder.objects.filter(booking=booking, kind=Reminder.Kind.CONFIRMATION).exists()


def test_without_stripe_keys_an_online_session_falls_back_to_instructions(settings):
    open_studio()
    settings.STRIPE_SECRET_KEY = ""
    session_type = headshot(deposit=50, deposit_method=SessionType.DepositMethod.ONLINE)
    assert book(session_type).status == Booking.Status.CONFIRMED


def test_checkout_carries_amount_currency_reference_and_idempotency_key(client, online, stripe_api):
    booking = book(online)
    payment = checkout(client, booking)
    (call,) = stripe_api.calls("POST", "/v1/checkout/sessions")
    form = call["form"]
    assert form["mode"] == "payment"
    assert form["line_items[0][price_data][unit_amount]"] == "5000"
    assert form["line_items[0][price_data][currency]"] == "gbp"
    assert form["client_reference_id"] == booking.reference
    assert form["metadata[booking_reference]"] == booking.reference
    assert form["payment_intent_data[metadata][booking_reference]"] == booking.reference
    assert form["customer_email"] == "ada@example.com"
    assert booking.manage_token in form["success_url"]
    # Card only (settles while the client waits), closed by Stripe itself when the hold
    # ends; a 30-minute hold is lengthened to the 31 minutes Stripe needs at least.
    assert form["payment_method_types[0]"] == "card"
    assert "payment_method_types[1]" not in form
    held = fresh(booking).hold_until
    assert held == NOW + timedelta(minutes=31)
    assert form["expires_at"] == str(int(held.timestamp()))
    key = f"deposit-checkout-{booking.reference}-{int(held.timestamp())}"
    assert call["headers"]["Idempotency-Key"] == key
    assert call["headers"]["Authorization"] == "Bearer sk_test_standin"
    assert payment.amount == 50 and payment.currency == "gbp"
    assert kinds(booking) == [Kind.CHECKOUT_STARTED]


def test_paying_again_reuses_the_open_checkout(client, online, stripe_api):
    booking = book(online)
    first = checkout(client, booking)
    second = checkout(client, booking)
    assert first.checkout_url == second.checkout_url
    assert len(stripe_api.calls("POST", "/v1/checkout/sessions")) == 1


def test_stripe_down_keeps_the_hold_and_says_so(client, online, stripe_api):
    booking = book(online)
    stripe_api.fail_next = [500, 500, 500]
    response = client.post(reverse("payments:deposit", args=[booking.manage_token]))
    assert response.status_code == 503
    assert "could not reach the payment provider" in response.content.decode()
    assert fresh(booking).status == Booking.Status.AWAITING_PAYMENT
    assert kinds(booking) == [Kind.GATEWAY_ERROR]
    checkout(client, booking)  # Stripe is back: the same request, the same key, succeeds


def test_review_page_allows_only_checkout_as_extra_form_target(client, online, stripe_api):
    from tests.bookings.booking_setup import details_data

    client.post(f"/book/{online.slug}/details/", details_data())
    response = client.get(f"/book/{online.slug}/review/")
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["form-action"] == f"'self' {stripe_api.url}"
    assert policy["script-src"] == "'self'" and policy["frame-ancestors"] == "'none'"
    assert "on Stripe's secure page" in response.content.decode()


def test_confirm_booking_goes_straight_on_to_checkout(client, online, stripe_api):
    from tests.bookings.booking_setup import details_data

    client.post(f"/book/{online.slug}/details/", details_data())
    key = client.session[drafts.SESSION_KEY]["key"]
    response = client.post(f"/book/{online.slug}/review/", {"key": key}, follow=True)
    booking = Booking.objects.get()
    assert booking.status == Booking.Status.AWAITING_PAYMENT
    # 307 repeats the POST at the deposit page, which answers 303 to Stripe's page.
    assert [status for _url, status in response.redirect_chain][:2] == [307, 303]
    assert response.redirect_chain[1][0] == Payment.objects.get().checkout_url


def test_written_instructions_review_keeps_todays_wording_and_policy(client, stripe_api):
    from tests.bookings.booking_setup import details_data

    open_studio()
    headshot(deposit=50)
    client.post("/book/headshot/details/", details_data())
    response = client.get("/book/headshot/review/")
    assert "we will tell you how to pay it in your confirmation email" in response.content.decode()
    assert stripe_api.url not in response["Content-Security-Policy"]


# --- The webhook -------------------------------------------------------------------------


def test_paid_event_confirms_the_booking_and_sends_the_confirmation(client, online, stripe_api):
    booking = book(online)
    payment = checkout(client, booking)
    body = pay(client, stripe_api, payment)
    booking = fresh(booking)
    assert booking.status == Booking.Status.CONFIRMED and booking.deposit_paid
    assert booking.hold_until is None
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID and payment.payment_intent_id.startswith("pi_")
    assert PaymentEvent.objects.get(stripe_event_id=body["id"]).kind == Kind.PAID
    reminders.send_due()
    (message,) = [m for m in mail.outbox if m.subject.startswith("Booked:")]
    assert "Your deposit of £50 is paid, thank you." in message.body
    page = client.get(reverse("payments:returned", args=[booking.manage_token]))
    assert "Your deposit of £50 is paid, thank you." in page.content.decode()


def test_success_page_alone_marks_nothing_paid(client, online, stripe_api):
    booking = book(online)
    checkout(client, booking)
    page = client.get(reverse("payments:returned", args=[booking.manage_token]))
    assert "Confirming your payment" in page.content.decode()
    assert fresh(booking).status == Booking.Status.AWAITING_PAYMENT


def test_with_studio_confirmation_a_paid_booking_waits_for_the_photographer(
    client, online, stripe_api
):
    from studio.models import StudioProfile

    StudioProfile.objects.filter(pk=1).update(require_confirmation=True)
    booking = book(online)
    pay(client, stripe_api, checkout(client, booking))
    assert fresh(booking).status == Booking.Status.PENDING


def test_the_same_event_twice_changes_nothing(client, online, stripe_api):
    booking = book(online)
    payment = checkout(client, booking)
    body = pay(client, stripe_api, payment)
    before = (list(Reminder.objects.values_list("pk", "state")), fresh(booking).updated_at)
    response = deliver(client, body)
    assert response.status_code == 200
    assert PaymentEvent.objects.filter(stripe_event_id=body["id"]).count() == 1
    assert (list(Reminder.objects.values_list("pk", "state")), fresh(booking).updated_at) == before


@pytest.mark.parametrize(
    "make_header",
    [
        lambda payload: "",
        lambda payload: "t=1,v1=0000",
        lambda payload: sign('{"other": "payload"}'),
        lambda payload: sign(payload, secret="whsec_someone_else"),
    ],
    ids=["missing", "garbage", "other-body", "other-secret"],
)
def test_bad_signature_is_400_and_changes_nothing(client, online, stripe_api, make_header):
    booking = book(online)
    payment = checkout(client, booking)
    body = event("checkout.session.completed", stripe_api.complete(payment.checkout_session_id))
    response = deliver(client, body, header=make_header(json.dumps(body)))
    assert response.status_code == 400
    assert fresh(booking).status == Booking.Status.AWAITING_PAYMENT
    assert not PaymentEvent.objects.exists() or kinds(booking) == [Kind.CHECKOUT_STARTED]
    assert not PaymentEvent.objects.filter(stripe_event_id=body["id"]).exists()


def test_an_old_signature_is_refused(client, online, stripe_api):
    booking = book(online)
    payment = checkout(client, booking)
    body = event("checkout.session.completed", stripe_api.complete(payment.checkout_session_id))
    payload = json.dumps(body)
    stale = sign(payload, timestamp=int(NOW.timestamp()) - 3600)
    response = client.post(
        WEBHOOK, data=payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=stale
    )
    assert response.status_code == 400
    assert fresh(booking).status == Booking.Status.AWAITING_PAYMENT


def test_webhook_refuses_everything_without_a_secret(client, online, stripe_api, settings):
    settings.STRIPE_WEBHOOK_SECRET = ""
    body = event("checkout.session.completed", {"id": "cs_x", "metadata": {}})
    assert deliver(client, body, header=sign(json.dumps(body), secret="")).status_code == 400


def test_event_for_an_unknown_booking_is_logged_and_answered_200(client, stripe_api, caplog):
    body = event(
        "checkout.session.completed",
        {
            "id": "cs_test_elsewhere",
            "object": "checkout.session",
            "payment_status": "paid",
            "client_reference_id": "HS-NOPE",
            "metadata": {"booking_reference": "HS-NOPE"},
        },
    )
    with caplog.at_level(logging.WARNING, logger="payments"):
        response = deliver(client, body)
    assert response.status_code == 200
    row = PaymentEvent.objects.get(stripe_event_id=body["id"])
    assert row.kind == Kind.UNKNOWN_BOOKING and row.booking is None
    assert "payments.unknown_booking" in caplog.text


def test_failed_payment_is_recorded_and_the_hold_stays(client, online, stripe_api):
    booking = book(online)
    payment = checkout(client, booking)
    intent = stripe_api.payment_failed(payment.checkout_session_id)
    assert deliver(client, event("payment_intent.payment_failed", intent)).status_code == 200
    assert fresh(booking).status == Booking.Status.AWAITING_PAYMENT
    row = PaymentEvent.objects.get(kind=Kind.PAYMENT_FAILED)
    assert row.booking == booking and row.note == "Your card was declined."
    assert row.amount == 50


def test_other_events_are_recorded_and_ignored(client, stripe_api):
    body = event("customer.created", {"id": "cus_1", "object": "customer"})
    assert deliver(client, body).status_code == 200
    assert PaymentEvent.objects.get(stripe_event_id=body["id"]).kind == Kind.IGNORED


# --- Holds running out ---------------------------------------------------------------------


def test_expired_hold_releases_the_time_emails_once_and_is_rebookable(
    client, online, stripe_api, frozen
):
    booking = book(online)
    payment = checkout(client, booking)
    frozen.shift(timedelta(minutes=30))
    assert payments.sweep().released == 0
    frozen.shift(timedelta(minutes=1))
    assert payments.sweep().released == 1
    assert payments.sweep().released == 0  # a second sweep finds nothing to do
    assert fresh(booking).status == Booking.Status.EXPIRED
    assert stripe_api.sessions[payment.checkout_session_id]["status"] == "expired"
    payment.refresh_from_db()
    assert payment.status == Payment.Status.EXPIRED
    reminders.send_due()
    reminders.send_due()
    (message,) = mail.outbox
    assert "was released" in message.subject
    assert f"/book/{online.slug}/" in message.body
    other = book(online, email="grace@example.com")
    assert other.status == Booking.Status.AWAITING_PAYMENT
    page = client.get(reverse("payments:deposit", args=[booking.manage_token]))
    assert "This booking has expired" in page.content.decode()
    # Nobody can pay the released booking any more.
    response = client.post(reverse("payments:deposit", args=[booking.manage_token]))
    assert response.status_code == 302
    assert len(stripe_api.calls("POST", "/v1/checkout/sessions")) == 1


def test_checkout_expired_event_releases_the_time_at_once(client, online, stripe_api):
    booking = book(online)
    payment = checkout(client, booking)
    session = dict(stripe_api.sessions[payment.checkout_session_id], status="expired")
    assert deliver(client, event("checkout.session.expired", session)).status_code == 200
    assert fresh(booking).status == Booking.Status.EXPIRED
    assert Reminder.objects.filter(booking=booking, kind=Reminder.Kind.EXPIRED).count() == 1


def test_hold_is_released_even_when_stripe_does_not_answer(client, online, stripe_api, frozen):
    booking = book(online)
    checkout(client, booking)
    frozen.shift(timedelta(minutes=31))
    stripe_api.fail_next = [500] * 6
    result = payments.sweep()
    assert result.released == 1 and result.failed == 1
    assert fresh(booking).status == Booking.Status.EXPIRED


def test_payment_after_the_hold_ended_is_refunded(client, online, stripe_api, frozen):
    booking = book(online)
    payment = checkout(client, booking)
    frozen.shift(timedelta(minutes=31))
    services.expire_hold(booking=booking)  # released without reaching Stripe
    pay(client, stripe_api, payment)
    assert fresh(booking).status == Booking.Status.EXPIRED
    assert payments.sweep().refunded == 1
    (refund,) = stripe_api.calls("POST", "/v1/refunds")
    assert refund["form"]["amount"] == "5000"
    assert Kind.LATE_PAYMENT in kinds(booking) and Kind.REFUND_ISSUED in kinds(booking)


def test_paid_at_the_last_moment_is_booked_by_the_sweep_and_the_late_webhook_changes_nothing(
    client, online, stripe_api, frozen
):
    booking = book(online)
    payment = checkout(client, booking)
    paid = stripe_api.complete(payment.checkout_session_id)  # paid; the webhook is late
    frozen.shift(timedelta(minutes=32))
    result = payments.sweep()
    assert (result.released, result.settled) == (0, 1)
    assert fresh(booking).status == Booking.Status.CONFIRMED and fresh(booking).deposit_paid
    assert deliver(client, event("checkout.session.completed", paid)).status_code == 200
    assert kinds(booking).count(Kind.PAID) == 1
    reminders.send_due()
    assert [m.subject.split(":")[0] for m in mail.outbox].count("Booked") == 1


def test_cancelled_while_awaiting_payment_closes_the_checkout(client, online, stripe_api):
    booking = book(online)
    payment = checkout(client, booking)
    services.cancel(booking=booking)
    assert payments.sweep().closed == 1
    assert stripe_api.sessions[payment.checkout_session_id]["status"] == "expired"


# --- Refunds -------------------------------------------------------------------------------


def paid_booking(client, online, stripe_api):
    booking = book(online)
    pay(client, stripe_api, checkout(client, booking))
    return fresh(booking)


def test_cancelling_before_the_deadline_refunds_the_deposit(client, online, stripe_api):
    booking = paid_booking(client, online, stripe_api)
    page = client.get(reverse("bookings:manage_cancel", args=[booking.manage_token]))
    assert "Cancelling now refunds your deposit of £50" in page.content.decode()
    client.post(reverse("bookings:manage_cancel", args=[booking.manage_token]), {"reason": ""})
    assert fresh(booking).status == Booking.Status.CANCELLED
    assert payments.sweep().refunded == 1
    assert payments.sweep().refunded == 0
    (call,) = stripe_api.calls("POST", "/v1/refunds")
    payment = Payment.objects.get(booking=booking)
    assert call["form"]["payment_intent"] == payment.payment_intent_id
    assert call["form"]["amount"] == "5000"
    assert call["headers"]["Idempotency-Key"] == f"deposit-refund-{booking.reference}"
    assert payment.status == Payment.Status.REFUNDED and payment.refund_id.startswith("re_")
    charge = stripe_api.charge_for(payment.checkout_session_id)
    assert deliver(client, event("charge.refunded", charge)).status_code == 200
    assert kinds(booking)[-2:] == [Kind.REFUND_ISSUED, Kind.REFUNDED]
    reminders.send_due()
    cancelled = [m for m in mail.outbox if m.subject.startswith("Cancelled")]
    assert "is being refunded to the card you paid with" in cancelled[0].body


def test_after_the_deadline_the_deposit_is_kept(client, online, stripe_api, frozen):
    booking = paid_booking(client, online, stripe_api)
    frozen.move_to(booking.change_deadline + timedelta(minutes=1))
    page = client.get(reverse("bookings:manage", args=[booking.manage_token]))
    assert "no longer refundable" in page.content.decode()
    services.cancel(booking=booking, by_studio=True, client_asked=True, reason="Client phoned")
    result = payments.sweep()
    assert result.kept == 1 and result.refunded == 0
    assert not stripe_api.calls("POST", "/v1/refunds")
    assert Payment.objects.get(booking=booking).status == Payment.Status.KEPT
    assert kinds(booking)[-1] == Kind.KEPT
    assert payments.sweep().kept == 0


def test_photographer_refunds_from_the_booking_page(client, online, stripe_api, frozen):
    from dashboard.models import StaffAction
    from tests.factories import StaffUserFactory

    booking = paid_booking(client, online, stripe_api)
    frozen.move_to(booking.change_deadline + timedelta(minutes=1))
    services.cancel(booking=booking, by_studio=True, client_asked=True)
    payments.sweep()
    client.force_login(StaffUserFactory())
    page = client.get(reverse("dashboard:booking", args=[booking.reference])).content.decode()
    assert "Refund the deposit (£50)" in page
    response = client.post(reverse("dashboard:booking_refund", args=[booking.reference]))
    assert response.status_code == 302
    assert len(stripe_api.calls("POST", "/v1/refunds")) == 1
    page = client.get(reverse("dashboard:booking", args=[booking.reference])).content.decode()
    payment = Payment.objects.get(booking=booking)
    for text in ("Deposit paid", "Deposit kept", "Refund issued", payment.refund_id):
        assert text in page
    assert payment.payment_intent_id in page and payment.checkout_session_id in page
    again = client.post(reverse("dashboard:booking_refund", args=[booking.reference]), follow=True)
    assert "There is no paid deposit to refund." in again.content.decode()
    assert len(stripe_api.calls("POST", "/v1/refunds")) == 1
    # One row in the record of staff actions, with the payment before and after; the
    # refused second try leaves none.
    [row] = StaffAction.objects.filter(action="booking.refund")
    assert row.target_label == booking.reference
    assert row.before["status"] != row.after["status"] and row.after["refunded_amount"] == "50.00"


def test_refund_refused_by_stripe_is_shown_and_recorded(client, online, stripe_api):
    booking = paid_booking(client, online, stripe_api)
    payment = Payment.objects.get(booking=booking)
    stripe_api.fail_next = [400]
    with pytest.raises(payments.PaymentError):
        payments.refund(payment=payment, reason="test")
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PAID
    assert kinds(booking)[-1] == Kind.REFUND_REFUSED


def test_refund_needs_staff(client, online, stripe_api):
    booking = paid_booking(client, online, stripe_api)
    response = client.post(reverse("dashboard:booking_refund", args=[booking.reference]))
    assert response.status_code in (302, 403)
    assert not stripe_api.calls("POST", "/v1/refunds")


def test_refunding_a_booking_that_stands_marks_its_deposit_unpaid(client, online, stripe_api):
    booking = paid_booking(client, online, stripe_api)
    payments.refund(payment=Payment.objects.get(booking=booking), reason="goodwill")
    booking = fresh(booking)
    assert booking.status == Booking.Status.CONFIRMED and not booking.deposit_paid


@pytest.mark.parametrize(
    "payload",
    ["0", "[]", '{"id": "evt_1"}', '{"id": "evt_1", "type": "x", "data": []}', '{"id": 1}'],
)
def test_signed_json_that_is_no_event_is_400(client, stripe_api, payload):
    response = client.post(
        WEBHOOK, data=payload, content_type="application/json", HTTP_STRIPE_SIGNATURE=sign(payload)
    )
    assert response.status_code == 400
    assert not PaymentEvent.objects.exists()


def test_paid_after_cancelling_while_awaiting_is_refunded_not_kept(client, online, stripe_api):
    booking = book(online)
    payment = checkout(client, booking)
    services.cancel(booking=booking)  # in one tab, while paying in another
    pay(client, stripe_api, payment)
    result = payments.sweep()
    assert result.refunded == 1 and result.kept == 0
    assert Payment.objects.get(booking=booking).status == Payment.Status.REFUNDED
