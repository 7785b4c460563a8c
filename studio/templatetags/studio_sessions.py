"""Small display helpers for session types: prices, durations and the links out."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse

from studio.formatting import duration, money, money_in

register = template.Library()


@register.simple_tag
def book_url(slug: str) -> str:
    """The booking flow for a session type."""
    return reverse("bookings:book", args=[slug])


@register.simple_tag
def quiz_url(slug: str = "") -> str:
    """The 'which session do I need?' wizard, pre-filled from a session type when given."""
    url = reverse("intake:start")
    return f"{url}?{urlencode({'session': slug})}" if slug else url


register.filter(money)
register.filter(money_in)
register.filter(duration)
