"""Times of day, written the studio's one way (studio.formatting)."""

from django import template
from django.utils.timezone import template_localtime

from studio import formatting

register = template.Library()


@register.filter
def clock(value, studio) -> str:
    """{{ booking.start|clock:studio }} -> '14:30' or '2:30 PM', in the page's time zone
    like Django's |date; also takes a plain time (opening hours)."""
    return formatting.clock(template_localtime(value), studio)
