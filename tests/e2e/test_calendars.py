"""The photographer connects their own calendar in a real browser; a real worker reads it."""

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from calendars.models import Calendar
from tests.calendars.events import next_weekday, one_event
from tests.calendars.server import FeedServer
from tests.celery_tools import wait_until
from tests.e2e.site import log_in
from tests.factories import (
    BookingFactory,
    BusyIntervalFactory,
    CalendarFactory,
    SessionTypeFactory,
    StaffUserFactory,
    StudioProfileFactory,
    WorkingHoursFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def feeds(settings):
    settings.CALENDAR_FETCH_ALLOW_PRIVATE = True
    server = FeedServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def studio(db):
    studio = StudioProfileFactory(name="Northlight Test Studio", time_zone="Europe/London")
    for weekday in range(5):
        WorkingHoursFactory(weekday=weekday)
    StaffUserFactory(username="photographer")
    return studio


def test_connect_a_calendar_and_see_its_busy_time(
    page, live_server, screenshot, studio, feeds, celery_worker
):
    day = next_weekday(3)
    feeds.static("/basic.ics", one_event(day, 10))
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, "/dashboard/settings/calendars/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Your calendars")
    expect(page.get_by_text("No calendars connected yet.")).to_be_visible()

    # A mistake first: it is sent back beside the field, with what was typed kept.
    page.get_by_label("Name").fill("Personal")
    page.get_by_label("Secret address in iCal format").fill("ftp://example.com/cal.ics")
    page.get_by_role("button", name="Connect calendar").click()
    expect(page.locator(".invalid-feedback")).to_contain_text("https://")
    expect(page.get_by_label("Name")).to_have_value("Personal")

    page.get_by_label("Secret address in iCal format").fill(feeds.url("/basic.ics"))
    page.get_by_label("All-day events block the whole day").check()
    page.get_by_role("button", name="Connect calendar").click()
    expect(page.locator(".alert-success")).to_contain_text("Personal connected")

    calendar = Calendar.objects.get()
    wait_until(  # the worker reads it in the background
        lambda: Calendar.objects.filter(pk=calendar.pk, last_success_at__isnull=False).exists(),
        timeout=15,
        message="the worker never read the calendar",
    )
    page.reload()
    row = page.locator(".calendar-row")
    expect(row).to_contain_text("1 event")
    expect(row).not_to_contain_text("not read yet")
    expect(row).not_to_contain_text("/basic.ics?")  # the address is shown masked only
    screenshot(page, "dashboard-calendars-1280")

    page.goto(f"{live_server.url}/dashboard/calendar/week/?date={day:%Y-%m-%d}")
    expect(page.locator(".cal-busy")).to_contain_text("(Personal): Shoot")
    screenshot(page, "dashboard-week-busy-1280")

    # The public calendar agrees: 10:00 is gone that day.
    page.goto(f"{live_server.url}/book/headshot/slots/?date={day:%Y-%m-%d}")
    assert "T10:00:00" not in page.content()


def test_refresh_now_and_a_broken_calendar_at_phone_width(page, live_server, screenshot, studio):
    SessionTypeFactory(slug="headshot")
    now = timezone.now()
    CalendarFactory(
        name="Weddings",
        last_success_at=now - timedelta(hours=30),
        last_checked_at=now - timedelta(minutes=4),
        event_count=12,
        last_error="The calendar server took too long to answer.",
        last_error_at=now - timedelta(minutes=4),
    )
    start = now.replace(minute=0, second=0, microsecond=0) + timedelta(hours=2)
    BookingFactory(start=start, end=start + timedelta(hours=1))
    BusyIntervalFactory(
        calendar=Calendar.objects.get(),
        start=start,
        end=start + timedelta(hours=4),
        title="Wedding",
    )
    page.set_viewport_size({"width": 375, "height": 900})
    log_in(page, live_server)
    expect(page.locator(".alert-warning")).to_contain_text(
        "Some of your calendars are out of date."
    )
    expect(page.get_by_text("Clashes with 1 event in your calendars").first).to_be_visible()
    screenshot(page, "dashboard-home-calendar-warning-375")
    page.get_by_role("link", name="Check your calendars").click()
    expect(page.locator(".calendar-error")).to_contain_text("took too long")
    screenshot(page, "dashboard-calendars-375")
    page.get_by_role("button", name="Refresh now Weddings").click()
    expect(page.locator(".alert")).to_contain_text("Weddings")
