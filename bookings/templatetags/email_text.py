"""Filters for the plain-text parts of emails."""

from functools import lru_cache

from django import template
from django.template.defaultfilters import stringfilter
from django.utils.text import wrap as django_wrap

register = template.Library()


@lru_cache(maxsize=1024)
def _wrapped(text: str, width: int) -> str:
    return django_wrap(text, width)


@register.filter(is_safe=True)
@stringfilter
def wrap(value: str, width) -> str:
    """Django's `wordwrap`, remembered per process: the same output for the same text.

    Every reminder wraps the same tips, notes, directions and fixed paragraphs again;
    wrapping them was a sixth of the time spent rendering a message.
    """
    return _wrapped(value, int(width))
