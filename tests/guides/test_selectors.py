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
