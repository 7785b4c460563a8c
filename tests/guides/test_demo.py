"""The demo guides are substantial, cover every category and kind, and respect edits."""

import pytest

from guides.demo import GUIDES, TIPS, seed_guides
from guides.markdown import markdown_to_text
from guides.models import Guide, Tip
from studio.models import SessionKind

pytestmark = pytest.mark.django_db


def test_one_guide_per_kind_plus_a_general_one():
    seed_guides()
    kinds = sorted(Guide.objects.values_list("kind", flat=True))
    assert kinds == sorted(["", *SessionKind.values])
    assert Guide.objects.get(kind="").title == "Before any session"


def test_at_least_thirty_substantial_tips_across_every_category_and_kind():
    seed_guides()
    tips = list(Tip.objects.all())
    assert len(tips) >= 30
    for category in Tip.Category.values:
        for kind in SessionKind.values:
            assert any(t.category == category and getattr(t, f"for_{kind}") for t in tips), (
                category,
                kind,
            )
    for tip in tips:
        assert len(markdown_to_text(tip.body)) >= 150, tip.title
    assert len({tip.title for tip in tips}) == len(tips)


def test_reminder_emails_have_wardrobe_and_grooming_tips_for_each_kind():
    from guides.selectors import tips_for

    seed_guides()
    for kind in SessionKind.values:
        tips = tips_for(kind, ["wardrobe", "grooming"], for_reminders=True)
        assert {tip.category for tip in tips} == {"wardrobe", "grooming"}


def test_seeding_again_creates_nothing_and_keeps_edits():
    seed_guides()
    tip = Tip.objects.get(title="Arrive ten minutes early")
    tip.body = "Our studio opens its door five minutes before your time."
    tip.save()
    guide = Guide.objects.get(slug="before-any-session")
    guide.intro = "Edited by the photographer."
    guide.save()

    seed_guides()

    assert Tip.objects.count() == len(TIPS)
    assert Guide.objects.count() == len(GUIDES)
    tip.refresh_from_db()
    guide.refresh_from_db()
    assert tip.body.startswith("Our studio opens")
    assert guide.intro == "Edited by the photographer."


def test_a_deleted_demo_tip_is_restored_by_the_next_seed():
    seed_guides()
    Tip.objects.filter(title="Pack a small grooming kit").delete()
    seed_guides()
    assert Tip.objects.filter(title="Pack a small grooming kit").count() == 1
