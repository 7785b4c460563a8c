import pytest

from guides.models import Tip
from guides.selectors import tips_for
from tests.factories import TipFactory

pytestmark = pytest.mark.django_db


def test_tips_for_filters_kind_category_and_reminder_flag(django_assert_num_queries):
    wardrobe = TipFactory(category=Tip.Category.WARDROBE, for_portrait=False, title="Solids")
    grooming = TipFactory(category=Tip.Category.GROOMING, title="Haircut a week before")
    TipFactory(category=Tip.Category.GROOMING, title="Not in mail", use_in_reminders=False)
    TipFactory(category=Tip.Category.POSES, title="Mirror practice")
    TipFactory(category=Tip.Category.WARDROBE, for_headshot=False, title="Props")

    with django_assert_num_queries(1):
        tips = tips_for("headshot", ["wardrobe", "grooming"], for_reminders=True)
    assert [tip.title for tip in tips] == [grooming.title, wardrobe.title]

    assert "Props" in [tip.title for tip in tips_for("portrait")]
    assert "Solids" not in [tip.title for tip in tips_for("portrait")]


def test_tips_for_query_count_does_not_grow_with_tips(django_assert_num_queries):
    TipFactory.create_batch(60, category=Tip.Category.BRING)
    with django_assert_num_queries(1):
        assert len(tips_for("hybrid", ["bring"])) == 60


def test_general_guide_gets_tips_for_every_kind_and_kind_guide_gets_its_own(
    django_assert_num_queries,
):
    from guides.selectors import tips_for_guide
    from tests.factories import GuideFactory

    TipFactory(title="Everyone")
    TipFactory(title="Not hybrid", for_hybrid=False)
    general = GuideFactory(kind="")
    hybrid = GuideFactory(kind="hybrid")

    with django_assert_num_queries(1):
        assert [tip.title for tip in tips_for_guide(general)] == ["Everyone"]
    with django_assert_num_queries(1):
        assert [tip.title for tip in tips_for_guide(hybrid)] == ["Everyone"]


def test_group_by_category_follows_the_category_order_and_skips_empty_ones():
    from guides.selectors import group_by_category

    tips = [
        Tip(category=Tip.Category.BRING, title="b"),
        Tip(category=Tip.Category.WARDROBE, title="w1"),
        Tip(category=Tip.Category.WARDROBE, title="w2"),
        Tip(category=Tip.Category.COLLABORATION, title="c"),
    ]
    sections = group_by_category(tips)
    assert [(s.category, s.label, [t.title for t in s.tips]) for s in sections] == [
        ("wardrobe", "Wardrobe", ["w1", "w2"]),
        ("bring", "What to bring", ["b"]),
        ("collaboration", "Working with the photographer", ["c"]),
    ]
    assert group_by_category([]) == []


def test_guide_for_kind_ignores_unpublished_and_other_kinds(django_assert_num_queries):
    from guides.selectors import guide_for_kind
    from tests.factories import GuideFactory

    GuideFactory(kind="portrait", is_published=False, slug="draft")
    GuideFactory(kind="headshot", slug="headshot")
    with django_assert_num_queries(1):
        assert guide_for_kind("portrait") is None
    assert guide_for_kind("headshot").slug == "headshot"


def test_tip_counts_per_guide_kind_in_one_query(django_assert_num_queries):
    from guides.selectors import tip_counts

    TipFactory()
    TipFactory(for_portrait=False)
    TipFactory(for_headshot=False, for_portrait=False)
    with django_assert_num_queries(1):
        counts = tip_counts()
    assert counts == {"": 1, "headshot": 2, "portrait": 1, "hybrid": 3}
