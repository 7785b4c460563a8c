"""The client's booking journey in a real browser, with and without JavaScript."""

import re
from datetime import UTC, datetime, time, timedelta
from importlib import import_module

import pytest
import time_machine
from django.conf import settings
from django.utils import timezone
from icalendar import Calendar
from playwright.sync_api import expect

from bookings import services
from bookings.intake.session_keys import BOOKING_SESSION_KEY
from bookings.models import Booking
from studio.models import StudioProfile, WorkingHours
from tests.bookings.booking_setup import jpeg_upload, private_ratelimit_cache
from tests.factories import IntakeResponseFactory, SessionTypeFactory, StudioProfileFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture(autouse=True)
def _own_ratelimit_counts(settings):
    private_ratelimit_cache(settings)


# Monday 7 January 2030, 08:00 UTC, and the clock keeps running: which days are free,
# and which can still be changed online, must not depend on when the suite runs.
START = datetime(2030, 1, 7, 8, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(START, tick=True):
        yield


@pytest.fixture
def studio():
    StudioProfileFactory(name="Northlight Test Studio", time_zone="Europe/London")
    StudioProfile.objects.filter(pk=1).update(
        min_notice_hours=24, max_advance_days=60, change_notice_hours=48
    )
    for weekday in range(7):
        WorkingHours.objects.create(weekday=weekday, start=time(9), end=time(12))
        WorkingHours.objects.create(weekday=weekday, start=time(13), end=time(17))
    return SessionTypeFactory(
        name="Headshot",
        slug="headshot",
        duration_minutes=60,
        buffer_after_minutes=15,
        max_people=2,
        price=185,
        deposit=50,
    )


def attach_intake(page, live_server):
    """Do what the wizard does at its end: an IntakeResponse id in the visitor's session."""
    intake = IntakeResponseFactory()
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    store[BOOKING_SESSION_KEY] = intake.pk
    store.create()
    page.context.add_cookies(
        [{"name": settings.SESSION_COOKIE_NAME, "value": store.session_key, "url": live_server.url}]
    )
    return intake


def pick_day_and_time(page, nth_day=0, nth_time=0):
    page.locator("a.day.free").nth(nth_day).click()
    times = page.locator("#times a.time")
    expect(times.first).to_be_visible()
    label = times.nth(nth_time).inner_text()
    times.nth(nth_time).click()
    return label


def fill_details(page, upload_dir):
    page.get_by_label("Your name").fill("Ada Lovelace")
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_label("Phone (optional)").fill("+44 7700 900123")
    page.get_by_label("How many people?").select_option("2")
    page.get_by_label("Anything the photographer should know?").fill("I wear glasses.")
    image = upload_dir / "look.jpg"
    image.write_bytes(jpeg_upload().read())
    page.get_by_label("Inspiration images (optional)").set_input_files(str(image))


@pytest.mark.parametrize("width", [1280, 375])
def test_book_then_manage_reschedule_and_cancel(
    page, live_server, screenshot, studio, tmp_path, width
):
    page.set_viewport_size({"width": width, "height": 900})
    intake = attach_intake(page, live_server)
    SessionTypeFactory(name="Portrait session", slug="portrait", kind="portrait", max_people=6)
    page.goto(live_server.url + "/book/")
    expect(page.get_by_text("Suggested for you")).to_have_count(1)
    screenshot(page, f"booking-choose-{width}")
    page.get_by_role("link", name="Book Headshot").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Book: Headshot")
    screenshot(page, f"booking-calendar-{width}")

    # With JavaScript the times load in place; the address still says which day it is.
    # (A day far enough ahead that the booking can still be changed online.)
    page.locator("a.day.free").nth(3).click()
    expect(page.locator("#times a.time").first).to_be_visible()
    expect(page).to_have_url(re.compile(r"/book/headshot/\?date=\d{4}-\d{2}-\d{2}$"))
    expect(page.locator("#times")).to_be_focused()
    screenshot(page, f"booking-times-{width}")
    page.locator("#times a.time").first.click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Your details")
    expect(page.get_by_text("Your answers from “Which session do I need?” are attached").first)
    expect(page.get_by_label("What are the photos for?")).to_have_count(0)
    page.get_by_role("button", name="Continue to review").click()
    expect(page.get_by_text("This field is required.").first).to_be_visible()
    screenshot(page, f"booking-details-errors-{width}")
    fill_details(page, tmp_path)
    page.get_by_role("button", name="Continue to review").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("Review and confirm")
    expect(page.get_by_text("A deposit of £50 secures your time")).to_be_visible()
    expect(page.get_by_text("up to 48 hours before your session")).to_be_visible()
    screenshot(page, f"booking-review-{width}")
    page.get_by_role("button", name="Confirm booking").click()

    expect(page.get_by_role("heading", level=1)).to_have_text("You're booked")
    reference = page.locator(".confirmation .ref").inner_text()
    assert re.fullmatch(r"HS-[A-Z0-9]{5}", reference)
    screenshot(page, f"booking-confirmed-{width}")
    booking = Booking.objects.get(reference=reference)
    assert booking.intake_id == intake.pk and booking.people == 2
    assert booking.images.count() == 1

    page.get_by_role("link", name="Manage your booking").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your booking")
    screenshot(page, f"booking-manage-{width}")
    page.get_by_role("link", name="Reschedule").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Choose a new time")
    pick_day_and_time(page, nth_day=1, nth_time=2)
    expect(page.get_by_role("heading", level=1)).to_have_text("Move your session?")
    screenshot(page, f"booking-move-{width}")
    page.get_by_role("button", name="Yes, move my session").click()
    expect(page.get_by_text("Done: your session has moved.")).to_be_visible()
    booking.refresh_from_db()
    assert booking.version == 1

    page.get_by_role("link", name="Cancel booking").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Cancel your booking?")
    page.get_by_role("button", name="Yes, cancel this booking").click()
    expect(page.get_by_text("This booking was cancelled on")).to_be_visible()
    screenshot(page, f"booking-cancelled-{width}")
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED


@pytest.mark.parametrize("width", [1280, 375])
def test_chosen_images_survive_a_mistake_on_the_details_page(
    page, live_server, screenshot, studio, tmp_path, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/book/headshot/")
    pick_day_and_time(page, nth_day=3)
    fill_details(page, tmp_path)
    page.get_by_label("Email").fill("ada@")
    page.get_by_role("button", name="Continue to review").click()
    expect(page.locator("#id_email_error")).to_be_visible()
    expect(page.get_by_text("You have added 1 image.")).to_be_visible()
    screenshot(page, f"booking-details-images-kept-{width}")
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_role("button", name="Continue to review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review and confirm")
    page.get_by_role("button", name="Confirm booking").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You're booked")
    assert [image.original_name for image in Booking.objects.get().images.all()] == ["look.jpg"]


def test_booking_without_javascript(browser, live_server, screenshot, studio, tmp_path):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 900})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/book/headshot/")
        next_month = page.locator("a.month-nav").last
        next_month.click()  # a plain page load, month by month
        expect(page).to_have_url(re.compile(r"\?month=\d{4}-\d{2}$"))
        page.go_back()
        page.locator("a.day.free").first.click()
        expect(page).to_have_url(re.compile(r"\?date=\d{4}-\d{2}-\d{2}#times$"))
        page.locator("#times a.time").first.click()
        page.get_by_label("Your name").fill("Grace Hopper")
        page.get_by_label("Email").fill("not-an-email")
        page.get_by_label("What are the photos for?").fill("Conference speaker page")
        page.get_by_role("button", name="Continue to review").click()
        expect(page.locator("#id_email_error")).to_have_text("Enter a valid email address.")
        expect(page.get_by_role("link", name="Email")).to_have_attribute("href", "#id_email")
        expect(page.get_by_label("Your name")).to_have_value("Grace Hopper")
        page.get_by_label("Email").fill("grace@example.com")
        page.get_by_role("button", name="Continue to review").click()
        page.get_by_role("button", name="Confirm booking").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("You're booked")
        screenshot(page, "booking-nojs-confirmed-375")
        with page.expect_download() as download:
            page.get_by_role("link", name="Add to calendar (.ics)").click()
        calendar = Calendar.from_ical(open(download.value.path(), "rb").read())
        event = next(iter(calendar.walk("VEVENT")))
        booking = Booking.objects.get()
        assert event.decoded("DTSTART") == booking.start
        assert booking.client.email == "grace@example.com"
        assert booking.purpose == "Conference speaker page"
    finally:
        context.close()


@pytest.mark.parametrize("width", [1280, 375])
def test_lost_race_offers_nearest_times_and_keeps_details(
    page, live_server, screenshot, studio, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/book/headshot/")
    pick_day_and_time(page)
    page.get_by_label("Your name").fill("Ada Lovelace")
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_role("button", name="Continue to review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review and confirm")

    # Someone else books the same time while Ada reads the policy.
    taken_start = _draft_start(page)
    services.book(
        session_type=studio,
        start=taken_start,
        client=services.ClientDetails("Bo", "bo@example.com"),
    )
    page.get_by_role("button", name="Confirm booking").click()
    expect(page.get_by_text("Sorry, that time was just taken by someone else.")).to_be_visible()
    screenshot(page, f"booking-taken-{width}")
    page.locator("#taken button").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You're booked")
    mine = Booking.objects.get(client__email="ada@example.com")
    assert mine.start != taken_start
    assert abs(mine.start - taken_start) <= timedelta(days=2)
    assert mine.client.name == "Ada Lovelace"


def _draft_start(page):
    """The start Ada chose, read back from her session's booking draft."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    cookie = next(c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    draft = store(session_key=cookie["value"])["booking_draft"]
    start = datetime.fromisoformat(draft["start"])
    assert start > timezone.now()
    return start


def test_calendar_months_and_days_load_in_place_by_keyboard(page, live_server, studio):
    # A 12-hour studio: the times booking.js writes match the server's ("9:00 AM").
    StudioProfile.objects.update(clock=StudioProfile.Clock.H12)
    page.goto(live_server.url + "/book/headshot/")
    page.evaluate("window.notReloaded = true")
    next_month = page.locator("a.month-nav").last
    next_month.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#month-title")).to_have_text("February 2030")
    expect(page).to_have_url(re.compile(r"/book/headshot/\?month=2030-02$"))
    expect(page.locator("a.month-nav").last).to_be_focused()  # ready to press again
    expect(page.locator("a.month-nav").first).to_contain_text("January")

    page.locator("a.day.free").first.focus()
    page.keyboard.press("Enter")
    expect(page.locator("#times")).to_be_focused()
    expect(page.locator("#times h2")).to_have_text("Times on Friday 1 February")
    expect(page.locator("a.day[aria-current=date]")).to_have_text("1")
    assert page.evaluate("window.notReloaded") is True
    page.keyboard.press("Tab")
    expect(page.locator("#times a.time").first).to_be_focused()
    expect(page.locator("#times a.time").first).to_have_text("9:00 AM")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your details")
    expect(page.get_by_text("Friday 1 February 2030 at 9:00 AM").first).to_be_visible()


def test_a_day_the_clocks_go_back_loaded_in_place_labels_each_time_with_its_zone(
    page, live_server, studio
):
    """London falls back at 02:00 BST on Sunday 31 October 2027: 01:00-02:00 happens twice."""
    WorkingHours.objects.create(weekday=6, start=time(0), end=time(3))
    with time_machine.travel(datetime(2027, 10, 20, 8, 0, tzinfo=UTC), tick=True):
        page.goto(live_server.url + "/book/headshot/?month=2027-10")
        page.evaluate("window.notReloaded = true")
        page.locator("a.day.free", has_text="31").click()
        expect(page.locator("#times h2")).to_have_text("Times on Sunday 31 October")
        labels = page.locator("#times a.time").all_inner_texts()
        assert page.evaluate("window.notReloaded") is True
    # The labels the server writes on the page too (the slots endpoint's "labels").
    assert labels[3:5] == ["01:30 BST", "02:00 GMT"]
