from decimal import Decimal

import pytest

from studio.templatetags.studio_sessions import book_url, duration, money, quiz_url


@pytest.mark.parametrize(
    ("value", "expected"),
    [(Decimal("185.00"), "£185"), (Decimal("185.50"), "£185.50"), (Decimal("0"), "£0"), (None, "")],
)
def test_money(value, expected):
    assert money(value) == expected


@pytest.mark.parametrize(("currency", "symbol"), [("eur", "€"), ("usd", "$"), ("GBP", "£")])
def test_money_shows_the_symbol_of_the_studio_currency(settings, currency, symbol):
    settings.STUDIO_CURRENCY = currency
    assert money(Decimal("40")) == f"{symbol}40"


@pytest.mark.parametrize(
    ("minutes", "expected"),
    [
        (45, "45 min"),
        (60, "1 h"),
        (90, "1 h 30 min"),
        (120, "2 h"),
        (150, "2 h 30 min"),
        (None, ""),
    ],
)
def test_duration(minutes, expected):
    assert duration(minutes) == expected


def test_book_url_links_the_booking_flow():
    assert book_url("headshot") == "/book/headshot/"


def test_quiz_url_prefills_the_session_and_escapes_it():
    assert quiz_url("headshot") == "/which-session/?session=headshot"
    assert quiz_url("a&b c") == "/which-session/?session=a%26b+c"
    assert quiz_url() == "/which-session/"
