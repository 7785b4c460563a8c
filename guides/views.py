from django.shortcuts import get_object_or_404, render

from studio.content import public_page
from studio.models import SessionType

from .models import Guide
from .selectors import (
    group_by_category,
    published_guides,
    tip_counts,
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
