"""Lengths of time in plain words."""

from datetime import timedelta

from django import template
from django.utils import timezone
from django.utils.timesince import timeuntil

register = template.Library()


@register.filter
def in_words(delta) -> str:
    """timedelta(minutes=15) -> "15 minutes", timedelta(hours=2) -> "2 hours".

    At most two units, rounded down, with non-breaking spaces (Django's timeuntil).
    """
    if not isinstance(delta, timedelta):
        return ""
    now = timezone.now()
    return timeuntil(now + delta, now)
