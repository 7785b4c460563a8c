"""Money the studio takes itself, discounts and changed prices, and the balance due."""

from datetime import date, timedelta
from decimal import Decimal

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from bookings.models import Booking
from payments import services as payments
from payments.models import MoneyEntry, Payment
from payments.selectors import balance
from tests.factories import BookingFactory, StaffUserFactory, StudioProfileFactory

pytestmark = pytest.mark.django_db

Method = MoneyEntry.Method


@pytest.fixture
def booking():
    StudioProfileFactory()
    return BookingFactory(price=Decimal("185"), deposit=Decimal("50"), deposit_paid=True)


@pytest.fixture
def staff(client):
    client.force_login(StaffUserFactory())
    return client


def fresh(booking) -> Booking:
    return Booking.objects.get(pk=booking.pk)


def test_payments_taken_offline_bring_the_balance_down(booking):
    assert balance(fresh(booking)).due == Decimal("135")
    today = timezone.localdate()
    payments.record_offline_payment(
        booking=booking, amount=Decimal("100"), method=Method.CASH, taken_on=today
    )
    payments.record_offline_payment(
        booking=booking, amount=Decimal("40"), method=Method.CARD, taken_on=today
    )
    money = balance(fresh(booking))
    assert (money.paid, money.due, money.over) == (Decimal("190"), 0, Decimal("5"))


def test_a_discount_and_a_new_price_change_what_is_due(booking):
    payments.change_price(
        booking=booking, kind=MoneyEntry.Kind.DISCOUNT, amount=Decimal("20"), reason="Returning"
    )
    assert balance(fresh(booking)).due == Decimal("115")
    payments.change_price(
        booking=booking, kind=MoneyEntry.Kind.PRICE, amount=Decimal("150"), reason="Shorter"
    )
    money = balance(fresh(booking))
    assert (money.agreed, money.price, money.due) == (Decimal("185"), Decimal("150"), 100)


@pytest.mark.parametrize(
    ("call", "message"),
    [
        (
            lambda b: payments.record_offline_payment(
                booking=b, amount=Decimal("0"), method=Method.CASH, taken_on=date(2020, 1, 1)
            ),
            "Enter an amount above zero.",
        ),
        (
            lambda b: payments.record_offline_payment(
                booking=b, amount=Decimal("5"), method="cheque", taken_on=date(2020, 1, 1)
            ),
            "Choose how the client paid.",
        ),
        (
            lambda b: payments.record_offline_payment(
                booking=b,
                amount=Decimal("5"),
                method=Method.CASH,
                taken_on=timezone.localdate() + timedelta(days=1),
            ),
            "A payment cannot be taken in the future.",
        ),
        (
            lambda b: payments.change_price(
                booking=b, kind=MoneyEntry.Kind.DISCOUNT, amount=Decimal("10"), reason=" "
            ),
            "Say why the price changes.",
        ),
        (
            lambda b: payments.change_price(
                booking=b, kind=MoneyEntry.Kind.DISCOUNT, amount=Decimal("186"), reason="x"
            ),
            "The discount is more than the price.",
        ),
    ],
    ids=["zero", "method", "future", "no-reason", "discount-over-price"],
)
def test_bad_money_is_refused_and_nothing_is_written(booking, call, message):
    with pytest.raises(payments.PaymentError) as refused:
        call(booking)
    assert refused.value.message == message
    assert not MoneyEntry.objects.exists()


def test_nothing_is_taken_on_a_booking_still_held(booking):
    Booking.objects.filter(pk=booking.pk).update(status=Booking.Status.AWAITING_PAYMENT)
    with pytest.raises(payments.PaymentError):
        payments.record_offline_payment(
            booking=booking, amount=Decimal("5"), method=Method.CASH, taken_on=date(2020, 1, 1)
        )


def test_an_online_deposit_counts_what_was_not_refunded(booking):
    Booking.objects.filter(pk=booking.pk).update(deposit_online=True)
    Payment.objects.create(
        booking=booking,
        amount=Decimal("50"),
        currency="gbp",
        status=Payment.Status.PART_REFUNDED,
        refunded_amount=Decimal("20"),
        paid_at=timezone.now(),
    )
    money = balance(fresh(booking))
    assert (money.deposit, money.due) == (Decimal("30"), Decimal("155"))
    assert money.deposit_on == timezone.now().date()


def test_the_booking_page_records_a_payment_and_shows_the_balance(staff, booking):
    url = reverse("dashboard:booking_take_payment", args=[booking.reference])
    response = staff.post(
        url, {"taken-amount": "135", "taken-method": "card", "taken-taken_on": "2020-01-02"}
    )
    assert response.status_code == 302 and response["Location"].endswith("#balance")
    page = staff.get(reverse("dashboard:booking", args=[booking.reference])).content.decode()
    assert "Balance due" in page and "Card on the day, 2 January 2020" in page
    assert balance(fresh(booking)).due == 0


def test_the_booking_page_shows_form_errors_and_refusals(staff, booking):
    url = reverse("dashboard:booking_take_payment", args=[booking.reference])
    response = staff.post(url, {"taken-amount": "-3", "taken-method": "cash"})
    assert response.status_code == 400
    assert set(response.context["payment_form"].errors) == {"amount", "taken_on"}
    price_url = reverse("dashboard:booking_change_price", args=[booking.reference])
    response = staff.post(
        price_url, {"price-kind": "discount", "price-amount": "500", "price-reason": "Friend"}
    )
    assert response.status_code == 400
    assert "The discount is more than the price." in response.content.decode()
    assert not MoneyEntry.objects.exists()


@time_machine.travel("2030-03-15 12:00Z", tick=False)
def test_insights_show_money_taken_per_month(client):
    StudioProfileFactory()
    client.force_login(StaffUserFactory())  # at the travelled time, so the login is fresh
    march = BookingFactory(price=Decimal("185"), deposit=Decimal("50"), deposit_online=True)
    Payment.objects.create(
        booking=march,
        amount=Decimal("50"),
        currency="gbp",
        status=Payment.Status.PART_REFUNDED,
        paid_at=timezone.now() - timedelta(days=40),  # 4 February
        refunded_amount=Decimal("10"),
        refunded_at=timezone.now(),
    )
    payments.record_offline_payment(
        booking=march, amount=Decimal("135"), method=Method.CASH, taken_on=date(2030, 3, 1)
    )
    response = client.get(reverse("dashboard:insights"), {"months": 3})
    rows = {row.month: row for row in response.context["money"]}
    assert rows[date(2030, 2, 1)].taken == Decimal("50")
    march_row = rows[date(2030, 3, 1)]
    assert (march_row.balances, march_row.refunds, march_row.taken) == (135, 10, 125)
    assert "Money taken per month" in response.content.decode()
