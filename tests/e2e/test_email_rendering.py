"""Every message rendered for a realistic booking, saved under test-artifacts/emails/ and
looked at in Chromium at desktop and phone widths."""

from io import StringIO
from pathlib import Path

import pytest
from django.core.management import call_command

from bookings.models import Reminder
from tests.conftest import ARTIFACTS

pytestmark = pytest.mark.django_db

OUT = ARTIFACTS / "emails"


@pytest.fixture
def samples(settings):
    """The demo studio's own profile, session types, guides and tips."""
    settings.SITE_URL = "https://northlight.example"
    call_command("seed_demo", "--no-login", stdout=StringIO())
    call_command("render_email_samples", out=str(OUT), stdout=StringIO())
    return OUT


def test_every_message_is_written_as_text_html_and_eml(samples):
    for kind in Reminder.Kind.values:
        assert (samples / f"{kind}.txt").read_text().strip()
        assert (samples / f"{kind}.html").read_text().lstrip().startswith("<!doctype html>")
        assert (samples / f"{kind}.eml").read_bytes().startswith(b"Content-Type: multipart/")


@pytest.mark.parametrize("width", [1280, 375])
def test_html_messages_look_right_in_chromium(samples, page, width):
    page.set_viewport_size({"width": width, "height": 900})
    for kind in Reminder.Kind.values:
        page.goto(Path(samples / f"{kind}.html").as_uri())
        # Nothing wider than the screen: a phone never scrolls sideways.
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{kind} overflows by {overflow}px at {width}px"
        heading = page.get_by_role("heading", level=1)
        assert heading.is_visible()
        box = page.locator("a[style*='background:#7a3b2e']").first.bounding_box()
        assert box and box["width"] < width and box["height"] >= 40  # a thumb-sized button
        page.screenshot(path=str(ARTIFACTS / f"email-{kind}-{width}.png"), full_page=True)
