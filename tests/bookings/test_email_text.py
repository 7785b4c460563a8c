"""The text parts' `wrap` filter: Django's wordwrap, remembered."""

import pytest
from django.template import Context, Template
from django.template.defaultfilters import wordwrap
from django.utils.safestring import SafeString, mark_safe

from bookings.templatetags.email_text import _wrapped, wrap

TEXTS = [
    "",
    "short",
    "A sentence long enough to need wrapping at seventy-two columns, and then some more words.",
    "Keeps\nexisting line breaks\n\nand blank lines, and a trailing one.\n",
    "   leading spaces and a-very-long-hyphenated-word-that-is-longer-than-the-width-by-itself "
    "then more",
    "Zoë’s café — unicode words wrap too, " * 4,
]


@pytest.mark.parametrize("text", TEXTS)
@pytest.mark.parametrize("width", [72, 20])
def test_wrap_is_djangos_wordwrap(text, width):
    assert wrap(text, width) == wordwrap(text, width)
    assert wrap(text, str(width)) == wordwrap(text, width)  # as the template passes it
    assert wrap(text, width) == wordwrap(text, width)  # and again, from the cache


def test_wrap_remembers_and_keeps_safety_as_wordwrap_does():
    _wrapped.cache_clear()
    text = "Bring each outfit on its own hanger, ironed, with the shoes that go with it. " * 2
    plain = wrap(text, 72)
    safe = wrap(mark_safe(text), 72)  # noqa: S308 - a constant
    assert plain == safe == wordwrap(text, 72)
    assert _wrapped.cache_info().hits == 1
    assert isinstance(safe, SafeString) and not isinstance(plain, SafeString)


def test_wrap_in_a_template_escapes_like_wordwrap():
    body = "{{ text|NAME:10 }}|{% filter NAME:10 %}{{ text }}{% endfilter %}"
    context = Context({"text": "<b>bold</b> and more words"})
    ours = Template("{% load email_text %}" + body.replace("NAME", "wrap")).render(context)
    django = Template(body.replace("NAME", "wordwrap")).render(context)
    assert ours == django
    assert "&lt;b&gt;" in ours
