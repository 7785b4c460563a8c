"""The photographer runs the week in a real browser: books phone clients, books anyway, blocks
time, and the client is emailed a confirmation only when the photographer asks."""

from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bookings.models import Booking, Reminder
from bookings.reminders import send_due
from studio.models import TimeOff
from tests.e2e.site import log_in

pytestmark = pytest.mark.django_db(transaction=True)
LONDON = ZoneInfo("Europe/London")


def _date_in(days):
    return timezone.localdate(timezone.now(), LONDON) + timedelta(days=days)


def _long(day_) -> str:
    return f"{day_:%A} {day_.day} {day_:%B}"


@pytest.mark.parametrize("width", [1280, 375])
def test_book_a_phone_client_into_a_free_time_from_the_calendar(
    page, live_server, screenshot, open_days, width
):
    page.set_viewport_size({"width": width, "height": 900})
    target = _date_in(3)
    log_in(page, live_server, f"/dashboard/calendar/week/?date={target.isoformat()}")
    screenshot(page, f"dashboard-week-free-{width}")
    page.get_by_role("link", name=f"Book 09:00 on {_long(target)}").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("New booking")
    expect(page.get_by_label("Date")).to_have_value(target.isoformat())
    expect(page.get_by_label("Start time")).to_have_value("09:00")
    page.get_by_label("Name", exact=True).fill("Mo Phone")
    page.get_by_label("Email", exact=True).fill("mo@example.com")
    page.get_by_label("Phone", exact=True).fill("+44 7700 900123")
    page.get_by_label("Notes for the session").fill("Rang on Tuesday; navy backdrop please.")
    page.get_by_label("The deposit is already paid").check()
    screenshot(page, f"dashboard-new-booking-{width}")
    page.get_by_role("button", name="Book the session").click()

    status = page.get_by_role("status")
    expect(status).to_contain_text("Booked")
    expect(status).to_contain_text("Mo Phone")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Mo Phone")
    # The message sits below the dashboard's own navigation, and no public footer follows.
    nav_bottom = page.get_by_role("navigation", name="Dashboard").bounding_box()
    assert status.bounding_box()["y"] >= nav_bottom["y"] + nav_bottom["height"]
    expect(page.locator("footer.site-footer")).to_have_count(0)
    screenshot(page, f"dashboard-new-booking-done-{width}")
    booking = Booking.objects.get(client__name="Mo Phone")
    assert booking.status == Booking.Status.CONFIRMED and booking.deposit_paid

    page.goto(f"{live_server.url}/dashboard/calendar/week/?date={target.isoformat()}")
    expect(page.get_by_role("link", name="Mo Phone", exact=False)).to_be_visible()
    expect(page.get_by_role("link", name=f"Book 09:00 on {_long(target)}")).to_have_count(0)


def test_book_outside_hours_with_the_override(page, live_server, screenshot, open_days):
    page.set_viewport_size({"width": 1280, "height": 900})
    target = _date_in(3)
    log_in(page, live_server, f"/dashboard/bookings/new/?date={target.isoformat()}&time=19:00")
    page.get_by_label("Name", exact=True).fill("Late Lucy")
    page.get_by_label("Email", exact=True).fill("lucy@example.com")
    page.get_by_role("button", name="Book the session").click()

    expect(page.get_by_text("That time is outside working hours.")).to_be_visible()
    box = page.get_by_label("Book anyway, outside working hours")
    expect(box).not_to_be_checked()
    expect(page.get_by_label("Name", exact=True)).to_have_value(
        "Late Lucy"
    )  # nothing typed is lost
    screenshot(page, "dashboard-new-booking-override-1280")
    assert not Booking.objects.filter(client__name="Late Lucy").exists()

    box.check()
    page.get_by_role("button", name="Book the session").click()
    expect(page.get_by_role("status")).to_contain_text("Booked anyway: outside working hours.")
    booking = Booking.objects.get(client__name="Late Lucy")
    assert booking.start.astimezone(LONDON).hour == 19


def test_move_outside_hours_with_the_override(page, live_server, open_days):
    page.set_viewport_size({"width": 1280, "height": 900})
    target = _date_in(3)
    log_in(page, live_server, f"/dashboard/bookings/{open_days.reference}/reschedule/")
    page.get_by_label("New date").fill(target.isoformat())
    page.get_by_label("New start time").fill("07:30")
    page.get_by_role("button", name="Move the booking").click()
    page.get_by_label("Book anyway, outside working hours").check()
    page.get_by_role("button", name="Move the booking").click()
    expect(page.get_by_role("status")).to_contain_text("Booked anyway: outside working hours.")


def test_block_time_and_the_public_slots_disappear(page, live_server, screenshot, open_days):
    page.set_viewport_size({"width": 1280, "height": 900})
    target = _date_in(3)
    slug = open_days.session_type.slug
    times = page.locator("#times")
    page.goto(f"{live_server.url}/book/{slug}/?date={target.isoformat()}")
    expect(times.get_by_role("link", name="10:00")).to_be_visible()

    log_in(page, live_server, f"/dashboard/calendar/week/?date={target.isoformat()}")
    page.get_by_role("link", name=f"Block 09:00–17:00 on {_long(target)}").click()  # one
    screenshot(page, "dashboard-block-time-1280")
    page.get_by_role("button", name="Block this time").click()  # two
    expect(page.get_by_role("status")).to_contain_text("Time blocked")
    expect(page.get_by_text("Time off", exact=False).first).to_be_visible()
    assert TimeOff.objects.filter(start__date=target).count() == 1

    page.goto(f"{live_server.url}/book/{slug}/?date={target.isoformat()}")
    expect(times).to_contain_text("No free times left on this day.")

    # Removed from the calendar, the times come back.
    page.goto(f"{live_server.url}/dashboard/calendar/week/?date={target.isoformat()}")
    page.get_by_role("button", name="Remove time off", exact=False).first.click()
    expect(page.get_by_role("status")).to_contain_text("Time off removed")
    page.goto(f"{live_server.url}/book/{slug}/?date={target.isoformat()}")
    expect(times.get_by_role("link", name="10:00")).to_be_visible()


def test_the_client_gets_the_confirmation_only_when_asked(page, live_server, smtp_sink, open_days):
    page.set_viewport_size({"width": 1280, "height": 900})
    target = _date_in(3)
    log_in(page, live_server, "/dashboard/")
    for name, email, hour, notify in (
        ("Told Tom", "tom@example.com", "11:00", True),
        ("Quiet Quinn", "quinn@example.com", "14:00", False),
    ):
        page.goto(f"{live_server.url}/dashboard/bookings/new/?date={target}&time={hour}")
        page.get_by_label("Name", exact=True).fill(name)
        page.get_by_label("Email", exact=True).fill(email)
        notify_box = page.get_by_label("Email the client a confirmation", exact=False)
        expect(notify_box).to_be_checked()  # on unless the photographer says otherwise
        if not notify:
            notify_box.uncheck()
        page.get_by_role("button", name="Book the session").click()
        expect(page.get_by_role("status")).to_contain_text("Booked")

    # The outbox sweep sends what is due: a confirmation to Tom, none to Quinn.
    send_due(now=timezone.now())
    smtp_sink.wait_for(1, timeout=5)
    confirmations = [m for m in smtp_sink.messages if m["Subject"].startswith("Booked:")]
    assert [message["To"] for message in confirmations] == ["Told Tom <tom@example.com>"]
    quinn = Booking.objects.get(client__name="Quiet Quinn")
    skipped = quinn.reminders.get(kind=Reminder.Kind.CONFIRMATION)
    assert skipped.state == Reminder.State.SKIPPED
