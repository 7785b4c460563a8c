"""Guide pages: grouping by category, which tips belong where, inert Markdown, query counts."""

import re

import pytest

from guides.models import Tip
from studio.models import SessionKind
from tests.factories import GuideFactory, SessionTypeFactory, StudioProfileFactory, TipFactory

pytestmark = pytest.mark.django_db

# Each first reads the cached pages' version (studio.content), then:
LIST_QUERIES = 4  # profile, guides, tip counts
DETAIL_QUERIES = 6  # profile, guide, tips, session types of its kind, other guides
CHECKLIST_QUERIES = 4  # profile, guide, tips

CATEGORIES = [value for value, _label in Tip.Category.choices]


@pytest.fixture(autouse=True)
def studio():
    return StudioProfileFactory()


def headings(body, level):
    return re.findall(rf"<h{level}[^>]*>([^<]+)</h{level}>", body)


def test_list_shows_published_guides_with_their_tip_counts(client):
    GuideFactory(slug="general", title="Before any session", kind="", order=0)
    GuideFactory(slug="headshot", title="Headshot guide", kind=SessionKind.HEADSHOT, order=1)
    GuideFactory(slug="draft", title="Draft guide", kind=SessionKind.PORTRAIT, is_published=False)
    TipFactory(title="For all")
    TipFactory(title="Headshot only", for_portrait=False, for_hybrid=False)

    body = client.get("/guides/").content.decode()

    assert "Draft guide" not in body
    assert body.index("Before any session") < body.index("Headshot guide")
    general, headshot = re.findall(r"(\d+) tips?<", body)
    assert (general, headshot) == ("1", "2")
    assert 'href="/guides/headshot/checklist/"' in body


def test_list_without_guides_explains(client):
    assert "being written" in client.get("/guides/").content.decode()


@pytest.mark.parametrize("count", [3, 30])
def test_list_query_count_is_constant(client, django_assert_max_num_queries, count):
    GuideFactory.create_batch(4)
    TipFactory.create_batch(count)
    with django_assert_max_num_queries(LIST_QUERIES):
        assert client.get("/guides/").status_code == 200


def test_kind_guide_groups_its_tips_by_category_in_the_defined_order(client):
    guide = GuideFactory(slug="portrait-guide", kind=SessionKind.PORTRAIT, intro="Read *this*.")
    TipFactory(category=Tip.Category.BRING, title="Props with a story", for_headshot=False)
    TipFactory(category=Tip.Category.WARDROBE, title="Solid colours", order=2)
    TipFactory(category=Tip.Category.WARDROBE, title="Fit first", order=1)
    TipFactory(category=Tip.Category.TIMING, title="Chin down", for_portrait=False)

    body = client.get(f"/guides/{guide.slug}/").content.decode()

    assert headings(body, 2)[:2] == ["Wardrobe", "What to bring"]
    tip_titles = re.findall(r'<h3 class="h5" id="tip-title-\d+">([^<]+)</h3>', body)
    assert tip_titles == ["Fit first", "Solid colours", "Props with a story"]
    assert "Chin down" not in body
    assert "<em>this</em>" in body


def test_general_guide_holds_only_tips_for_every_kind(client):
    guide = GuideFactory(slug="before-any-session", kind="")
    TipFactory(title="Sleep well")
    TipFactory(title="Hybrid shot list", for_headshot=False, for_portrait=False)

    body = client.get(f"/guides/{guide.slug}/").content.decode()

    assert "Sleep well" in body
    assert "Hybrid shot list" not in body
    assert 'href="/book/"' in body, "the general guide links to choosing a session"


def test_kind_guide_links_to_booking_its_active_session_types(client):
    guide = GuideFactory(slug="headshot-guide", kind=SessionKind.HEADSHOT)
    GuideFactory(slug="before-any-session", title="Before any session", kind="")
    SessionTypeFactory(slug="studio-headshot", kind=SessionKind.HEADSHOT)
    SessionTypeFactory(slug="old-headshot", kind=SessionKind.HEADSHOT, is_active=False)
    SessionTypeFactory(slug="portrait", kind=SessionKind.PORTRAIT)

    body = client.get(f"/guides/{guide.slug}/").content.decode()

    assert 'href="/book/studio-headshot/"' in body
    assert "/book/old-headshot/" not in body
    assert "/book/portrait/" not in body
    assert 'href="/guides/before-any-session/"' in body
    assert 'href="/guides/headshot-guide/checklist/"' in body


@pytest.mark.parametrize(
    "body",
    [
        "<script>alert('x')</script>Wear navy.",
        '<img src="x" onerror="alert(1)">',
        "[Book now](javascript:alert(1))",
        '<a href="#" onclick="steal()">link</a>',
        "<iframe src='https://evil.example'></iframe>",
        '<form action="https://evil.example"><input name="card"></form>',
    ],
)
def test_tip_markdown_renders_inert_on_the_page(client, body):
    guide = GuideFactory(slug="g", kind=SessionKind.HEADSHOT)
    TipFactory(title="Risky", body=body)

    page = client.get(f"/guides/{guide.slug}/").content.decode()
    tip = page[page.index('id="tip-title-') : page.index("</article>", page.index("Risky"))]

    for forbidden in ("<script", "onerror", "onclick", "javascript:", "<iframe", "<form", "<input"):
        assert forbidden not in tip.lower()


def test_unpublished_or_unknown_guide_is_404(client):
    GuideFactory(slug="draft", is_published=False)
    assert client.get("/guides/draft/").status_code == 404
    assert client.get("/guides/draft/checklist/").status_code == 404
    assert client.get("/guides/nope/").status_code == 404


def test_guide_without_tips_says_they_are_coming(client):
    guide = GuideFactory(slug="empty", kind=SessionKind.HYBRID)
    assert "on their way" in client.get(f"/guides/{guide.slug}/").content.decode()
    assert "on their way" in client.get(f"/guides/{guide.slug}/checklist/").content.decode()


@pytest.mark.parametrize("count", [3, 30])
def test_detail_query_count_is_constant(client, django_assert_max_num_queries, count):
    guide = GuideFactory(slug="headshot", kind=SessionKind.HEADSHOT)
    GuideFactory.create_batch(3)
    SessionTypeFactory.create_batch(count, kind=SessionKind.HEADSHOT)
    for i in range(count):
        TipFactory(category=CATEGORIES[i % len(CATEGORIES)])
    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = client.get(f"/guides/{guide.slug}/")
    assert response.content.decode().count('<article class="tip"') == count


def test_checklist_has_a_labelled_checkbox_per_tip_and_the_script(client):
    guide = GuideFactory(slug="headshot", kind=SessionKind.HEADSHOT)
    tips = [
        TipFactory(category=Tip.Category.GROOMING, title="Haircut a week before"),
        TipFactory(category=Tip.Category.BRING, title="Spare contact lenses"),
    ]

    body = client.get(f"/guides/{guide.slug}/checklist/").content.decode()

    for tip in tips:
        assert f'type="checkbox" id="check-{tip.pk}" value="{tip.pk}"' in body
        assert f'<label class="form-check-label" for="check-{tip.pk}">{tip.title}</label>' in body
    assert '<legend class="h4">Grooming</legend>' in body
    assert 'data-checklist="headshot"' in body
    assert "js/checklist.js" in body
    assert "css/content.css" in body


@pytest.mark.parametrize("count", [3, 30])
def test_checklist_query_count_is_constant(client, django_assert_max_num_queries, count):
    guide = GuideFactory(slug="general", kind="")
    TipFactory.create_batch(count)
    with django_assert_max_num_queries(CHECKLIST_QUERIES):
        response = client.get(f"/guides/{guide.slug}/checklist/")
    assert response.content.decode().count('type="checkbox"') == count
