"""Session list, detail and comparison pages: content, links, covers and query counts."""

import re
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from guides.models import Tip
from studio.images import clean_image
from studio.models import SessionKind
from studio.services import set_cover
from tests.factories import (
    GuideFactory,
    SessionTypeFactory,
    StudioProfileFactory,
    TipFactory,
)
from tests.studio.images import jpeg_bytes

pytestmark = pytest.mark.django_db

# Studio profile (context processor) + what the page itself reads.
# Each counts one query that reads the cached pages' version (studio.content).
LIST_QUERIES = 3
DETAIL_QUERIES = 5
COMPARE_QUERIES = 4  # + the guides its sides link to


@pytest.fixture(autouse=True)
def studio():
    return StudioProfileFactory()


def give_cover(session_type, width=1600, height=1000):
    upload = SimpleUploadedFile("c.jpg", jpeg_bytes(width, height), content_type="image/jpeg")
    set_cover(session_type=session_type, image=clean_image(upload))
    session_type.refresh_from_db()
    return session_type


def tips_in_every_category(count):
    categories = [value for value, _label in Tip.Category.choices]
    return [
        TipFactory(category=categories[i % len(categories)], title=f"Tip number {i}")
        for i in range(count)
    ]


def test_list_shows_active_types_with_facts_and_both_buttons(client):
    SessionTypeFactory(
        slug="portrait",
        name="Portrait session",
        kind=SessionKind.PORTRAIT,
        duration_minutes=90,
        price=Decimal("395.00"),
        deposit=Decimal("100.00"),
        max_people=6,
        looks=3,
        location="either",
        suits="Artists\nFamilies",
        purpose="Pictures that tell a story.",
    )
    SessionTypeFactory(slug="retired", name="Retired offer", is_active=False)

    body = client.get("/sessions/").content.decode()

    assert "Portrait session" in body
    assert "Retired offer" not in body
    for text in (
        "Pictures that tell a story.",
        "<li>Families</li>",
        "1 h 30 min",
        "£395",
        "£100",
        "Up to 6 people",
        "Studio or on location",
        "3 outfits",
    ):
        assert text in body, text
    assert 'href="/book/portrait/"' in body
    assert 'href="/which-session/?session=portrait"' in body
    assert 'href="/sessions/portrait/"' in body
    assert 'href="/sessions/headshot-or-portrait/"' in body


def test_list_without_any_session_type_says_so(client):
    response = client.get("/sessions/")
    assert response.status_code == 200
    assert "updating our sessions" in response.content.decode()


def test_user_text_is_escaped(client):
    SessionTypeFactory(slug="x", name="<script>alert(1)</script>", summary='"><img onerror=x>')
    body = client.get("/sessions/").content.decode()
    assert "<script>alert(1)" not in body
    assert "<img onerror" not in body
    assert "&lt;script&gt;" in body


def test_cover_is_served_responsive_lazy_and_sized(client):
    give_cover(SessionTypeFactory(slug="lit", cover_alt="Grey backdrop"))

    body = client.get("/sessions/").content.decode()

    img = re.search(r"<img [^>]*>", body).group(0)
    assert 'loading="lazy"' in img
    assert 'width="1200"' in img and 'height="750"' in img
    assert re.search(r'srcset="[^"]+-480\.webp 480w, [^"]+-1200\.webp 1200w"', img)
    assert 'alt="Grey backdrop"' in img
    assert 'sizes="' in img


def test_no_img_tag_without_a_cover(client):
    SessionTypeFactory(slug="plain")
    assert "<img" not in client.get("/sessions/").content.decode()


@pytest.mark.parametrize("count", [3, 30])
def test_list_query_count_does_not_grow_with_types(client, django_assert_max_num_queries, count):
    for session_type in SessionTypeFactory.create_batch(count):
        if session_type.pk % 10 == 0:
            give_cover(session_type, 200, 100)
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get("/sessions/")
    assert response.content.decode().count('class="card-session session-card') == count


@pytest.mark.parametrize("count", [3, 30])
def test_home_query_count_does_not_grow_with_types(client, django_assert_max_num_queries, count):
    SessionTypeFactory.create_batch(count)
    with django_assert_max_num_queries(LIST_QUERIES):
        response = client.get("/")
    body = response.content.decode()
    assert 'href="/sessions/headshot-or-portrait/"' in body
    assert 'href="/guides/"' in body


def test_detail_shows_everything_about_the_session(client):
    session_type = SessionTypeFactory(
        slug="headshot",
        name="Professional headshot",
        uses="LinkedIn\nSpeaker bios",
        suits="Actors\nJob seekers",
        framing="Chest up",
        backdrop="Plain grey",
        light="Soft and even",
        mood="Confident",
        gaze="To camera",
        wardrobe="Two tops",
        props="None",
        what_happens="We talk first.\n\nThen we shoot.",
        deliverables="Two retouched images.",
    )
    guide = GuideFactory(slug="headshot-guide", title="Headshot guide", kind=SessionKind.HEADSHOT)
    tip = TipFactory(category=Tip.Category.GROOMING, title="Haircut a week before")
    TipFactory(category=Tip.Category.WARDROBE, title="Portrait only", for_headshot=False)

    body = client.get(f"/sessions/{session_type.slug}/").content.decode()

    for text in (
        "<h1",
        "Professional headshot",
        "<li>LinkedIn</li>",
        "<li>Actors</li>",
        "Chest up",
        "Plain grey",
        "Soft and even",
        "Confident",
        "To camera",
        "Two tops",
        "<p>Then we shoot.</p>",
        "Two retouched images.",
    ):
        assert text in body, text
    assert f'href="/guides/{guide.slug}/"' in body
    assert f'href="/guides/{guide.slug}/#tip-{tip.pk}"' in body
    assert f'href="/guides/{guide.slug}/checklist/"' in body
    assert "Portrait only" not in body
    assert body.count('href="/book/headshot/"') == 2
    assert 'href="/which-session/?session=headshot"' in body


def test_detail_links_only_a_published_guide_of_the_same_kind(client):
    session_type = SessionTypeFactory(slug="portrait", kind=SessionKind.PORTRAIT)
    GuideFactory(slug="headshot-guide", kind=SessionKind.HEADSHOT)
    GuideFactory(slug="hidden-portrait-guide", kind=SessionKind.PORTRAIT, is_published=False)

    body = client.get(f"/sessions/{session_type.slug}/").content.decode()

    assert "/guides/headshot-guide/" not in body
    assert "/guides/hidden-portrait-guide/" not in body
    assert 'href="/guides/"' in body


@pytest.mark.parametrize("slug", ["no-such-session", "retired"])
def test_detail_of_unknown_or_inactive_type_is_404(client, slug):
    SessionTypeFactory(slug="retired", is_active=False)
    assert client.get(f"/sessions/{slug}/").status_code == 404


@pytest.mark.parametrize("count", [3, 30])
def test_detail_query_count_does_not_grow_with_tips(client, django_assert_max_num_queries, count):
    session_type = give_cover(SessionTypeFactory(slug="headshot"))
    SessionTypeFactory.create_batch(count)
    GuideFactory(kind=SessionKind.HEADSHOT)
    tips_in_every_category(count)
    with django_assert_max_num_queries(DETAIL_QUERIES):
        response = client.get(f"/sessions/{session_type.slug}/")
    assert response.status_code == 200
    assert response.content.decode().count("#tip-") == min(count, len(Tip.Category.choices))


def test_compare_sets_kinds_side_by_side_and_links_types(client, django_assert_max_num_queries):
    SessionTypeFactory(slug="headshot", name="Studio headshot", kind=SessionKind.HEADSHOT)
    SessionTypeFactory(slug="portrait", name="Story portrait", kind=SessionKind.PORTRAIT)
    SessionTypeFactory(slug="branding", name="Brand day", kind=SessionKind.HYBRID)
    SessionTypeFactory(slug="old", name="Old hybrid", kind=SessionKind.HYBRID, is_active=False)

    with django_assert_max_num_queries(COMPARE_QUERIES):
        response = client.get("/sessions/headshot-or-portrait/")

    body = response.content.decode()
    assert response.status_code == 200
    assert body.count('<th scope="row">') == 7
    for topic in ("Purpose", "Framing", "Backdrop", "Light and mood", "Where the picture lives"):
        assert f'<th scope="row">{topic}</th>' in body
    for slug in ("headshot", "portrait", "branding"):
        assert f'href="/sessions/{slug}/"' in body
    assert "Old hybrid" not in body
    assert "When you need both" in body


def test_compare_sides_lead_to_their_guide_and_booking_page(client):
    SessionTypeFactory(slug="headshot", name="Studio headshot", kind=SessionKind.HEADSHOT)
    SessionTypeFactory(slug="portrait", name="Story portrait", kind=SessionKind.PORTRAIT)
    GuideFactory(slug="headshot-prep", title="Before your headshot", kind=SessionKind.HEADSHOT)
    GuideFactory(slug="portrait-prep", title="Before your portrait", kind=SessionKind.PORTRAIT)
    GuideFactory(slug="portrait-draft", kind=SessionKind.PORTRAIT, is_published=False)

    body = client.get("/sessions/headshot-or-portrait/").content.decode()

    headshot_side = body[body.index('id="choose-headshot"') : body.index('id="choose-portrait"')]
    portrait_side = body[body.index('id="choose-portrait"') : body.index('id="hybrid-heading"')]
    for side, slug, guide in (
        (headshot_side, "headshot", "headshot-prep"),
        (portrait_side, "portrait", "portrait-prep"),
    ):
        assert f'href="/book/{slug}/"' in side
        assert f'href="/guides/{guide}/"' in side
    assert "How to prepare: Before your headshot" in headshot_side
    assert "portrait-draft" not in body


def test_compare_page_wins_over_a_session_type_slug(client):
    # The form refuses this slug; a row created another way must not hide the page.
    SessionTypeFactory(slug="headshot-or-portrait", name="Shadowing type")
    body = client.get("/sessions/headshot-or-portrait/").content.decode()
    assert "<h1>Headshot or portrait?</h1>" in body
