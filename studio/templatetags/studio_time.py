"""Times of day and lengths of time, written the studio's one way (studio.formatting)."""

from datetime import timedelta

from django import template
from django.utils import timezone
from django.utils.timesince import timeuntil
from django.utils.timezone import template_localtime

from studio import formatting

register = template.Library()


@register.filter
def clock(value, studio) -> str:
    """{{ booking.start|clock:studio }} -> '14:30' or '2:30 PM', in the page's time zone
    like Django's |date; also takes a plain time (opening hours)."""
    return formatting.clock(template_localtime(value), studio)


@register.filter
def in_words(delta) -> str:
    """timedelta(minutes=15) -> "15 minutes", timedelta(hours=2) -> "2 hours".

    At most two units, rounded down, with non-breaking spaces (Django's timeuntil).
    """
    if not isinstance(delta, timedelta):
        return ""
    now = timezone.now()
    return timeuntil(now + delta, now)
