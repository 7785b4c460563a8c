"""The reminder emails' personal advice, for each session kind with and without wizard
answers, read in Chromium at phone width: nothing overflows, the notes stay legible."""

import pytest

from bookings.emails import build_message
from bookings.models import Reminder
from studio.models import SessionType
from tests.conftest import ARTIFACTS
from tests.factories import BookingFactory, IntakeResponseFactory, SessionTypeFactory

pytestmark = pytest.mark.django_db

ANSWERS = {
    "uses": ["casting", "portfolio"],
    "people": "two",
    "place": "meaningful",
    "place_detail": "The old boathouse on the river, by the second bridge",
    "styling": "several",
}


@pytest.mark.parametrize("with_answers", [True, False], ids=["answers", "no-answers"])
@pytest.mark.parametrize("session_kind", ["headshot", "portrait", "hybrid"])
def test_advice_reads_well_on_a_phone(page, session_kind, with_answers):
    session_type = SessionTypeFactory(
        kind=session_kind, looks=3, max_people=2, location=SessionType.Location.EITHER
    )
    booking = BookingFactory(
        session_type=session_type,
        people=2,
        intake=IntakeResponseFactory(answers=ANSWERS) if with_answers else None,
    )
    page.set_viewport_size({"width": 375, "height": 800})
    for kind in (Reminder.Kind.PREPARATION, Reminder.Kind.WARDROBE):
        message = build_message(kind, booking)
        page.set_content(message.alternatives[0][0])
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{kind} for {session_kind} overflows by {overflow}px"
        notes = page.locator("div[style*='border-left:4px']")
        assert notes.count() >= 2
        for index in range(notes.count()):
            box = notes.nth(index).bounding_box()
            assert box and box["x"] >= 0 and box["x"] + box["width"] <= 375
            size = notes.nth(index).evaluate("el => parseFloat(getComputedStyle(el).fontSize)")
            assert size >= 14
        label = "answers" if with_answers else "no-answers"
        page.screenshot(
            path=str(ARTIFACTS / f"email-advice-{kind}-{session_kind}-{label}-375.png"),
            full_page=True,
        )
