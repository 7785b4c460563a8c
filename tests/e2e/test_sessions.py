"""A visitor finds their way from the home page to a session, its guide and its Book button."""

import io
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.urls import include, path, re_path
from django.views.static import serve
from playwright.sync_api import expect

from tests.e2e.site import load_lazy_images

pytestmark = pytest.mark.django_db(transaction=True)


def _media(request, path):
    # Read MEDIA_ROOT per request: each test gets its own temporary media folder.
    return serve(request, path, document_root=settings.MEDIA_ROOT)


# The live server runs with DEBUG off, which serves no uploads; this URLconf adds them.
urlpatterns = [
    re_path(r"^media/(?P<path>.*)$", _media),
    path("", include("studio.urls")),
]


@pytest.fixture
def demo_site(settings):
    settings.ROOT_URLCONF = __name__
    call_command("seed_demo", "--no-login", stdout=io.StringIO())


def open_nav_if_collapsed(page, width):
    if width < 768:
        page.get_by_role("navigation", name="Main").get_by_text("Menu", exact=True).click()


@pytest.mark.parametrize("width", [1280, 375])
def test_visitor_goes_from_home_to_comparison_session_guide_and_book(
    page, live_server, screenshot, demo_site, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/")
    load_lazy_images(page, drawn=True)
    screenshot(page, f"sessions-home-{width}")

    page.get_by_role("link", name="See the difference").click()
    expect(page).to_have_url(live_server.url + "/sessions/headshot-or-portrait/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Headshot or portrait?")
    table = page.get_by_role("table")
    expect(table.get_by_role("rowheader")).to_have_count(7)
    expect(table.get_by_role("columnheader", name="Headshot")).to_be_attached()
    screenshot(page, f"sessions-compare-{width}")

    headshot_side = page.get_by_role("region", name="Choose a headshot when…")
    expect(
        headshot_side.get_by_role("link", name="Book Professional headshot", exact=True)
    ).to_have_attribute("href", "/book/headshot/")
    expect(
        headshot_side.get_by_role("link", name="How to prepare: Preparing for your headshot")
    ).to_have_attribute("href", "/guides/headshot-preparation/")
    headshot_side.get_by_role("link", name="Professional headshot", exact=True).click()
    expect(page).to_have_url(live_server.url + "/sessions/headshot/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Professional headshot")
    cover = page.locator("img.session-cover-hero")
    expect(cover).to_have_attribute("loading", "lazy")
    expect(cover).to_have_attribute("width", "1200")
    expect(cover).to_have_attribute("height", re.compile(r"^\d+$"))
    expect(cover).to_have_attribute("srcset", re.compile(r"-480\.webp 480w, .*-1200\.webp 1200w"))
    expect(page.get_by_text("LinkedIn and your CV")).to_be_visible()
    quiz = page.get_by_role("link", name="Not sure? Take the quiz").first
    expect(quiz).to_have_attribute("href", "/which-session/?session=headshot")
    load_lazy_images(page, drawn=True)
    screenshot(page, f"sessions-detail-{width}")

    page.get_by_role("link", name="Read the guide: Preparing for your headshot").click()
    expect(page).to_have_url(live_server.url + "/guides/headshot-preparation/")
    expect(page.get_by_role("heading", level=2, name="Wardrobe")).to_be_visible()
    expect(page.get_by_role("heading", name="Glasses without the glare")).to_be_visible()
    screenshot(page, f"guides-detail-{width}")

    book = page.get_by_role("link", name=re.compile(r"^Book this\W+Professional headshot$"))
    expect(book).to_have_attribute("href", "/book/headshot/")
    page.go_back()
    page.get_by_role("link", name=re.compile(r"^Book this\W+Professional headshot$")).first.click()
    # The booking flow is another branch's page; here it is enough to arrive at its address.
    expect(page).to_have_url(live_server.url + "/book/headshot/")


@pytest.mark.parametrize("width", [1280, 375])
def test_session_list_shows_every_active_type_side_by_side(
    page, live_server, screenshot, demo_site, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/")
    open_nav_if_collapsed(page, width)
    page.get_by_role("navigation", name="Main").get_by_role("link", name="Sessions").click()
    expect(page).to_have_url(live_server.url + "/sessions/")
    cards = page.locator("article.session-card")
    expect(cards).to_have_count(3)
    for name in ("Professional headshot", "Portrait session", "Personal branding session"):
        card = page.get_by_role("article", name=name)
        expect(card.get_by_role("link", name=re.compile(rf"^Book this\W+{name}$"))).to_be_visible()
        expect(card.get_by_role("link", name="Not sure? Take the quiz")).to_be_visible()
        expect(card.get_by_text("Deposit")).to_be_visible()
    if width == 1280:
        boxes = [cards.nth(i).bounding_box() for i in range(3)]
        assert len({round(box["y"]) for box in boxes}) == 1, "cards sit side by side"
    else:
        assert page.evaluate("document.documentElement.scrollWidth") <= width
    load_lazy_images(page, drawn=True)
    path = screenshot(page, f"sessions-list-{width}")
    assert Path(path).stat().st_size > 10_000


def test_page_is_usable_without_horizontal_scroll_at_360(page, live_server, demo_site):
    page.set_viewport_size({"width": 360, "height": 800})
    for url in (
        "/sessions/",
        "/sessions/headshot-or-portrait/",
        "/sessions/personal-branding/",
        "/guides/",
        "/guides/portrait-preparation/",
        "/guides/portrait-preparation/checklist/",
    ):
        page.goto(live_server.url + url)
        assert page.evaluate("document.documentElement.scrollWidth") <= 360, url
