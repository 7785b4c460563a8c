from collections.abc import Iterable

from .models import Tip


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
