"""Money is never wrong (issue 22): each way a deposit could get stuck, be kept unfairly or
be misread, driven through the real `stripe` library against the stand-in."""

import importlib
from datetime import timedelta
from decimal import Decimal

import pytest
import time_machine
from django.core import mail
from django.urls import reverse

from bookings import reminders, services
from bookings.models import Booking, Reminder
from payments import services as payments
from payments.models import Payment, PaymentEvent
from studio.models import SessionType, StudioProfile
from tests.bookings.booking_setup import (
    NOW,
    headshot,
    open_studio,
    private_ratelimit_cache,
    wednesday,
)
from tests.factories import StaffUserFactory
from tests.payments.standin import event
from tests.payments.test_deposits import book, checkout, deliver, fresh, kinds, pay

pytestmark = pytest.mark.django_db

Kind = PaymentEvent.Kind
sweep_module = importlib.import_module("payments.services.sweep")


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
    StudioProfile.objects.filter(pk=1).update(email="studio@example.com")
    return headshot(deposit=50, price=185, deposit_method=SessionType.DepositMethod.ONLINE)


def paid_booking(client, online, stripe_api) -> Booking:
    booking = book(online)
    pay(client, stripe_api, checkout(client, booking))
    return fresh(booking)


def sent(prefix: str) -> list:
    reminders.send_due()
    return [m for m in mail.outbox if m.subject.startswith(prefix)]


def words(message) -> str:
    """The message's text with its line wrapping undone."""
    return " ".join(message.body.split())


def alerts(booking) -> int:
    return Reminder.objects.filter(booking=booking, kind=Reminder.Kind.ALERT_MONEY).count()


# 1. The studio cancels: the deposit comes back, and the email says the right thing ---------


def test_studio_cancelling_after_the_deadline_refunds_in_full(client, online, stripe_api, frozen):
    booking = paid_booking(client, online, stripe_api)
    frozen.move_to(booking.change_deadline + timedelta(hours=1))
    services.cancel(booking=booking, by_studio=True, reason="Photographer is ill")
    assert fresh(booking).deposit_refund_due
    result = payments.sweep()
    assert (result.refunded, result.kept) == (1, 0)
    (call,) = stripe_api.calls("POST", "/v1/refunds")
    assert call["form"]["amount"] == "5000"
    payment = Payment.objects.get(booking=booking)
    assert payment.status == Payment.Status.REFUNDED and payment.refunded_amount == 50
    (message,) = sent("Cancelled")
    assert "We are sorry to cancel on you. The reason: Photographer is ill" in words(message)
    assert "is being refunded to the card you paid with" in words(message)
    assert "kept" not in words(message)


def test_cancelled_at_the_clients_request_late_keeps_it_without_an_apology(
    client, online, stripe_api, frozen
):
    booking = paid_booking(client, online, stripe_api)
    frozen.move_to(booking.change_deadline + timedelta(hours=1))
    services.cancel(booking=booking, by_studio=True, client_asked=True, reason="Client phoned")
    result = payments.sweep()
    assert (result.refunded, result.kept) == (0, 1)
    (message,) = sent("Cancelled")
    assert "the deposit of £50 is kept, as agreed when you booked" in words(message)
    assert "We are sorry" not in words(message)


def test_dashboard_cancel_by_the_studio_refunds_after_the_deadline(
    client, online, stripe_api, frozen
):
    booking = paid_booking(client, online, stripe_api)
    frozen.move_to(booking.change_deadline + timedelta(hours=1))
    client.force_login(StaffUserFactory())
    response = client.post(
        reverse("dashboard:booking_cancel", args=[booking.reference]),
        {"cancel-notify": "on", "cancel-client_asked": "no", "cancel-reason": "Ill"},
    )
    assert response.status_code == 302
    assert fresh(booking).cancelled_by == "studio"
    assert payments.sweep().refunded == 1


# 4. Amount, currency and session are checked ------------------------------------------------


@pytest.mark.parametrize(
    ("change", "shown"),
    [
        ({"amount_total": 100}, "£1"),
        ({"amount_total": 100, "currency": "jpy"}, "100 JPY"),
        ({"currency": "usd"}, "50 USD"),
        ({"id": "cs_test_someone_elses"}, "£50"),
    ],
    ids=["one-pound", "yen", "dollars", "other-session"],
)
def test_a_payment_that_does_not_match_changes_nothing_and_alerts(
    client, online, stripe_api, change, shown
):
    booking = book(online)
    payment = checkout(client, booking)
    paid = {**stripe_api.complete(payment.checkout_session_id), **change}
    paid["payment_intent"] = "pi_test_not_ours"
    assert deliver(client, event("checkout.session.completed", paid)).status_code == 200
    assert fresh(booking).status == Booking.Status.AWAITING_PAYMENT
    assert not fresh(booking).deposit_paid
    payment.refresh_from_db()
    assert payment.status == Payment.Status.OPEN and payment.payment_intent_id == ""
    row = PaymentEvent.objects.get(kind=Kind.MISMATCH)
    assert row.booking == booking and row.note
    assert alerts(booking) == 1
    client.force_login(StaffUserFactory())
    page = client.get(reverse("dashboard:booking", args=[booking.reference])).content.decode()
    assert "does not match the checkout" in page and shown in page


def test_another_session_after_paying_does_not_overwrite_the_payment(client, online, stripe_api):
    booking = paid_booking(client, online, stripe_api)
    payment = Payment.objects.get(booking=booking)
    other = {
        **stripe_api.sessions[payment.checkout_session_id],
        "id": "cs_test_second",
        "payment_intent": "pi_test_second",
    }
    deliver(client, event("checkout.session.completed", other))
    assert Payment.objects.get(booking=booking).payment_intent_id == payment.payment_intent_id
    assert kinds(booking)[-1] == Kind.MISMATCH


# 3. Paid, but the webhook never comes -------------------------------------------------------


def test_the_return_page_books_a_paid_client_before_the_webhook(client, online, stripe_api):
    booking = book(online)
    payment = checkout(client, booking)
    stripe_api.complete(payment.checkout_session_id)  # paid; the webhook never arrives
    url = reverse("payments:returned", args=[booking.manage_token])
    page = client.get(url, {"session_id": payment.checkout_session_id}).content.decode()
    assert "Your deposit of £50 is paid, thank you." in page
    assert fresh(booking).status == Booking.Status.CONFIRMED
    assert kinds(booking).count(Kind.PAID) == 1
    assert payments.sweep().settled == 0  # nothing left to do
    assert len(sent("Booked")) == 1


def test_the_return_page_with_another_session_id_changes_nothing(client, online, stripe_api):
    booking = book(online)
    payment = checkout(client, booking)
    stripe_api.complete(payment.checkout_session_id)
    url = reverse("payments:returned", args=[booking.manage_token])
    client.get(url, {"session_id": "cs_test_made_up"})
    assert fresh(booking).status == Booking.Status.AWAITING_PAYMENT
    assert not stripe_api.calls("GET", f"/v1/checkout/sessions/{payment.checkout_session_id}")


def test_stuck_holds_never_hold_back_newer_ones(client, online, stripe_api, frozen, monkeypatch):
    monkeypatch.setattr(sweep_module, "BATCH", 2)
    held = []
    for hour in ("09:00", "10:00", "11:00", "13:00", "14:00"):
        booking = book(online, start=wednesday(hour), email=f"c{hour[:2]}@example.com")
        checkout(client, booking)
        held.append(booking)
    frozen.shift(timedelta(minutes=32))
    stripe_api.fail_next = [500] * 9  # the first three releases cannot reach Stripe
    result = payments.sweep()
    assert result.released == 5
    assert {fresh(b).status for b in held} == {Booking.Status.EXPIRED}


def test_a_row_another_sweep_has_claimed_is_left_alone(client, online, stripe_api, frozen):
    booking = book(online)
    payment = checkout(client, booking)
    frozen.shift(timedelta(minutes=32))
    Payment.objects.filter(pk=payment.pk).update(claimed_until=NOW + timedelta(minutes=34))
    assert payments.sweep().released == 0
    assert fresh(booking).status == Booking.Status.AWAITING_PAYMENT
    frozen.shift(timedelta(minutes=3))  # the other sweep died; its claim lapses
    assert payments.sweep().released == 1
    assert Payment.objects.get(pk=payment.pk).claimed_until is None


# 2. Payments that settle later ---------------------------------------------------------------


def test_an_async_payment_waits_then_books_when_it_succeeds(client, online, stripe_api):
    booking = book(online)
    payment = checkout(client, booking)
    unpaid = stripe_api.complete(payment.checkout_session_id, payment_status="unpaid")
    deliver(client, event("checkout.session.completed", unpaid))
    assert fresh(booking).status == Booking.Status.AWAITING_PAYMENT
    assert kinds(booking)[-1] == Kind.PROCESSING
    paid = stripe_api.complete(payment.checkout_session_id)
    deliver(client, event("checkout.session.async_payment_succeeded", paid))
    assert fresh(booking).status == Booking.Status.CONFIRMED and fresh(booking).deposit_paid
    assert len(sent("Booked")) == 1


def test_an_async_payment_that_fails_releases_tells_and_alerts(client, online, stripe_api):
    booking = book(online)
    payment = checkout(client, booking)
    unpaid = stripe_api.complete(payment.checkout_session_id, payment_status="unpaid")
    deliver(client, event("checkout.session.completed", unpaid))
    deliver(client, event("checkout.session.async_payment_failed", unpaid))
    assert fresh(booking).status == Booking.Status.EXPIRED
    assert Payment.objects.get(pk=payment.pk).status == Payment.Status.EXPIRED
    assert len(sent("Not booked")) == 1 and alerts(booking) == 1


def test_a_session_complete_but_unpaid_is_decided_when_the_hold_ends(
    client, online, stripe_api, frozen
):
    booking = book(online)
    payment = checkout(client, booking)
    stripe_api.complete(payment.checkout_session_id, payment_status="unpaid")
    frozen.shift(timedelta(minutes=32))
    assert payments.sweep().released == 1
    assert fresh(booking).status == Booking.Status.EXPIRED


# 5. Paying in the last second ----------------------------------------------------------------


def test_paid_as_the_sweep_expires_it_is_booked_not_released(client, online, stripe_api, frozen):
    booking = book(online)
    payment = checkout(client, booking)
    stripe_api.pay_before_expire.add(payment.checkout_session_id)
    frozen.shift(timedelta(minutes=32))
    result = payments.sweep()
    assert (result.released, result.settled) == (0, 1)
    assert fresh(booking).status == Booking.Status.CONFIRMED
    assert not sent("Not booked")


def test_a_late_payment_refunded_gets_its_own_email(client, online, stripe_api, frozen):
    booking = book(online)
    payment = checkout(client, booking)
    frozen.shift(timedelta(minutes=32))
    services.expire_hold(booking=booking)  # released without reaching Stripe
    pay(client, stripe_api, payment)
    assert payments.sweep().refunded == 1
    (message,) = sent("Refunded")
    assert "reached us after that booking had stopped holding its time" in words(message)
    assert "refunded it in full" in words(message)


# 6. One lock order; see test_money_postgres.py for the concurrent runs -----------------------


# 7. A refund Stripe refuses ------------------------------------------------------------------


def test_a_refused_refund_backs_off_stops_and_alerts(client, online, stripe_api, frozen):
    booking = paid_booking(client, online, stripe_api)
    services.cancel(booking=booking)
    refusal = (400, "Charge ch_1 has been charged back; cannot issue a refund.")
    stripe_api.fail_next = [refusal]
    assert payments.sweep().failed == 1
    row = PaymentEvent.objects.filter(booking=booking).latest("pk")
    assert row.kind == Kind.REFUND_REFUSED and "charged back" in row.note
    assert payments.sweep().failed == 0  # not again at once
    waits = [timedelta(minutes=5), timedelta(minutes=20), timedelta(minutes=80)]
    for wait in waits:
        stripe_api.fail_next = [refusal]
        frozen.shift(wait)
        assert payments.sweep().failed == 1
    payment = Payment.objects.get(booking=booking)
    assert payment.refund_attempts == Payment.MAX_REFUND_ATTEMPTS == 4
    assert alerts(booking) == 1
    frozen.shift(timedelta(days=2))
    payments.sweep()
    assert len(stripe_api.calls("POST", "/v1/refunds")) == 4
    client.force_login(StaffUserFactory())
    page = client.get(reverse("dashboard:booking", args=[booking.reference])).content.decode()
    assert "Refund refused by Stripe" in page and "charged back" in page


def test_an_outage_is_not_a_refusal(client, online, stripe_api, frozen):
    booking = paid_booking(client, online, stripe_api)
    services.cancel(booking=booking)
    stripe_api.fail_next = [500] * 3
    assert payments.sweep().failed == 1
    payment = Payment.objects.get(booking=booking)
    assert payment.refund_attempts == 0 and kinds(booking)[-1] == Kind.GATEWAY_ERROR
    frozen.shift(timedelta(minutes=5))
    assert payments.sweep().refunded == 1


# 8. Refunds made in Stripe's dashboard --------------------------------------------------------


def test_refunds_in_stripes_dashboard_record_the_amount_and_balance(client, online, stripe_api):
    booking = paid_booking(client, online, stripe_api)
    payment = Payment.objects.get(booking=booking)
    partial = stripe_api.charge_for(payment.checkout_session_id, refunded=2000)
    deliver(client, event("charge.refunded", partial))
    payment.refresh_from_db()
    assert payment.status == Payment.Status.PART_REFUNDED
    assert (payment.refunded_amount, payment.kept_amount) == (Decimal("20"), Decimal("30"))
    assert fresh(booking).deposit_paid
    full = stripe_api.charge_for(payment.checkout_session_id, refunded=5000)
    deliver(client, event("charge.refunded", full))
    payment.refresh_from_db()
    assert payment.status == Payment.Status.REFUNDED and payment.kept_amount == 0
    booking = fresh(booking)
    assert booking.status == Booking.Status.CONFIRMED and not booking.deposit_paid


def test_the_photographer_refunds_what_is_left_after_a_part_refund(client, online, stripe_api):
    booking = paid_booking(client, online, stripe_api)
    payment = Payment.objects.get(booking=booking)
    deliver(
        client,
        event("charge.refunded", stripe_api.charge_for(payment.checkout_session_id, refunded=2000)),
    )
    payments.refund(payment=payment, reason="goodwill")
    (call,) = stripe_api.calls("POST", "/v1/refunds")
    assert call["form"]["amount"] == "3000"
    assert Payment.objects.get(pk=payment.pk).status == Payment.Status.REFUNDED


# 9. Signed but odd events --------------------------------------------------------------------


@pytest.mark.parametrize(
    "odd",
    [
        {"id": "evt_" + "x" * 300},
        {"type": "checkout.session.completed" + "x" * 100},
        {"reference": 12345},
        {"reference": ["HS-1"]},
        {"object_id": "cs_" + "y" * 300},
    ],
    ids=["long-id", "long-type", "numeric-reference", "list-reference", "long-object-id"],
)
def test_signed_but_odd_events_are_answered_200_and_change_nothing(client, online, stripe_api, odd):
    booking = book(online)
    payment = checkout(client, booking)
    paid = stripe_api.complete(payment.checkout_session_id)
    if "reference" in odd:
        paid = {**paid, "metadata": {"booking_reference": odd["reference"]}}
        paid["client_reference_id"] = odd["reference"]
    if "object_id" in odd:
        paid = {**paid, "id": odd["object_id"]}
    body = event("checkout.session.completed", paid)
    body.update({key: value for key, value in odd.items() if key in ("id", "type")})
    assert deliver(client, body).status_code == 200
    assert fresh(booking).status == Booking.Status.AWAITING_PAYMENT
    assert Payment.objects.get(pk=payment.pk).status == Payment.Status.OPEN
    assert PaymentEvent.objects.exclude(kind=Kind.CHECKOUT_STARTED).count() == 1


# 10. Only Stripe's word marks an online deposit paid ------------------------------------------


def test_staff_cannot_mark_an_online_deposit_paid(client, online, stripe_api, frozen):
    booking = book(online)
    with pytest.raises(services.BookingError):
        services.mark_deposit_paid(booking=booking)
    client.force_login(StaffUserFactory())
    response = client.post(
        reverse("dashboard:booking_deposit", args=[booking.reference]), {"paid": "1"}, follow=True
    )
    assert "only the payment provider can mark it paid" in response.content.decode()
    assert not fresh(booking).deposit_paid
    frozen.shift(timedelta(minutes=32))
    payments.sweep()
    booking = fresh(booking)
    assert booking.status == Booking.Status.EXPIRED and not booking.deposit_paid


# 11. Closing the tab ---------------------------------------------------------------------------


def test_a_held_client_is_emailed_a_link_to_finish_paying(client, online, stripe_api, frozen):
    booking = book(online)
    payment = checkout(client, booking)
    session = stripe_api.sessions[payment.checkout_session_id]
    assert session["expires_at"] == int(fresh(booking).hold_until.timestamp())
    assert not sent("Your")
    frozen.shift(timedelta(minutes=10))
    (message,) = sent("Your Headshot")
    assert "finish paying" in message.subject
    assert reverse("payments:deposit", args=[booking.manage_token]) in message.body
    assert reverse("bookings:manage", args=[booking.manage_token]) in message.body
    # The link leads to the same Checkout Session, never a second one.
    response = client.post(reverse("payments:deposit", args=[booking.manage_token]))
    assert response["Location"] == payment.checkout_url
    assert len(stripe_api.calls("POST", "/v1/checkout/sessions")) == 1


def test_no_finish_paying_email_once_paid(client, online, stripe_api, frozen):
    booking = book(online)
    pay(client, stripe_api, checkout(client, booking))
    frozen.shift(timedelta(minutes=10))
    assert not sent("Your Headshot")
    assert Reminder.objects.get(booking=booking, kind=Reminder.Kind.FINISH_PAYING).state == (
        Reminder.State.SKIPPED
    )


# The confirmation states the deposit paid, when, and the balance due ----------------------


def test_the_confirmation_says_when_the_deposit_was_paid_and_what_is_due(
    client, online, stripe_api
):
    paid_booking(client, online, stripe_api)
    (message,) = sent("Booked")
    assert (
        "Your deposit of £50 is paid, thank you. We received it on Monday 7 January 2030; "
        "the balance of £135 is due on the day." in words(message)
    )
    assert "We received it on Monday 7 January 2030" in message.alternatives[0][0]


def test_a_part_refunded_deposit_cancelled_in_time_gets_the_rest_back(client, online, stripe_api):
    booking = paid_booking(client, online, stripe_api)
    payment = Payment.objects.get(booking=booking)
    partial = stripe_api.charge_for(payment.checkout_session_id, refunded=2000)
    deliver(client, event("charge.refunded", partial))
    services.cancel(booking=booking)
    assert payments.sweep().refunded == 1
    (call,) = stripe_api.calls("POST", "/v1/refunds")
    assert call["form"]["amount"] == "3000"
    assert Payment.objects.get(pk=payment.pk).status == Payment.Status.REFUNDED


def test_the_money_alert_reaches_the_studio_only(client, online, stripe_api):
    booking = book(online)
    payment = checkout(client, booking)
    wrong = {**stripe_api.complete(payment.checkout_session_id), "amount_total": 100}
    deliver(client, event("checkout.session.completed", wrong))
    (alert,) = sent("Payment to check")
    assert alert.to == ["studio@example.com"]
    assert f"/dashboard/bookings/{booking.reference}/#money" in alert.body
    assert "did not match what the booking asked for" in words(alert)
