"""Next steps after booking: the deposit in the studio's words, the guide, the map, calendars."""

from datetime import UTC, datetime
from decimal import Decimal
from urllib.parse import parse_qs, urlparse

import pytest
import time_machine

from bookings import drafts, next_steps
from bookings.models import Booking
from studio.models import StudioProfile
from tests.bookings.booking_setup import (
    NOW,
    details_data,
    headshot,
    open_studio,
    private_ratelimit_cache,
)
from tests.factories import GuideFactory

START = datetime(2030, 1, 9, 10, 0, tzinfo=UTC)
END = datetime(2030, 1, 9, 11, 0, tzinfo=UTC)


def steps(**overrides):
    values = {
        "title": "Headshot · Northlight",
        "start": START,
        "end": END,
        "on_location": False,
        "location": "",
        "studio_address": "1 Test Street\nLeeds",
        "deposit": Decimal("50"),
        "deposit_paid": False,
        "deposit_text": "£50",
        "deposit_instructions": "  Bank transfer to 12-34-56 12345678, reference your name.\n",
        "guide_url": "https://studio.example/guides/headshot/",
        "guide_title": "Getting ready for your headshot",
        "ics_url": "https://studio.example/manage/t/calendar.ics",
        "manage_url": "https://studio.example/manage/t/",
    }
    return next_steps.next_steps(**{**values, **overrides})


def query(url: str) -> dict:
    return {key: values[0] for key, values in parse_qs(urlparse(url).query).items()}


def test_unpaid_deposit_shows_the_studios_own_instructions():
    result = steps()
    assert result.deposit_due == "£50"
    assert result.deposit_instructions == "Bank transfer to 12-34-56 12345678, reference your name."


@pytest.mark.parametrize(("deposit", "paid"), [(Decimal("0"), False), (Decimal("50"), True)])
def test_no_deposit_step_when_there_is_none_or_it_is_paid(deposit, paid):
    result = steps(deposit=deposit, deposit_paid=paid)
    assert (result.deposit_due, result.deposit_instructions) == ("", "")


def test_the_place_is_the_studio_or_the_clients_place_with_a_map_link():
    at_studio = steps()
    assert at_studio.place == "1 Test Street, Leeds"
    assert query(at_studio.map_url) == {"api": "1", "query": "1 Test Street, Leeds"}
    on_location = steps(on_location=True, location="Victoria Park & the lake")
    assert on_location.place == "Victoria Park & the lake"
    assert query(on_location.map_url)["query"] == "Victoria Park & the lake"
    assert steps(studio_address="").map_url == ""


def test_calendar_links_carry_the_times_in_utc_and_the_place():
    result = steps()
    google = query(result.google_url)
    assert result.google_url.startswith("https://calendar.google.com/calendar/render?")
    assert google["action"] == "TEMPLATE"
    assert google["dates"] == "20300109T100000Z/20300109T110000Z"
    assert google["location"] == "1 Test Street, Leeds"
    assert google["text"] == "Headshot · Northlight"
    assert "https://studio.example/manage/t/" in google["details"]
    outlook = query(result.outlook_url)
    assert outlook["startdt"] == "2030-01-09T10:00:00Z"
    assert outlook["enddt"] == "2030-01-09T11:00:00Z"
    assert outlook["rru"] == "addevent" and outlook["subject"] == "Headshot · Northlight"


@pytest.mark.django_db
def test_the_confirmation_page_lists_the_next_steps(client, settings):
    private_ratelimit_cache(settings)
    with time_machine.travel(NOW, tick=False):
        open_studio(deposit_instructions="Pay by bank transfer: see https://pay.example/studio")
        headshot(deposit=50, price=185)
        GuideFactory(title="Before your headshot", slug="before-your-headshot", kind="headshot")
        assert client.post("/book/headshot/details/", details_data()).status_code == 302
        key = client.session[drafts.SESSION_KEY]["key"]
        client.post("/book/headshot/review/", {"key": key})
        page = client.get("/book/headshot/confirmed/").content.decode()
    booking = Booking.objects.get()
    assert "What happens next" in page
    assert "Pay your deposit of £50" in page
    assert '<a href="https://pay.example/studio"' in page  # the studio's link made clickable
    assert 'href="http://testserver/guides/before-your-headshot/"' in page
    assert "1 Test Street, Leeds" in page and "https://www.google.com/maps/search/?" in page
    assert f'href="/manage/{booking.manage_token}/calendar.ics"' in page
    assert "https://calendar.google.com/calendar/render?" in page
    assert "https://outlook.live.com/calendar/0/deeplink/compose?" in page


@pytest.mark.django_db
def test_studio_text_in_the_instructions_stays_inert(client, settings):
    private_ratelimit_cache(settings)
    with time_machine.travel(NOW, tick=False):
        open_studio(deposit_instructions="<script>alert(1)</script> pay on the day")
        headshot(deposit=50, price=185)
        client.post("/book/headshot/details/", details_data())
        client.post("/book/headshot/review/", {"key": client.session[drafts.SESSION_KEY]["key"]})
        page = client.get("/book/headshot/confirmed/").content.decode()
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt; pay on the day" in page
    assert StudioProfile.load().deposit_instructions.startswith("<script>")


@pytest.mark.django_db
def test_the_confirmation_email_carries_the_next_steps(settings):
    from bookings.emails import build_message
    from bookings.models import Reminder
    from tests.factories import BookingFactory

    settings.SITE_URL = "https://studio.example"
    open_studio(deposit_instructions="Bank transfer to 12-34-56 12345678.")
    booking = BookingFactory(session_type=headshot(deposit=50, price=185))
    message = build_message(Reminder.Kind.CONFIRMATION, booking)
    assert "NEXT STEPS" in message.body
    assert "Pay your deposit of £50." in message.body
    assert "Bank transfer to 12-34-56 12345678." in message.body
    assert "Google Calendar: https://calendar.google.com/calendar/render?" in message.body
    assert "Map:       https://www.google.com/maps/search/?" in message.body
    html = message.alternatives[0][0]
    assert "Outlook" in html and "Other calendars (.ics)" in html
