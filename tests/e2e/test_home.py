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

    nav = page.get_by_role("navigation", name="Main")
    if width < 768:
        toggler = nav.get_by_text("Menu", exact=True)
        expect(toggler).to_be_visible()
        toggler.click()
    for name in ("Sessions", "Which one?", "Guides", "Book"):
        expect(nav.get_by_role("link", name=name, exact=True)).to_be_visible()
    screenshot(page, f"home-{width}")
    nav.get_by_role("link", name="Sessions", exact=True).click()
    expect(page).to_have_url(live_server.url + "/sessions/")


MAIN_SECTIONS = {
    "Sessions": "/sessions/",
    "Which one?": "/which-session/",
    "Guides": "/guides/",
    "Book": "/book/",
}
FOOTER_LINKS = {
    "Sessions": "/sessions/",
    "Headshot or portrait?": "/sessions/headshot-or-portrait/",
    "Which session do I need?": "/which-session/",
    "Preparation guides": "/guides/",
    "Book a session": "/book/",
}


@pytest.mark.parametrize("javascript", [False, True], ids=["no-js", "js"])
def test_phone_menu_opens_and_footer_links_every_section(
    browser, live_server, screenshot, javascript
):
    StudioProfileFactory(name="Northlight Test Studio")
    context = browser.new_context(
        java_script_enabled=javascript, viewport={"width": 375, "height": 812}
    )
    page = context.new_page()
    try:
        page.goto(live_server.url + "/")
        nav = page.get_by_role("navigation", name="Main")
        expect(nav.get_by_role("link", name="Guides", exact=True)).to_be_hidden()
        nav.get_by_text("Menu", exact=True).click()
        for name in MAIN_SECTIONS:
            expect(nav.get_by_role("link", name=name, exact=True)).to_be_visible()
        screenshot(page, f"home-menu-open-375-{'js' if javascript else 'no-js'}")
        nav.get_by_text("Menu", exact=True).click()
        expect(nav.get_by_role("link", name="Guides", exact=True)).to_be_hidden()

        footer = page.get_by_role("contentinfo").get_by_role("navigation", name="Footer")
        for name, path in FOOTER_LINKS.items():
            expect(footer.get_by_role("link", name=name, exact=True)).to_have_attribute(
                "href", path
            )
        nav.get_by_text("Menu", exact=True).click()
        nav.get_by_role("link", name="Guides", exact=True).click()
        expect(page).to_have_url(live_server.url + "/guides/")
    finally:
        context.close()
