from django import template
from django.utils.safestring import SafeString

from guides.markdown import markdown_to_text, render_markdown
from guides.models import Guide
from guides.selectors import guides_by_kind

register = template.Library()


@register.filter(name="markdown")
def markdown_filter(text: str) -> SafeString:
    """Render an editor's Markdown to sanitised HTML (see guides.markdown)."""
    return render_markdown(text)


@register.filter(name="markdown_text")
def markdown_text_filter(text: str) -> str:
    """The same Markdown as plain text, for excerpts."""
    return markdown_to_text(text)


@register.simple_tag(name="guides_by_kind")
def guides_by_kind_tag() -> dict[str, Guide]:
    """The published guide of each session kind, for pages outside guides that link them."""
    return guides_by_kind()
