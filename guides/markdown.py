"""Markdown from the studio's editors, rendered to HTML that cannot run anything.

Markdown first, then nh3 (an allow-list HTML sanitiser) over the result: raw HTML,
<script>, on* handlers, style attributes and javascript:/data: links do not survive.
"""

import markdown as md
import nh3
from django.utils.html import strip_tags
from django.utils.safestring import SafeString, mark_safe

ALLOWED_TAGS = {
    "a", "p", "br", "strong", "em", "b", "i", "ul", "ol", "li", "blockquote",
    "h3", "h4", "h5", "code", "pre", "hr",
}  # fmt: skip
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}}
URL_SCHEMES = {"http", "https", "mailto", "tel"}


def render_markdown(text: str) -> SafeString:
    """Sanitised HTML for a Markdown text: safe to mark safe in any template."""
    html = md.markdown(text or "", extensions=["sane_lists"], output_format="html")
    cleaned = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes=URL_SCHEMES,
        link_rel="noopener noreferrer nofollow",
        strip_comments=True,
    )
    return mark_safe(cleaned)  # noqa: S308 - nh3 output is an allow-list of inert HTML


def markdown_to_text(text: str) -> str:
    """Plain text for emails' text parts: the rendered, sanitised HTML without tags."""
    return strip_tags(render_markdown(text)).strip()
