"""The Nu HTML checker and axe-core over every page a visitor or the photographer meets.

Every public page at phone and desktop width, every step of the wizard, the booking and
the manage flows including their error states, and every dashboard page with its forms
sent back with errors. Each test collects the page states it walks through and runs vnu
once over all of them (see tests/e2e/checkers.py); any error or warning of either
checker fails it. Needs Java and `npm ci` (skipped with the reason outside CI).
"""

import re
from datetime import UTC, datetime, time, timedelta
from importlib import import_module

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from bookings import services
from bookings.intake import STEP_NAMES
from bookings.models import Booking
from calendars.models import Calendar
from guides.models import Guide, Tip
from studio.models import SessionType, StudioProfile
from tests.conftest import _missing
from tests.e2e import checkers
from tests.e2e.site import a_day_at_the_studio, load_lazy_images, public_paths, seed_site
from tests.factories import (
    BookingFactory,
    BusyIntervalFactory,
    CalendarFactory,
    ClientFactory,
    GuideFactory,
    StaffUserFactory,
)
from tests.staff import current_code

pytestmark = pytest.mark.django_db(transaction=True)

# Monday 7 January 2030, 08:00 UTC, the clock running: the calendar does not depend on
# when the suite runs.
START = datetime(2030, 1, 7, 8, 0, tzinfo=UTC)
PASSWORD = "correct-horse-battery"


@pytest.fixture
def check(page, tmp_path):
    reason = checkers.missing()
    if reason:
        _missing(reason)
    return checkers.SiteCheck(page, tmp_path / "pages")


@pytest.fixture
def site(settings):
    settings.ROOT_URLCONF = "tests.e2e.site"
    with time_machine.travel(START, tick=True):
        seed_site()
        yield


def submit(page, form: str, values: dict[str, str]) -> None:
    """Fill `form` (a selector) with values, however wrong, and send it past the browser's
    own checks, as a visitor's older browser or a crafted request would."""
    with page.expect_navigation():
        page.evaluate(
            """([selector, values]) => {
                const form = document.querySelector(selector);
                form.noValidate = true;
                for (const [name, value] of Object.entries(values)) {
                    const field = form.elements[name];
                    if (!field) throw new Error(`${selector} has no field ${name}`);
                    if (field.type === "checkbox") field.checked = Boolean(value);
                    else field.value = value;
                }
                form.requestSubmit();
            }""",
            [form, values],
        )


# -- public pages and the wizard -----------------------------------------------------------


def test_public_pages_and_the_wizard_pass_the_checkers(page, live_server, site, check):
    url = live_server.url
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        for path in public_paths():
            page.goto(url + path)
            load_lazy_images(page)
            check(f"{path} at {width} px", html=width == 1280)
    page.goto(url + "/")
    page.get_by_role("navigation", name="Main").get_by_text("Menu", exact=True).click()
    check("the phone menu, open", html=False)

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(url + "/no-such-page/")
    check("the 404 page")
    page.goto(url + reverse("login"))
    page.get_by_label("Username").fill("nobody")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Log in").click()
    check("login refused")

    page.goto(url + reverse("intake:start"))
    walk_the_wizard(page, check)
    page.get_by_role("button", name="Book this session").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Book")
    check("the calendar after the wizard")
    page.goto(url + reverse("bookings:choose"))
    check("choosing a session after the wizard")

    check.assert_clean()


def walk_the_wizard(page, check) -> None:
    """Every step empty (its error), then answered, up to the result page."""
    next_step = page.get_by_role("button", name=re.compile("^(Next|See my recommendation)$"))
    steps = []
    while "/result/" not in page.url:
        step = page.url.rstrip("/").rsplit("/", 1)[-1]
        steps.append(step)
        check(f"wizard step {step}")
        next_step.click()
        expect(page.get_by_role("alert").first).to_be_visible()
        check(f"wizard step {step}, nothing answered")
        if step == "uses":
            page.get_by_label("LinkedIn or your CV").check()
            page.get_by_label("Personal brand and marketing").check()
        elif step == "people":
            page.get_by_label("A family or group").check()
            next_step.click()
            check("wizard step people, a group without a number")
            page.get_by_label("How many people?").fill("4")
        else:
            for group in page.locator("fieldset").all():
                radios = group.locator("input[type=radio]")
                if radios.count():
                    radios.first.check()
        next_step.click()
    assert tuple(steps) == STEP_NAMES  # these uses ask every question
    check("the wizard's recommendation")


# -- the booking and manage flows ----------------------------------------------------------


def test_booking_and_manage_flows_pass_the_checkers(page, live_server, site, check, tmp_path):
    url = live_server.url
    headshot = SessionType.objects.get(slug="headshot")
    page.set_viewport_size({"width": 1280, "height": 900})

    page.goto(url + "/book/no-such-session/")
    check("an unknown session, back at the choice")
    page.goto(url + reverse("bookings:book", args=["headshot"]))
    check("the calendar")
    page.locator("a.month-nav").last.click()
    expect(page).to_have_url(re.compile(r"\?month="))
    check("the next month, loaded in place", after_scripts=True)
    page.locator("a.day.free").first.click()
    expect(page.locator("#times a.time").first).to_be_visible()
    check("a day's times, loaded in place", after_scripts=True)
    page.goto(page.url)  # the same day as the server renders it, without scripts
    check("a day's times")

    page.locator("#times a.time").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Your details")
    check("your details")
    page.get_by_role("button", name="Continue to review").click()
    check("your details, nothing filled in")
    bad_file = tmp_path / "cv.pdf"
    bad_file.write_bytes(b"%PDF-1.4 not a photo")
    page.get_by_label("Your name").fill("Ada Lovelace")
    page.get_by_label("Email").fill("ada@")
    page.get_by_label("Inspiration images (optional)").set_input_files(str(bad_file))
    page.get_by_role("button", name="Continue to review").click()
    check("your details, a bad email and a file that is no photo")
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_role("button", name="Continue to review").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Review and confirm")
    check("review")

    take(headshot, chosen_start(page))
    page.get_by_role("button", name="Confirm booking").click()
    expect(page.get_by_text("Sorry, that time was just taken")).to_be_visible()
    check("review, the time just taken")
    page.locator("#taken button").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You're booked")
    check("booked")

    page.get_by_role("link", name="Manage your booking").click()
    check("manage")
    page.get_by_role("link", name="Reschedule").click()
    check("reschedule: the calendar")
    page.locator("a.day.free").nth(2).click()
    expect(page.locator("#times a.time").first).to_be_visible()
    check("reschedule: a day loaded in place", after_scripts=True)
    page.goto(page.url)
    check("reschedule: a day's times")
    page.locator("#times a.time").first.click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Move your session?")
    check("reschedule: confirm the move")
    move_to = datetime.fromisoformat(page.locator("input[name=start]").input_value())
    take(headshot, move_to)
    page.get_by_role("button", name="Yes, move my session").click()
    check("reschedule: the new time just taken")
    page.get_by_role("button", name=re.compile(r"\d")).first.click()
    expect(page.get_by_text("Done: your session has moved.")).to_be_visible()
    check("manage, moved")

    page.get_by_role("link", name="Cancel booking").click()
    check("cancel")
    submit(page, "main form", {"reason": "x" * 501})
    check("cancel, a reason too long")
    page.get_by_label("Would you like to tell us why? (optional)").fill("Plans changed")
    page.get_by_role("button", name="Yes, cancel this booking").click()
    check("manage, cancelled")

    soon = BookingFactory(session_type=headshot, start=START + timedelta(hours=30))
    page.goto(url + reverse("bookings:manage", args=[soon.manage_token]))
    check("manage, too late to change online")
    page.goto(url + reverse("bookings:manage_reschedule", args=[soon.manage_token]))
    check("reschedule, too late to change online")

    page.goto(url + reverse("bookings:book", args=["headshot"]))
    page.locator("a.day.free").nth(4).click()
    page.locator("#times a.time").first.click()
    take(headshot, datetime.fromisoformat(page.locator("input[name=start]").input_value()))
    page.get_by_label("Your name").fill("Grace Hopper")
    page.get_by_label("Email").fill("grace@example.com")
    page.get_by_role("button", name="Continue to review").click()
    expect(page.get_by_text("These nearby times are free")).to_be_visible()
    check("your details, the time taken while typing")

    check.assert_clean()


def chosen_start(page) -> datetime:
    """The start the visitor is about to confirm, read back from their booking draft."""
    store = import_module(settings.SESSION_ENGINE).SessionStore
    cookie = next(c for c in page.context.cookies() if c["name"] == settings.SESSION_COOKIE_NAME)
    return datetime.fromisoformat(store(session_key=cookie["value"])["booking_draft"]["start"])


def take(session_type, start: datetime) -> None:
    """Someone else books `start` a moment before the visitor confirms."""
    services.book(
        session_type=session_type,
        start=start,
        client=services.ClientDetails("Bo Someone", "bo@example.com"),
    )


# -- the dashboard -------------------------------------------------------------------------


@pytest.fixture
def studio_day(site):
    """The demo studio on the day of START, with a past session and an unpublished guide."""
    tz = StudioProfile.load().tz
    at = datetime.combine(START.astimezone(tz).date(), time(10), tzinfo=tz)
    first = a_day_at_the_studio(
        at=at,
        headshot=SessionType.objects.get(slug="headshot"),
        portrait=SessionType.objects.get(slug="portrait"),
    )
    BookingFactory(
        start=at - timedelta(days=3),
        session_type=first.session_type,
        status=Booking.Status.COMPLETED,
    )
    GuideFactory(slug="draft-guide", is_published=False)
    # A calendar of the photographer's that clashes with the first session and failed its
    # last read long ago: the stale warning, the clash flags and the busy blocks show.
    calendar = CalendarFactory(
        name="Weddings",
        last_success_at=at - timedelta(days=2),
        last_error="The calendar server took too long to answer.",
        last_error_at=at - timedelta(hours=1),
    )
    BusyIntervalFactory(calendar=calendar, start=at, end=at + timedelta(hours=2), title="Wedding")
    return first


def test_every_dashboard_page_passes_the_checkers(page, live_server, studio_day, check):
    url = live_server.url
    booking = studio_day
    tz = StudioProfile.load().tz
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(url + reverse("dashboard:home"))
    check("login, sent there from the dashboard")
    page.get_by_label("Username").fill("photographer")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    # The first sign-in sets up the second factor: the QR code, a wrong code, the codes.
    expect(page.get_by_role("heading", name="Set up your second factor")).to_be_visible()
    check("set up the second factor")
    page.get_by_label("Six-digit code from the app").fill("12")
    page.get_by_role("button", name="Confirm").click()
    check("set up the second factor, a code too short")
    device = TOTPDevice.objects.get(confirmed=False)
    page.get_by_label("Six-digit code from the app").fill(current_code(device))
    page.get_by_role("button", name="Confirm").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    check("the recovery codes, shown once")
    page.get_by_role("link", name="Continue").click()
    expect(page).to_have_url(url + reverse("dashboard:home"))

    guide = Guide.objects.get(slug="headshot-preparation")
    tip = Tip.objects.get(title="Bring two tops")
    # A duplicate of Ada's to merge, and a cancelled booking to restore.
    duplicate = ClientFactory(name=booking.client.name, email=None, phone="+44 7700 900555")
    cancelled = BookingFactory(
        start=booking.start + timedelta(days=5),
        session_type=booking.session_type,
        status=Booking.Status.CANCELLED,
        cancelled_at=booking.start,
        cancelled_by="client",
    )
    pages = [
        reverse("dashboard:home"),
        reverse("dashboard:bookings"),
        *(f"{reverse('dashboard:bookings')}?show={show}" for show in ("pending", "past", "all")),
        reverse("dashboard:booking", args=[booking.reference]),
        reverse("dashboard:booking_reschedule", args=[booking.reference]),
        reverse("dashboard:failed_emails"),
        reverse("dashboard:calendar"),
        reverse("dashboard:calendar_week"),
        reverse("dashboard:clients"),
        f"{reverse('dashboard:clients')}?q=nobody-at-all",
        reverse("dashboard:client", args=[booking.client.pk]),
        reverse("dashboard:client_edit", args=[booking.client.pk]),
        f"{reverse('dashboard:client_merge', args=[booking.client.pk])}?other={duplicate.pk}",
        reverse("dashboard:client_data_export", args=[booking.client.pk]),
        reverse("dashboard:client_erase", args=[booking.client.pk]),
        reverse("dashboard:booking", args=[cancelled.reference]),  # with "restore"
        reverse("dashboard:settings_profile"),
        reverse("dashboard:settings_rules"),
        reverse("dashboard:settings_reminders"),
        reverse("dashboard:settings_alerts"),
        reverse("dashboard:settings_digest_preview"),
        reverse("dashboard:settings_hours"),
        reverse("dashboard:settings_time_off"),
        reverse("dashboard:settings_calendar_feed"),
        reverse("dashboard:settings_calendars"),
        reverse("dashboard:settings_calendar_edit", args=[Calendar.objects.get().pk]),
        reverse("dashboard:session_types"),
        reverse("dashboard:session_type_new"),
        reverse("dashboard:session_type_edit", args=[booking.session_type.pk]),
        reverse("dashboard:guides"),
        reverse("dashboard:guide_new"),
        reverse("dashboard:guide_edit", args=[guide.pk]),
        reverse("dashboard:tip_new"),
        reverse("dashboard:tip_edit", args=[tip.pk]),
        reverse("dashboard:insights"),
        reverse("dashboard:booking_new"),
        f"{reverse('dashboard:booking_new')}?q=a&client={booking.client.pk}&date=2030-01-09",
        f"{reverse('dashboard:booking_new')}?q=nobody-at-all",
        reverse("dashboard:block_time"),
        f"{reverse('dashboard:bookings')}?show=all&q=ada&kind=headshot&unpaid=on",
        reverse("dashboard:staff_actions"),
        f"{reverse('dashboard:staff_actions')}?action=booking.confirmed&q=HS",
        reverse("password_change"),
        reverse("dashboard:settings_sign_in"),
    ]
    for path in pages:
        page.goto(url + path)
        load_lazy_images(page)
        check(path)
    page.set_viewport_size({"width": 375, "height": 900})
    for path in pages:
        page.goto(url + path)
        check(f"{path} at 375 px", html=False)
    page.set_viewport_size({"width": 1280, "height": 900})

    # Each form sent back with its errors.
    errors = [
        (reverse("dashboard:settings_profile"), "main form.dash-card", {"name": "", "email": "x"}),
        (reverse("dashboard:settings_rules"), "main form.dash-card", {"min_notice_hours": "-1"}),
        (
            reverse("dashboard:settings_reminders"),
            "main form.dash-card",
            {"preparation_days_before": "-5"},
        ),
        (reverse("dashboard:settings_alerts"), "main form.dash-card", {"alert_email": "x"}),
        (reverse("dashboard:settings_hours"), "main form.dash-card", {"form-0-end": "00:30"}),
        (
            reverse("dashboard:settings_time_off"),
            "main form.dash-card",
            {"start_date": "2030-02-10", "end_date": "2030-02-01"},
        ),
        (
            reverse("dashboard:settings_calendars"),
            "main form.dash-card",
            {"name": "", "url": "ftp://example.com/cal.ics"},
        ),
        (reverse("dashboard:session_type_new"), "main form[enctype]", {"name": "", "slug": "?"}),
        (reverse("dashboard:guide_new"), "main form.dash-card", {"title": "", "slug": "a b"}),
        (reverse("dashboard:tip_new"), "main form.dash-card", {"title": "", "body": ""}),
        (
            reverse("dashboard:booking_reschedule", args=[booking.reference]),
            "main form.dash-card",
            {"move-date": "2020-01-01", "move-time": "10:00"},
        ),
        (  # onto Grace Hopper's session: the clash is named and linked
            reverse("dashboard:booking_reschedule", args=[booking.reference]),
            "main form.dash-card",
            {"move-date": f"{booking.start.astimezone(tz):%Y-%m-%d}", "move-time": "13:00"},
        ),
        (  # the new booking page: a new client without an email, a time in the past
            reverse("dashboard:booking_new"),
            "main form.dash-card",
            {"name": "Mo", "email": "", "date": "2020-01-01", "time": "10:00"},
        ),
        (  # after hours: "book anyway" is asked for, naming the rule
            reverse("dashboard:booking_new"),
            "main form.dash-card",
            {"name": "Mo", "email": "mo@example.com", "date": "2030-01-09", "time": "20:00"},
        ),
        (
            reverse("dashboard:block_time"),
            "main form.dash-card",
            {"start_date": "2030-02-10", "end_date": "2030-02-01"},
        ),
        (
            reverse("dashboard:bookings"),
            "main form.booking-filters",
            {"first": "2030-02-10", "last": "2030-02-01"},
        ),
        (
            reverse("dashboard:client", args=[booking.client.pk]),
            "form[action$='/notes/']",
            {"notes-private_notes": "n" * 5001},
        ),
        (
            reverse("dashboard:client_edit", args=[booking.client.pk]),
            "main form.dash-card",
            {"name": "", "email": "", "phone": ""},
        ),
        (reverse("dashboard:client_erase", args=[booking.client.pk]), "main form.dash-card", {}),
        (  # an email on file with another name: both records side by side
            reverse("dashboard:booking_new"),
            "main form.dash-card",
            {
                "name": "Someone Else",
                "email": booking.client.email,
                "date": "2030-01-09",
                "time": "11:00",
            },
        ),
        (
            reverse("dashboard:booking", args=[booking.reference]),
            "form[action$='/change/']",
            {"change-people": "99"},
        ),
    ]
    for path, form, values in errors:
        page.goto(url + path)
        submit(page, form, values)
        problems = page.locator(".invalid-feedback, .alert-danger, .text-danger, .on-file")
        expect(problems.first).to_be_visible()
        check(f"{path}, sent back with errors")
    page.goto(url + reverse("dashboard:booking", args=[booking.reference]))
    submit(page, "form[action$='/notes/']", {"notes-private_notes": "n" * 5001})
    check("a booking, private notes too long")
    page.once("dialog", lambda dialog: dialog.accept())  # "Cancel this booking?"
    submit(page, "form[action$='/cancel/']", {"cancel-reason": "r" * 1001})
    check("a booking, a cancellation reason too long")
    page.goto(url + reverse("dashboard:booking", args=[booking.reference]))
    submit(page, "form[action$='/payments/']", {"taken-amount": "-1", "taken-taken_on": ""})
    check("a booking, a payment taken with errors")
    submit(page, "form[action$='/price/']", {"price-amount": "5000", "price-reason": ""})
    check("a booking, a price change with errors")
    pending = Booking.objects.get(status=Booking.Status.PENDING)
    page.goto(url + reverse("dashboard:booking", args=[pending.reference]))
    submit(page, "form[action$='/confirm/']", {})
    expect(page.locator(".alert-success")).to_be_visible()
    check("a booking, just confirmed")

    # The record with a row; signing in again asks for the code; the password pages.
    page.goto(url + reverse("dashboard:staff_actions"))
    check("the record of staff changes, with a row")
    page.context.clear_cookies()
    page.goto(url + reverse("login"))
    page.get_by_label("Username").fill("photographer")
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    expect(page.get_by_role("heading", name="Your code")).to_be_visible()
    check("the code page")
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Sign in").click()
    check("the code page, a wrong code")
    page.context.clear_cookies()
    page.goto(url + reverse("password_reset"))
    check("reset the password")
    page.get_by_label("Email").fill("photographer@example.com")
    page.get_by_role("button", name="Send the link").click()
    check("reset the password, the link sent")

    member = StaffUserFactory(username="visitor", is_staff=False)
    page.context.clear_cookies()
    page.goto(url + reverse("login"))
    page.get_by_label("Username").fill(member.username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.goto(url + reverse("dashboard:home"))
    check("the dashboard, refused to a client's account")

    check.assert_clean()
