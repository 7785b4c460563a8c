from collections.abc import Iterable
from dataclasses import dataclass

from django.db.models import Count, Q

from .models import Guide, Tip


def tips_for(
    kind: str, categories: Iterable[str] | None = None, *, for_reminders: bool = False
) -> list[Tip]:
    """Tips for a session kind, in category then editorial order. One query, always."""
    tips = Tip.objects.for_kind(kind)
    if categories is not None:
        tips = tips.filter(category__in=list(categories))
    if for_reminders:
        tips = tips.filter(use_in_reminders=True)
    return list(tips.order_by("category", "order", "title"))


def tips_for_guide(guide: Guide) -> list[Tip]:
    """A kind's guide holds every tip for that kind; the general guide those for all kinds.

    One query.
    """
    if guide.kind:
        return tips_for(guide.kind)
    return list(Tip.objects.for_every_kind().order_by("category", "order", "title"))


def published_guides() -> list[Guide]:
    """Published guides, general first then by editorial order. One query."""
    return list(Guide.objects.filter(is_published=True).order_by("order", "title"))


def guide_for_kind(kind: str) -> Guide | None:
    """The published guide for a session kind, if there is one. One query."""
    return Guide.objects.filter(is_published=True, kind=kind).order_by("order", "title").first()


def guides_by_kind() -> dict[str, Guide]:
    """The published guide of each session kind ("" for the general one), as guide_for_kind
    would pick it. One query."""
    found: dict[str, Guide] = {}
    for guide in published_guides():
        found.setdefault(guide.kind, guide)
    return found


def tip_counts() -> dict[str, int]:
    """How many tips each guide shows, keyed by guide kind ("" for general). One query."""
    every_kind = Q(for_headshot=True, for_portrait=True, for_hybrid=True)
    counts = Tip.objects.aggregate(
        general=Count("pk", filter=every_kind),
        headshot=Count("pk", filter=Q(for_headshot=True)),
        portrait=Count("pk", filter=Q(for_portrait=True)),
        hybrid=Count("pk", filter=Q(for_hybrid=True)),
    )
    counts[""] = counts.pop("general")
    return counts


@dataclass(frozen=True)
class TipSection:
    category: str
    label: str
    tips: list[Tip]


def group_by_category(tips: Iterable[Tip]) -> list[TipSection]:
    """Tips in sections, categories in their defined order, empty ones left out."""
    by_category: dict[str, list[Tip]] = {}
    for tip in tips:
        by_category.setdefault(tip.category, []).append(tip)
    return [
        TipSection(category=value, label=str(label), tips=by_category[value])
        for value, label in Tip.Category.choices
        if value in by_category
    ]
