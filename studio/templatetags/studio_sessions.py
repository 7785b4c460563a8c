"""Small display helpers for session types: prices, durations and the links out."""

from decimal import Decimal
from urllib.parse import urlencode

from django import template
from django.conf import settings
from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

register = template.Library()


@register.simple_tag
def book_url(slug: str) -> str:
    """The booking flow for a session type.

    `bookings:book` is built by the booking branch; until it is merged the contract's
    literal path is used, so links already point where the booking flow will live.
    """
    try:
        return reverse("bookings:book", args=[slug])
    except NoReverseMatch:
        return f"/book/{slug}/"


@register.simple_tag
def quiz_url(slug: str = "") -> str:
    """The 'which session do I need?' wizard, pre-filled from a session type when given."""
    url = reverse("intake:start")
    return f"{url}?{urlencode({'session': slug})}" if slug else url


@register.filter
def money(value) -> str:
    """185.00 -> '£185', 1200 -> '£1,200', 185.5 -> '£185.50' (STUDIO_CURRENCY_SYMBOL)."""
    if value in (None, ""):
        return ""
    amount = Decimal(str(value))
    symbol = getattr(settings, "STUDIO_CURRENCY_SYMBOL", "£")
    whole = amount == amount.to_integral_value()
    return f"{symbol}{amount:,.0f}" if whole else f"{symbol}{amount:,.2f}"


@register.filter
def duration(minutes) -> str:
    """90 -> '1 h 30 min', 45 -> '45 min', 120 -> '2 hours'."""
    if minutes in (None, ""):
        return ""
    hours, rest = divmod(int(minutes), 60)
    if not hours:
        return _("%(minutes)s min") % {"minutes": rest}
    if not rest:
        return ngettext("%(hours)s hour", "%(hours)s hours", hours) % {"hours": hours}
    return _("%(hours)s h %(minutes)s min") % {"hours": hours, "minutes": rest}
