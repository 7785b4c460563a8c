"""Paying the deposit online in a real browser: confirm, Stripe's page (the stand-in on
loopback), back to the booking; a hold that runs out; the photographer's refund."""

import re
from datetime import UTC, datetime, time, timedelta
from urllib.parse import quote

import pytest
import time_machine
from playwright.sync_api import expect

from bookings.models import Booking
from payments import services as payments
from payments.models import Payment
from studio.models import SessionType, StudioProfile, WorkingHours
from tests.bookings.booking_setup import private_ratelimit_cache
from tests.e2e.site import log_in
from tests.factories import SessionTypeFactory, StaffUserFactory, StudioProfileFactory

pytestmark = pytest.mark.django_db(transaction=True)

START = datetime(2030, 1, 7, 8, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _own_ratelimit_counts(settings):
    private_ratelimit_cache(settings)


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=True) as traveller:
        yield traveller


@pytest.fixture
def online(clock, stripe_api, live_server, settings):
    settings.SITE_URL = live_server.url
    stripe_api.webhook_url = live_server.url + "/payments/stripe/webhook/"
    StudioProfileFactory(name="Northlight Test Studio", time_zone="Europe/London")
    StudioProfile.objects.filter(pk=1).update(
        min_notice_hours=24, max_advance_days=60, change_notice_hours=48
    )
    for weekday in range(7):
        WorkingHours.objects.create(weekday=weekday, start=time(9), end=time(17))
    return SessionTypeFactory(
        name="Headshot",
        slug="headshot",
        price=185,
        deposit=50,
        deposit_method=SessionType.DepositMethod.ONLINE,
    )


def book_until_checkout(page, live_server):
    page.goto(live_server.url + "/book/headshot/")
    page.locator("a.day.free").nth(3).click()
    expect(page.locator("#times a.time").first).to_be_visible()
    page.locator("#times a.time").first.click()
    page.get_by_label("Your name").fill("Ada Lovelace")
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_role("button", name="Continue to review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review and confirm")
    expect(page.get_by_text("you pay it by card straight after confirming")).to_be_visible()


@pytest.mark.parametrize("width", [1280, 375])
def test_confirm_pay_on_checkout_and_come_back_booked(
    page, live_server, screenshot, online, stripe_api, width
):
    page.set_viewport_size({"width": width, "height": 900})
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    book_until_checkout(page, live_server)
    screenshot(page, f"deposit-review-{width}")
    page.get_by_role("button", name="Confirm booking").click()

    # Stripe's page (the stand-in): the browser got there through the CSP's form-action.
    expect(page.get_by_role("heading", level=1)).to_have_text("Pay 50.00 GBP")
    assert page.url.startswith(stripe_api.url + "/pay/cs_test_")
    booking = Booking.objects.get()
    assert booking.status == Booking.Status.AWAITING_PAYMENT

    # Changed their mind: back to the site, the time still held, then pay after all.
    page.get_by_role("link", name="Back").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pay your deposit to finish booking")
    expect(page.get_by_text("The payment was not completed")).to_be_visible()
    expect(
        page.get_by_text(re.compile(r"Your time is held for you until \d+:\d\d( [AP]M)?\."))
    ).to_be_visible()
    screenshot(page, f"deposit-pay-page-{width}")
    page.get_by_role("button", name="Pay the £50 deposit").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pay 50.00 GBP")
    page.get_by_role("button", name="Pay").click()

    # The webhook arrived before the redirect: the page shows the booking confirmed.
    expect(page.get_by_role("heading", level=1)).to_have_text("You're booked")
    expect(page.get_by_text("Your deposit of £50 is paid, thank you.")).to_be_visible()
    screenshot(page, f"deposit-paid-{width}")
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED and booking.deposit_paid
    assert len(stripe_api.calls("POST", "/v1/checkout/sessions")) == 1
    assert errors == []

    page.get_by_role("link", name="Manage your booking").click()
    page.get_by_role("link", name="Cancel booking").click()
    expect(page.get_by_text("Cancelling now refunds your deposit of £50")).to_be_visible()
    screenshot(page, f"deposit-cancel-{width}")


def test_paid_but_the_webhook_never_comes_the_client_still_comes_back_booked(
    page, live_server, online, stripe_api
):
    stripe_api.deliver_webhooks = False  # a wrong secret, an unsubscribed event, an outage
    book_until_checkout(page, live_server)
    page.get_by_role("button", name="Confirm booking").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pay 50.00 GBP")
    page.get_by_role("button", name="Pay").click()
    # The return page asked Stripe about its session_id and settled it as the webhook would.
    expect(page.get_by_role("heading", level=1)).to_have_text("You're booked")
    expect(page.get_by_text("Your deposit of £50 is paid, thank you.")).to_be_visible()
    booking = Booking.objects.get()
    assert booking.status == Booking.Status.CONFIRMED and booking.deposit_paid
    assert Payment.objects.get().status == Payment.Status.PAID


def test_an_unpaid_hold_expires_and_the_time_is_free_again(
    page, live_server, screenshot, online, stripe_api, clock
):
    book_until_checkout(page, live_server)
    page.get_by_role("button", name="Confirm booking").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Pay 50.00 GBP")
    booking = Booking.objects.get()
    clock.shift(timedelta(minutes=31))
    assert payments.sweep().released == 1

    page.goto(f"{live_server.url}/payments/deposit/{booking.manage_token}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("This booking has expired")
    screenshot(page, "deposit-expired")
    page.get_by_role("link", name="Book again").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Book: Headshot")
    page.locator("a.day.free").nth(3).click()
    released = quote(booking.start.astimezone(StudioProfile.load().tz).isoformat())
    expect(page.locator("#times a.time").first).to_have_attribute(
        "href", re.compile(re.escape(released))
    )


def test_photographer_sees_the_money_timeline_and_refunds(
    page, live_server, screenshot, online, stripe_api
):
    book_until_checkout(page, live_server)
    page.get_by_role("button", name="Confirm booking").click()
    page.get_by_role("button", name="Pay").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You're booked")
    booking = Booking.objects.get()

    StaffUserFactory(username="photographer")
    log_in(page, live_server, f"/dashboard/bookings/{booking.reference}/")
    money = page.locator("#money")
    expect(money.get_by_text("Deposit paid", exact=True)).to_be_visible()
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Refund the deposit (£50)").click()
    expect(page.get_by_text("The deposit is refunded through Stripe.")).to_be_visible()
    expect(money.get_by_text("Refund issued")).to_be_visible()
    payment = Payment.objects.get()
    expect(money.get_by_text(payment.refund_id).first).to_be_visible()
    screenshot(page, "deposit-dashboard-timeline")
    assert payment.status == Payment.Status.REFUNDED


@pytest.fixture
def check(page, tmp_path):
    from tests.conftest import _missing
    from tests.e2e import checkers

    reason = checkers.missing()
    if reason:
        _missing(reason)
    return checkers.SiteCheck(page, tmp_path / "pages")


def test_deposit_pages_pass_the_checkers(page, live_server, online, stripe_api, check, clock):
    book_until_checkout(page, live_server)
    check("review, deposit online")
    page.get_by_role("button", name="Confirm booking").click()
    booking = Booking.objects.get()
    deposit = f"{live_server.url}/payments/deposit/{booking.manage_token}/"
    page.goto(deposit + "?cancelled=1")
    check("deposit page after Checkout was left")
    stripe_api.fail_next = [500] * 3
    Payment.objects.filter(booking=booking).update(checkout_url="")
    page.get_by_role("button", name="Pay the £50 deposit").click()
    expect(page.get_by_text("could not reach the payment provider")).to_be_visible()
    check("deposit page, Stripe down")
    page.goto(f"{live_server.url}/manage/{booking.manage_token}/")
    check("manage page, awaiting payment")
    page.goto(deposit + "paid/")
    check("back from Checkout before the webhook")
    clock.shift(timedelta(minutes=31))
    payments.sweep()
    page.goto(deposit)
    check("deposit page, expired")
    page.goto(f"{live_server.url}/manage/{booking.manage_token}/")
    check("manage page, expired")
    check.assert_clean()


def test_the_return_page_moves_on_once_the_webhook_arrives(page, live_server, online, stripe_api):
    from tests.payments.standin import event

    book_until_checkout(page, live_server)
    page.get_by_role("button", name="Confirm booking").click()
    booking = Booking.objects.get()
    payment = Payment.objects.get()
    page.goto(f"{live_server.url}/payments/deposit/{booking.manage_token}/paid/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Confirming your payment")
    paid = stripe_api.complete(payment.checkout_session_id)
    status, _body = stripe_api.post_webhook(event("checkout.session.completed", paid))
    assert status == 200
    expect(page.get_by_role("heading", level=1)).to_have_text("You're booked", timeout=15_000)
