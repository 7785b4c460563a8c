"""Plain-value formatting shared by the templates (through template filters) and emails.

Every money amount, time of day and length of a session on a page, in an email or on the
dashboard is written by one of these, so the studio's choices (currency, 24-hour or
12-hour clock) hold everywhere.
"""

from datetime import datetime, time, timedelta
from decimal import Decimal
from functools import cache

from babel.numbers import get_currency_symbol
from django.conf import settings
from django.utils.formats import date_format, time_format
from django.utils.translation import gettext as _
from django.utils.translation import to_locale

# StudioProfile.clock -> Django format string.
TIME_FORMATS = {"24h": "H:i", "12h": "g:i A"}


def money(value) -> str:
    """185.00 -> '£185', 1200 -> '£1,200', 185.5 -> '£185.50' (in STUDIO_CURRENCY)."""
    if value in (None, ""):
        return ""
    amount = Decimal(str(value))
    symbol = currency_symbol()
    whole = amount == amount.to_integral_value()
    return f"{symbol}{amount:,.0f}" if whole else f"{symbol}{amount:,.2f}"


def money_in(value, currency: str = "") -> str:
    """An amount in its own currency: the studio's symbol for the studio's currency,
    else the ISO code ('100 JPY', '1.00 USD'), so a foreign amount is never misread."""
    if value in (None, ""):
        return ""
    if not currency or currency.lower() == settings.STUDIO_CURRENCY.lower():
        return money(value)
    amount = Decimal(str(value))
    whole = amount == amount.to_integral_value()
    return f"{amount:,.0f} {currency.upper()}" if whole else f"{amount:,.2f} {currency.upper()}"


def currency_symbol() -> str:
    """The symbol of STUDIO_CURRENCY in the site's language: 'gbp' -> '£', 'eur' -> '€'."""
    return _symbol(settings.STUDIO_CURRENCY, settings.LANGUAGE_CODE)


@cache
def _symbol(code: str, language: str) -> str:
    # Babel's copy of the Unicode CLDR knows every ISO 4217 code's symbol per language.
    return get_currency_symbol(code.upper(), locale=to_locale(language))


def clock(value: datetime | time | None, studio) -> str:
    """A time of day as the studio writes it: '14:30' or '2:30 PM' (StudioProfile.clock).

    A datetime is written in its own zone: callers pass it already in the zone they mean.
    """
    if value in (None, ""):
        return ""
    return time_format(value, TIME_FORMATS.get(studio.clock, TIME_FORMATS["24h"]))


# The studio's ways of writing a day (Django date formats), for Python code; templates
# use Django's date filter with the same formats.
LONG_DATE, DAY, SHORT_DATE, WEEKDAY, DAY_MONTH = "l j F Y", "l j F", "D j M", "l", "j F"


def long_date(value) -> str:
    """'Friday 4 December 2026'."""
    return date_format(value, LONG_DATE)


def day_label(value) -> str:
    """'Friday 4 December': a day close enough that the year goes without saying."""
    return date_format(value, DAY)


def short_date(value) -> str:
    """'Fri 4 Dec', for subject lines and lists."""
    return date_format(value, SHORT_DATE)


def weekday(value) -> str:
    """'Friday'."""
    return date_format(value, WEEKDAY)


def day_month(value) -> str:
    """'4 December'."""
    return date_format(value, DAY_MONTH)


def day_and_clock(value: datetime | None, studio, day_format: str = LONG_DATE) -> str:
    """'Friday 4 December 2026, 14:30': a date in `day_format` and the studio's clock."""
    if value in (None, ""):
        return ""
    return f"{date_format(value, day_format)}, {clock(value, studio)}"


def duration(minutes: int | timedelta | None) -> str:
    """45 -> '45 min', 90 -> '1 h 30 min', 120 -> '2 h'; a timedelta to the minute below."""
    if minutes in (None, ""):
        return ""
    if isinstance(minutes, timedelta):
        minutes = minutes // timedelta(minutes=1)
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return _("%(minutes)s min") % {"minutes": rest}
    if not rest:
        return _("%(hours)s h") % {"hours": hours}
    return _("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": rest}
