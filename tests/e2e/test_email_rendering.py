"""Every message rendered for a realistic booking, saved under test-artifacts/emails/ and
looked at in Chromium at desktop and phone widths."""

from pathlib import Path

import pytest
from django.core.management import call_command

from bookings.models import Reminder
from tests.conftest import ARTIFACTS
from tests.factories import GuideFactory, SessionTypeFactory, StudioProfileFactory, TipFactory

pytestmark = pytest.mark.django_db

OUT = ARTIFACTS / "emails"

TIPS = [
    (
        "wardrobe",
        "Solid colours over patterns",
        "Plain, mid-tone colours keep the eye on your "
        "face. Skip fine stripes, small checks and big logos: they shimmer on screens.",
    ),
    (
        "wardrobe",
        "Fit and ironing",
        "Choose what fits you *today*, and iron it the night before. "
        "A jacket that fits at the shoulders does more than any retouching.",
    ),
    (
        "grooming",
        "Haircut a week before",
        "A fresh cut looks sharp in photos after about a week. The day before is too soon.",
    ),
    (
        "grooming",
        "Skin and make-up for the camera",
        "Moisturise, keep make-up close to how you usually wear it, and bring powder for shine.",
    ),
    (
        "bring",
        "Two or three options",
        "Bring two or three tops on hangers so we can choose together in front of the light.",
    ),
    (
        "timing",
        "Arrive ten minutes early",
        "Time to settle in, look in the mirror and have a glass of water.",
    ),
    (
        "relaxation",
        "Sleep and water",
        "A good night's sleep and plenty of water show in your eyes more than anything else.",
    ),
]


@pytest.fixture
def samples(settings):
    settings.SITE_URL = "https://northlight.example"
    StudioProfileFactory(
        name="Northlight Portrait Studio",
        address="Unit 4, Canal Works\n18 Wharf Lane\nLeeds LS1 4AB",
        directions="Ground floor of Canal Works, beside the lock. Two free bays signed "
        "'Studio' in the courtyard; Wharf Street car park is four minutes' walk.",
        email="hello@northlight.example",
    )
    SessionTypeFactory(
        name="Professional headshot",
        slug="headshot",
        kind="headshot",
        what_happens="We talk about where the photo will be used, set the light for your face "
        "and shoot in short bursts, looking at the pictures together as we go.",
        deliverables="Two fully retouched images of your choice, delivered through a private "
        "online gallery within five working days.",
    )
    GuideFactory(
        kind="headshot",
        slug="headshot",
        intro="A headshot is about **your face**: "
        "everything here helps it read clearly, even at thumbnail size.",
    )
    for order, (category, title, body) in enumerate(TIPS):
        TipFactory(category=category, title=title, body=body, order=order)
    call_command("render_email_samples", out=str(OUT))
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
