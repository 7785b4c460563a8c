"""{{ phone|tel }}: the tap-to-call link of a stored phone number."""

from django import template

from studio.phones import tel_uri

register = template.Library()


@register.filter
def tel(value: str) -> str:
    return tel_uri(value or "")
