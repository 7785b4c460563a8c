"""The client book and changing bookings in a real browser, with JavaScript on and off
(every form here posts and works without it): a phone-only client, an email already on
file, a booking's type and place changed, a cancelled booking restored, a weekly block
added and one occurrence removed."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from bookings import services
from bookings.availability import OVERRIDABLE
from bookings.models import Booking, Client, HistoryEntry
from studio.models import SessionType, TimeOffSeries
from tests.e2e.site import log_in
from tests.factories import ClientFactory, SessionTypeFactory, TimeOffFactory

pytestmark = pytest.mark.django_db(transaction=True)
LONDON = ZoneInfo("Europe/London")
JS = pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])


def _date_in(days):
    return timezone.localdate(timezone.now(), LONDON) + timedelta(days=days)


@pytest.fixture
def make_page(browser):
    contexts = []

    def make(javascript: bool):
        context = browser.new_context(
            java_script_enabled=javascript, viewport={"width": 1280, "height": 900}
        )
        contexts.append(context)
        return context.new_page()

    yield make
    for context in contexts:
        context.close()


def _new_booking(page, live_server, *, name, email, phone, days=3):
    target = _date_in(days)
    log_in(page, live_server, f"/dashboard/bookings/new/?date={target.isoformat()}&time=09:00")
    page.get_by_label("Name", exact=True).fill(name)
    page.get_by_label("Email", exact=True).fill(email)
    page.get_by_label("Phone", exact=True).fill(phone)
    page.get_by_role("button", name="Book the session").click()


@JS
def test_book_a_phone_only_client(make_page, live_server, open_days, screenshot, javascript):
    page = make_page(javascript)
    _new_booking(page, live_server, name="Mo Phone", email="", phone="07700 900123")
    expect(page.get_by_role("status")).to_contain_text("Booked")
    expect(page.get_by_text("None on file: nothing is emailed to this client.")).to_be_visible()
    expect(page.get_by_role("link", name="+44 7700 900123")).to_have_attribute(
        "href", "tel:+447700900123"
    )
    screenshot(page, f"dashboard-phone-only-{'js' if javascript else 'nojs'}")
    client = Client.objects.get(name="Mo Phone")
    assert client.email is None and client.bookings.count() == 1


@JS
def test_book_with_an_email_on_file_and_update_their_details(
    make_page, live_server, open_days, screenshot, javascript
):
    filed = ClientFactory(name="Filed Name", email="known@example.com", phone="")
    page = make_page(javascript)
    _new_booking(
        page, live_server, name="Typed Name", email="known@example.com", phone="07700 900999"
    )
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("known@example.com is already on file")
    expect(alert.get_by_role("cell", name="Filed Name")).to_be_visible()
    expect(alert.get_by_role("cell", name="Typed Name")).to_be_visible()
    screenshot(page, f"dashboard-on-file-{'js' if javascript else 'nojs'}")
    assert not Booking.objects.filter(client=filed).exists()
    page.get_by_role("button", name="Update their details and book").click()
    expect(page.get_by_role("status")).to_contain_text("Booked")
    filed.refresh_from_db()
    assert (filed.name, filed.phone) == ("Typed Name", "+44 7700 900999")
    assert Booking.objects.filter(client=filed).count() == 1
    assert Client.objects.filter(email__iexact="known@example.com").count() == 1


@JS
def test_change_a_booking_s_session_type_and_place(
    make_page, live_server, open_days, screenshot, javascript
):
    outdoors = SessionTypeFactory(
        name="Family outdoors",
        kind="portrait",
        location=SessionType.Location.EITHER,
        max_people=6,
    )
    booking = _a_booking_in_hours()
    page = make_page(javascript)
    log_in(page, live_server, f"/dashboard/bookings/{booking.reference}/")
    page.get_by_text("Change type, people or place").click()
    form = page.locator("#change")
    form.get_by_label("Session type").select_option(label=outdoors.name)
    form.get_by_label("People").fill("3")
    form.get_by_label("On location").check()
    form.get_by_label("Place").fill("Kew Gardens, main gate")
    form.get_by_role("button", name="Save the changes").click()
    expect(page.get_by_role("status")).to_contain_text("Booking changed.")
    changes = page.get_by_role("region", name="Changes since booking")
    expect(changes).to_contain_text("Session: Professional headshot → Family outdoors")
    expect(changes).to_contain_text("Where: at the studio → Kew Gardens, main gate")
    screenshot(page, f"dashboard-booking-changed-{'js' if javascript else 'nojs'}")
    booking.refresh_from_db()
    assert booking.session_type == outdoors and booking.location == "Kew Gardens, main gate"


@JS
def test_restore_a_cancelled_booking(make_page, live_server, open_days, screenshot, javascript):
    booking = _a_booking_in_hours()
    services.cancel(booking=booking, by_studio=True, reason="Rain")
    page = make_page(javascript)
    log_in(page, live_server, f"/dashboard/bookings/{booking.reference}/")
    page.locator("#restore").get_by_role("button", name="Restore the booking").click()
    expect(page.get_by_role("status")).to_contain_text("Booking restored")
    screenshot(page, f"dashboard-booking-restored-{'js' if javascript else 'nojs'}")
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.history.get().what == HistoryEntry.What.RESTORED


def _a_booking_in_hours() -> Booking:
    """A headshot three days ahead at 11:00, clear of the sample day's bookings."""
    start = datetime.combine(_date_in(3), time(11), tzinfo=LONDON)
    return services.book_for_studio(
        session_type=SessionType.objects.get(name="Professional headshot"),
        start=start,
        client=services.ClientDetails("Ann Change", "ann@example.com", ""),
        allow=OVERRIDABLE,
    ).booking


@JS
def test_add_a_weekly_block_and_remove_one_occurrence(
    make_page, live_server, open_days, screenshot, javascript
):
    first = _date_in(7)
    until = first + timedelta(weeks=3)
    second = first + timedelta(weeks=1)
    page = make_page(javascript)
    log_in(page, live_server, f"/dashboard/calendar/block/?date={first.isoformat()}")
    page.get_by_label("From (time)").fill("13:00")
    page.get_by_label("Until (time)").fill("17:00")
    page.get_by_label("Repeat every week until (optional)").fill(until.isoformat())
    page.get_by_label("Reason (only you see it)").fill("Admin afternoon")
    page.get_by_role("button", name="Block this time").click()
    expect(page.get_by_role("status").first).to_contain_text("Time blocked every week")
    series = TimeOffSeries.objects.get()
    assert series.occurrences.count() == 4

    page.goto(f"{live_server.url}/dashboard/settings/time-off/")
    expect(page.get_by_text(f"Every {first:%A} until")).to_have_count(4)
    screenshot(page, f"dashboard-weekly-block-{'js' if javascript else 'nojs'}")
    page.get_by_role("button", name=f"Remove this one {second.day} {second:%b %Y}").click()
    expect(page.get_by_role("status").first).to_contain_text("Time off removed")
    days = [o.start.astimezone(LONDON).date() for o in series.occurrences.order_by("start")]
    assert second not in days and len(days) == 3


def test_buttons_show_a_focus_ring_from_the_keyboard(make_page, live_server, open_days):
    page = make_page(True)
    log_in(page, live_server, "/dashboard/bookings/new/")
    button = page.get_by_role("button", name="Book the session")
    button.focus()
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Tab")  # focus arrives by keyboard: :focus-visible applies
    expect(button).to_be_focused()
    style = button.evaluate(
        "b => [getComputedStyle(b).outlineStyle, getComputedStyle(b).outlineWidth]"
    )
    assert style == ["solid", "3px"]


def test_the_time_off_reason_shows_in_the_week_at_phone_width(make_page, live_server, open_days):
    day = _date_in(6)
    TimeOffFactory(
        start=datetime.combine(day, time(13), tzinfo=LONDON),
        end=datetime.combine(day, time(15), tzinfo=LONDON),
        reason="Dentist",
    )
    page = make_page(True)
    page.set_viewport_size({"width": 375, "height": 900})
    log_in(page, live_server, f"/dashboard/calendar/week/?date={day.isoformat()}")
    expect(page.locator(".cal-off", has_text="Dentist")).to_be_visible()
    expect(page.get_by_text("Dentist")).to_be_visible()
