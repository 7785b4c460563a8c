from django.shortcuts import get_object_or_404, render

from studio.content import public_page
from studio.models import SessionType

from .models import Guide
from .selectors import (
    group_by_category,
    guide_for_kind,
    published_guides,
    tip_counts,
    tips_for,
    tips_for_guide,
)


@public_page
def guide_list(request):
    counts = tip_counts()
    entries = [(guide, counts.get(guide.kind, 0)) for guide in published_guides()]
    return render(request, "guides/guide_list.html", {"entries": entries})


def _guide_context(slug: str) -> dict:
    guide = get_object_or_404(Guide, slug=slug, is_published=True)
    return {"guide": guide, "sections": group_by_category(tips_for_guide(guide))}


@public_page
def guide_detail(request, slug):
    context = _guide_context(slug)
    kind = context["guide"].kind
    context["session_types"] = list(SessionType.objects.active().filter(kind=kind)) if kind else []
    context["other_guides"] = [g for g in published_guides() if g.slug != slug]
    return render(request, "guides/guide_detail.html", context)


@public_page
def guide_checklist(request, slug):
    return render(request, "guides/guide_checklist.html", _guide_context(slug))


@public_page
def session_detail(request, slug):
    """A session type's page, with a taste of its preparation guide.

    Here rather than with the other session pages in studio: the catalog knows nothing
    of guides, and guides may read the catalog.
    """
    session_type = get_object_or_404(SessionType.objects.active(), slug=slug)
    sections = group_by_category(tips_for(session_type.kind))
    context = {
        "session_type": session_type,
        "guide": guide_for_kind(session_type.kind),
        # One tip from each category, as a taste of the full guide.
        "highlights": [section.tips[0] for section in sections],
    }
    return render(request, "studio/session_detail.html", context)
