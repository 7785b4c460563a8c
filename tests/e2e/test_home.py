import pytest
from playwright.sync_api import expect

from tests.factories import SessionTypeFactory, StudioProfileFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("width", [1280, 375])
def test_home_navigation_and_skip_link(page, live_server, screenshot, width):
    StudioProfileFactory(name="Northlight Test Studio")
    SessionTypeFactory(name="Headshot", summary="Tight and bright.")
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Northlight Test Studio")

    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to main content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("main#main")).to_be_focused()

    if width < 768:
        toggler = page.get_by_role("button", name="Toggle navigation")
        expect(toggler).to_be_visible()
        toggler.click()
    nav = page.get_by_role("navigation", name="Main")
    for name in ("Sessions", "Which one?", "Guides", "Book"):
        expect(nav.get_by_role("link", name=name, exact=True)).to_be_visible()
    screenshot(page, f"home-{width}")
    nav.get_by_role("link", name="Sessions", exact=True).click()
    expect(page).to_have_url(live_server.url + "/sessions/")
