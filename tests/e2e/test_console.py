"""Every public page loads without a console error or a failed request, JavaScript on or off."""

import pytest

from tests.e2e.site import load_lazy_images, public_paths, seed_site

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_site(settings):
    settings.ROOT_URLCONF = "tests.e2e.site"
    seed_site()


def watch_for_trouble(page) -> list[tuple[str, str]]:
    """Collects (address, what) for console errors and warnings, uncaught exceptions, and
    requests that failed or were answered with an error."""
    trouble: list[tuple[str, str]] = []

    def console(message):
        if message.type in ("error", "warning"):
            where = message.location.get("url") or page.url
            trouble.append((where, f"console {message.type}: {message.text} (on {page.url})"))

    page.on("console", console)
    page.on("pageerror", lambda error: trouble.append((page.url, f"uncaught {error}")))
    page.on("requestfailed", lambda request: trouble.append((request.url, str(request.failure))))
    page.on(
        "response",
        lambda response: (
            trouble.append((response.url, f"answered {response.status}"))
            if response.status >= 400
            else None
        ),
    )
    return trouble


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
def test_public_pages_log_no_console_error_and_no_failed_request(
    browser, live_server, demo_site, javascript
):
    paths = public_paths()
    missing = live_server.url + "/no-such-page/"
    context = browser.new_context(java_script_enabled=javascript)
    page = context.new_page()
    trouble = watch_for_trouble(page)
    try:
        for path in paths:
            page.goto(live_server.url + path)
            load_lazy_images(page)
        page.goto(missing)  # the 404 page: only its own status may be an error
        page.wait_for_load_state("networkidle")
    finally:
        context.close()
    assert len(paths) >= 20
    assert [f"{url}: {what}" for url, what in trouble if url != missing] == []
