"""In a real browser: the place of a session on location, and the next steps after booking."""

import re
from datetime import UTC, datetime, time

import pytest
import time_machine
from playwright.sync_api import expect

from bookings.models import Booking
from studio.models import SessionType, StudioProfile, WorkingHours
from tests.bookings.booking_setup import private_ratelimit_cache
from tests.factories import GuideFactory, SessionTypeFactory, StudioProfileFactory

pytestmark = pytest.mark.django_db(transaction=True)

START = datetime(2030, 1, 7, 8, 0, tzinfo=UTC)  # Monday 7 January 2030, 08:00 in London
PLACE = "The bandstand, Victoria Park, London E9"


@pytest.fixture(autouse=True)
def _own_ratelimit_counts(settings):
    private_ratelimit_cache(settings)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(START, tick=True):
        yield


@pytest.fixture
def outdoors():
    StudioProfileFactory(name="Northlight Test Studio", time_zone="Europe/London")
    StudioProfile.objects.filter(pk=1).update(
        min_notice_hours=24,
        max_advance_days=60,
        deposit_instructions=(
            "Bank transfer to Northlight Ltd, sort code 12-34-56, account 12345678, "
            "with your booking reference.\nOr pay online: https://pay.example/northlight"
        ),
    )
    for weekday in range(7):
        WorkingHours.objects.create(weekday=weekday, start=time(9), end=time(17))
    GuideFactory(title="Before your portrait", slug="before-your-portrait", kind="portrait")
    return SessionTypeFactory(
        name="Portrait outdoors",
        slug="outdoors",
        kind="portrait",
        location=SessionType.Location.EITHER,
        duration_minutes=60,
        travel_before_minutes=30,
        travel_after_minutes=30,
        price=240,
        deposit=60,
    )


def to_details(page, live_server):
    page.goto(f"{live_server.url}/book/outdoors/?date=2030-01-16")
    page.locator("#times a.time", has_text="11:00").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your details")
    page.get_by_label("Your name").fill("Ada Lovelace")
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_label("What are the photos for?").fill("A book jacket")


@pytest.mark.parametrize("width", [1280, 360])
def test_the_location_step_asks_where_and_requires_the_place(
    page, live_server, screenshot, outdoors, width
):
    page.set_viewport_size({"width": width, "height": 900})
    to_details(page, live_server)
    where = page.get_by_role("group", name="Where")
    expect(where.get_by_label("At the studio instead")).to_be_checked()
    where.get_by_label("At a place I choose").check()
    screenshot(page, f"location-step-{width}")
    page.get_by_role("button", name="Continue to review").click()
    # Left empty: a clear error beside the field, nothing stored, everything typed kept.
    error = page.locator("#id_location_error")
    expect(error).to_have_text("Please tell us where the session should be, or choose the studio.")
    expect(page.get_by_label("Your name")).to_have_value("Ada Lovelace")
    expect(page.get_by_label("At a place I choose")).to_be_checked()
    screenshot(page, f"location-step-error-{width}")
    assert not Booking.objects.exists()

    page.get_by_label("The place").fill(PLACE)
    page.get_by_role("button", name="Continue to review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review and confirm")
    expect(page.locator(".review-list")).to_contain_text(f"On location: {PLACE}")
    page.get_by_role("button", name="Confirm booking").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You're booked")
    booking = Booking.objects.get()
    assert (booking.on_location, booking.location) == (True, PLACE)
    # Travel time blocks the calendar around the session on location.
    assert (booking.blocked_start.hour, booking.blocked_end.hour) == (10, 12)
    assert booking.blocked_start.minute == booking.blocked_end.minute == 30


@pytest.mark.parametrize("width", [1280, 360])
def test_the_confirmation_page_shows_the_next_steps(page, live_server, screenshot, outdoors, width):
    page.set_viewport_size({"width": width, "height": 900})
    to_details(page, live_server)
    page.get_by_label("At a place I choose").check()
    page.get_by_label("The place").fill(PLACE)
    page.get_by_role("button", name="Continue to review").click()
    page.get_by_role("button", name="Confirm booking").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You're booked")
    steps = page.get_by_role("region", name="What happens next")
    expect(steps).to_contain_text("Pay your deposit of £60")
    expect(steps).to_contain_text("sort code 12-34-56, account 12345678")
    expect(steps.get_by_role("link", name="https://pay.example/northlight")).to_have_attribute(
        "href", "https://pay.example/northlight"
    )
    guide = steps.get_by_role("link", name="Read “Before your portrait”")
    expect(guide).to_have_attribute("href", f"{live_server.url}/guides/before-your-portrait/")
    expect(steps).to_contain_text("Where we meet")
    expect(steps).to_contain_text(PLACE)
    maps = steps.get_by_role("link", name="Open in maps")
    expect(maps).to_have_attribute(
        "href",
        "https://www.google.com/maps/search/?api=1&query=The+bandstand%2C+Victoria+Park%2C+London+E9",
    )
    booking = Booking.objects.get()
    ics = page.get_by_role("link", name="Add to calendar (.ics)")
    expect(ics).to_have_attribute("href", f"/manage/{booking.manage_token}/calendar.ics")
    google = page.get_by_role("link", name="Google Calendar")
    expect(google).to_have_attribute(
        "href", re.compile(r"^https://calendar\.google\.com/calendar/render\?action=TEMPLATE&")
    )
    expect(google).to_have_attribute(
        "href", re.compile(r"dates=20300116T110000Z%2F20300116T120000Z")
    )
    outlook = page.get_by_role("link", name="Outlook")
    expect(outlook).to_have_attribute(
        "href", re.compile(r"^https://outlook\.live\.com/calendar/0/deeplink/compose\?")
    )
    screenshot(page, f"confirmation-next-steps-{width}")
    # The guide link works.
    guide.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Before your portrait")
