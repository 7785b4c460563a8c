"""A staff member sets up the second factor, signs out and signs in with a code: keyboard
only, in a real browser (issue 28)."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.utils import timezone
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from tests.factories import StaffUserFactory, StudioProfileFactory
from tests.staff import current_code

pytestmark = pytest.mark.django_db(transaction=True)


def tab_to(page, name: str, limit: int = 40) -> None:
    """Press Tab until the focused element is the one labelled `name` (its accessible
    name: a field's label, a button's or link's text)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.evaluate(
            """() => {
                const el = document.activeElement;
                if (!el) return "";
                const label = el.labels && el.labels[0] ? el.labels[0].innerText : "";
                return (label || el.innerText || el.value || "").trim();
            }"""
        )
        if focused.startswith(name):
            return
    raise AssertionError(f"Tab never reached {name!r}")


def sign_in_with_password(page):
    tab_to(page, "Username")
    page.keyboard.type("photographer")
    tab_to(page, "Password")
    page.keyboard.type("correct-horse-battery")
    page.keyboard.press("Enter")


def test_enrol_sign_out_and_sign_in_with_a_code_by_keyboard(page, live_server, screenshot):
    StudioProfileFactory(name="Northlight Test Studio")
    user = StaffUserFactory(username="photographer")
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(f"{live_server.url}/dashboard/")
    expect(page).to_have_url(re.compile(r"/accounts/login/\?next=/dashboard/$"))
    sign_in_with_password(page)

    expect(page.get_by_role("heading", name="Set up your second factor")).to_be_visible()
    expect(page.get_by_role("img", name=re.compile("QR code"))).to_be_visible()
    key = page.locator("#setup-key").inner_text()
    device = TOTPDevice.objects.get(user=user, confirmed=False)
    assert key.replace(" ", "") and len(key.replace(" ", "")) >= 32
    screenshot(page, "signin-enrol")
    tab_to(page, "Six-digit code from the app")
    page.keyboard.type(current_code(device))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    expect(page.locator("#recovery-codes li")).to_have_count(10)
    tab_to(page, "Continue")
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{live_server.url}/dashboard/")

    tab_to(page, "Log out")
    page.keyboard.press("Enter")
    expect(page).not_to_have_url(re.compile(r"/dashboard/"))
    page.goto(f"{live_server.url}/dashboard/")
    # A code is good once: the next one comes 30 seconds later.
    with time_machine.travel(timezone.now() + timedelta(seconds=31), tick=True):
        sign_in_with_password(page)
        expect(page.get_by_role("heading", name="Your code")).to_be_visible()
        expect(page.get_by_label("Code")).to_be_focused()  # the page puts the cursor there
        device.refresh_from_db()
        page.keyboard.type(current_code(device))
        page.keyboard.press("Enter")
        expect(page).to_have_url(f"{live_server.url}/dashboard/")
    screenshot(page, "signin-done")
