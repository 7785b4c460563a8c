"""The photographer switches a studio alert off and sets the digest time, in a browser."""

from datetime import time

import pytest
from playwright.sync_api import expect

from studio.models import StudioProfile
from tests.e2e.site import log_in

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.mark.parametrize("width", [1280, 375])
def test_switch_an_alert_off_and_move_the_digest(page, live_server, screenshot, day, width):
    page.set_viewport_size({"width": width, "height": 900})
    log_in(page, live_server, "/dashboard/settings/alerts/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Studio alerts")
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0, f"the alerts settings scroll sideways by {overflow}px"
    screenshot(page, f"dashboard-alerts-{width}")
    page.get_by_label("Send studio alerts to").fill("owner@northlight.example")
    page.get_by_label("A client cancels").uncheck()
    page.get_by_label("Digest time").fill("06:45")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("status")).to_contain_text("Studio alerts saved.")
    studio = StudioProfile.load()
    assert studio.alert_recipient == "owner@northlight.example"
    assert (studio.alert_cancelled, studio.alert_new_booking) == (False, True)
    assert studio.digest_time == time(6, 45)
