"""Small display helpers for session types: prices, durations and the links out."""

from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from studio.formatting import money

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
