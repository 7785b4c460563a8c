"""The photographer's day in a real browser: log in, today's sessions, a booking, the calendar."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bookings.models import Reminder
from tests.e2e.site import log_in
from tests.factories import (
    BookingFactory,
    ClientFactory,
    ReminderFactory,
)

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("width", [1280, 375])
def test_log_in_and_see_today_s_sessions(page, live_server, screenshot, day, width):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(f"{live_server.url}/dashboard/")
    expect(page).to_have_url(f"{live_server.url}/accounts/login/?next=/dashboard/")
    log_in(page, live_server)
    expect(page).to_have_url(f"{live_server.url}/dashboard/")
    today = page.get_by_role("region", name="Today's sessions")
    expect(today.get_by_role("link", name="Ada Lovelace")).to_be_visible()
    expect(today.get_by_role("link", name="Grace Hopper")).to_be_visible()
    expect(today).to_contain_text("10:00")
    expect(today).to_contain_text("Pending confirmation")
    expect(today).to_contain_text("1 email failed")
    expect(page.get_by_role("link", name="1 failed email", exact=True)).to_be_visible()
    screenshot(page, f"dashboard-home-{width}")


@pytest.mark.parametrize("width", [1280, 375])
def test_open_a_booking_with_answers_and_images(page, live_server, screenshot, day, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server)
    page.get_by_role("region", name="Today's sessions").get_by_role(
        "link", name="Ada Lovelace"
    ).click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ada Lovelace")
    wizard = page.get_by_role("region", name="What the wizard learned")
    expect(wizard).to_contain_text("Recommended: Headshot")
    expect(wizard).to_contain_text("a clean headshot reads at any size")
    expect(wizard).to_contain_text("LinkedIn or your CV, Speaker bio or press kit")
    expect(page.get_by_text("Glasses: please watch for reflections.")).to_be_visible()
    emails = page.get_by_role("region", name="Emails")
    expect(emails).to_contain_text("SMTP 451 try again later")
    thumb = page.get_by_role("img", name="Inspiration image 1 mood.jpg")
    expect(thumb).to_be_visible()
    thumb.scroll_into_view_if_needed()  # thumbnails load lazily
    page.wait_for_function(
        "img => img.complete && img.naturalWidth > 0", arg=thumb.element_handle()
    )
    screenshot(page, f"dashboard-booking-{width}")
    thumb.click()
    image = day.images.get()
    expect(page).to_have_url(
        f"{live_server.url}/dashboard/bookings/{day.reference}/images/{image.pk}/"
    )


def test_calendar_works_from_the_keyboard(page, live_server, screenshot, day):
    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, "/dashboard/calendar/?month=2030-01")
    first = page.locator('a.cal-day[data-day="2030-01-01"]')
    expect(first).to_have_attribute("tabindex", "0")  # the one day in the tab order
    first.focus()
    focused = page.locator(":focus")
    for key, expected in [("ArrowRight", "2030-01-02"), ("ArrowDown", "2030-01-09"),
                          ("ArrowLeft", "2030-01-08"), ("Home", "2030-01-07"),
                          ("End", "2030-01-13"), ("ArrowUp", "2030-01-06")]:  # fmt: skip
        page.keyboard.press(key)
        expect(focused).to_have_attribute("data-day", expected)
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_have_text("Week of 31 December 2029")
    page.go_back()
    page.locator('a.cal-day[data-day="2030-01-15"]').focus()
    page.keyboard.press("PageDown")
    expect(page).to_have_url(f"{live_server.url}/dashboard/calendar/?month=2030-02")
    expect(page.get_by_role("heading", level=1)).to_have_text("February 2030")

    page.goto(f"{live_server.url}/dashboard/calendar/")
    booking_link = page.get_by_role("link", name="10:00 Ada Lovelace")
    booking_link.focus()
    screenshot(page, "dashboard-calendar-keyboard-1280")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ada Lovelace")


@pytest.mark.parametrize("width", [1280, 375])
def test_pages_look_right(page, live_server, screenshot, day, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server)
    for path, name in [
        ("/dashboard/calendar/", "calendar"),
        ("/dashboard/calendar/week/", "week"),
        ("/dashboard/clients/", "clients"),
        ("/dashboard/insights/", "insights"),
        ("/dashboard/settings/hours/", "hours"),
        ("/dashboard/settings/time-off/", "time-off"),
        ("/dashboard/guides/", "guides"),
        (f"/dashboard/settings/session-types/{day.session_type_id}/", "session-type"),
        ("/dashboard/settings/", "profile"),
        ("/dashboard/settings/calendar-feed/", "feed"),
        ("/dashboard/bookings/new/?q=a", "new-booking-search"),
        ("/dashboard/calendar/block/", "block-time"),
        ("/dashboard/bookings/?show=all&unpaid=on", "bookings-filtered"),
        (f"/dashboard/clients/{day.client_id}/", "client"),
    ]:
        page.goto(live_server.url + path)
        expect(page.get_by_role("heading", level=1)).to_be_visible()
        overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
        assert overflow <= 0, f"{path} scrolls sideways by {overflow}px at {width}"
        screenshot(page, f"dashboard-{name}-{width}")


def _date_in(days):
    return timezone.localdate(timezone.now(), ZoneInfo("Europe/London")) + timedelta(days=days)


@pytest.mark.parametrize("width", [1280, 375])
def test_reschedule_then_cancel_from_the_booking_page(
    page, live_server, screenshot, open_days, width
):
    page.set_viewport_size({"width": width, "height": 900})
    later = BookingFactory(
        start=open_days.start + timedelta(days=3),
        session_type=open_days.session_type,
        client=ClientFactory(name="Katherine Johnson"),
    )
    log_in(page, live_server, f"/dashboard/bookings/{open_days.reference}/")
    page.get_by_text("Move to another time").click()
    target = _date_in(2)
    page.get_by_label("New date").fill(target.isoformat())
    page.get_by_label("New start time").fill("15:30")
    page.get_by_role("button", name="Move the booking").click()
    expect(page.get_by_role("status")).to_contain_text("Moved to")
    expect(page.get_by_role("heading", level=1).locator("xpath=..")).to_contain_text("15:30")

    # Moving the other booking onto that time is refused, naming the session in the way.
    page.goto(f"{live_server.url}/dashboard/bookings/{later.reference}/reschedule/")
    page.get_by_label("New date").fill(target.isoformat())
    page.get_by_label("New start time").fill("16:00")
    page.get_by_role("button", name="Move the booking").click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text(f"That time overlaps booking {open_days.reference}.")
    expect(alert).to_contain_text("Ada Lovelace")
    expect(page.get_by_label("New start time")).to_have_value("16:00")
    screenshot(page, f"dashboard-reschedule-clash-{width}")
    alert.get_by_role("link", name=f"open {open_days.reference}").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Ada Lovelace")

    # Cancel it without telling the client.
    page.get_by_text("Cancel the booking").first.click()
    page.get_by_label("Email the client that the session is cancelled").uncheck()
    page.get_by_label("Yes: the client asked (their deposit policy applies)").check()
    page.get_by_label("Reason (goes in the email when the client is told)").fill("Client phoned.")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Cancel the booking").click()
    expect(page.get_by_role("status")).to_contain_text("without emailing the client")
    expect(page.locator(".badge-status").first).to_have_text("Cancelled")
    screenshot(page, f"dashboard-booking-cancelled-{width}")


def test_time_off_takes_the_day_off_the_public_booking_page(page, live_server, open_days):
    page.set_viewport_size({"width": 1280, "height": 900})
    target = _date_in(5)
    slug = open_days.session_type.slug
    page.goto(f"{live_server.url}/book/{slug}/?date={target.isoformat()}")
    times = page.locator("#times")
    expect(times.get_by_role("link", name="10:00")).to_be_visible()

    log_in(page, live_server, "/dashboard/settings/time-off/")
    page.get_by_label("From (date)").fill(target.isoformat())
    page.get_by_label("Until (date)").fill(target.isoformat())
    page.get_by_label("Reason (only you see it)").fill("Dentist")
    page.get_by_role("button", name="Add time off").click()
    expect(page.get_by_role("status")).to_contain_text("Time off added")
    expect(page.get_by_role("region", name="Coming up")).to_contain_text("Dentist")

    page.goto(f"{live_server.url}/book/{slug}/?date={target.isoformat()}")
    expect(times).to_contain_text("No free times left on this day.")
    expect(times.get_by_role("link", name="10:00")).to_have_count(0)


def test_edit_a_tip_and_see_it_in_the_next_reminder(page, live_server, smtp_sink, open_days):
    from datetime import datetime, time

    from bookings.reminders import send_due

    tz = ZoneInfo("Europe/London")
    today = _date_in(0)
    booking = BookingFactory(
        start=datetime.combine(today + timedelta(days=2), time(15), tzinfo=tz),
        session_type=open_days.session_type,
        client=ClientFactory(name="Mary Jackson", email="mary@example.com"),
    )
    ReminderFactory(
        booking=booking,
        kind=Reminder.Kind.WARDROBE,
        booking_version=booking.version,
        due_at=datetime.combine(today, time(11), tzinfo=tz),
    )

    page.set_viewport_size({"width": 1280, "height": 900})
    log_in(page, live_server, "/dashboard/guides/")
    page.get_by_role("link", name="Bring two tops").click()
    page.get_by_label("Title").fill("Bring three tops")
    page.get_by_label("Body (Markdown)").fill("Pack **three** tops in calm, plain colours.")
    page.get_by_role("button", name="Save tip").click()
    expect(page.get_by_role("status")).to_contain_text("Tip saved.")

    # The outbox sweep at midday (outside quiet hours) sends the wardrobe reminder.
    assert send_due(now=datetime.combine(today, time(12), tzinfo=tz)) == 1
    [message] = smtp_sink.messages
    assert message["To"] == "Mary Jackson <mary@example.com>"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Bring three tops" in text and "Pack three tops in calm, plain colours." in text
    assert "Bring two tops" not in text
    assert "<strong>three</strong>" in html
