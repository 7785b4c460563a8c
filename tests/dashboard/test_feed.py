from datetime import UTC, datetime

import pytest
from django.urls import reverse
from icalendar import Calendar

from bookings.models import Booking
from studio.models import StudioProfile
from tests.factories import BookingFactory, ClientFactory

pytestmark = pytest.mark.django_db


def _create_feed(staff_client):
    response = staff_client.post(reverse("dashboard:settings_calendar_feed_rotate"))
    assert response.status_code == 302
    return StudioProfile.load().calendar_feed_key


def test_no_feed_until_the_photographer_makes_one(client, staff_client):
    assert StudioProfile.load().calendar_feed_key == ""
    html = staff_client.get(reverse("dashboard:settings_calendar_feed")).content.decode()
    assert "Create my calendar feed" in html
    assert client.get("/dashboard/feed/.ics").status_code == 404


def test_feed_lists_active_bookings_for_anyone_holding_the_key(client, staff_client):
    key = _create_feed(staff_client)
    assert len(key) >= 40
    confirmed = BookingFactory(
        start=datetime(2026, 7, 1, 9, tzinfo=UTC), client=ClientFactory(name="Ada Lovelace")
    )
    BookingFactory(status=Booking.Status.PENDING)
    BookingFactory(status=Booking.Status.CANCELLED, client=ClientFactory(name="Gone Person"))
    BookingFactory(status=Booking.Status.COMPLETED)
    client.logout()
    response = client.get(reverse("dashboard:feed", args=[key]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/calendar; charset=utf-8"
    assert "no-store" in response["Cache-Control"]
    calendar = Calendar.from_ical(response.content)
    events = calendar.walk("VEVENT")
    assert len(events) == 2
    summaries = [str(event["SUMMARY"]) for event in events]
    assert any("Ada Lovelace" in summary for summary in summaries)
    assert not any("Gone Person" in summary for summary in summaries)
    first = next(event for event in events if "Ada Lovelace" in str(event["SUMMARY"]))
    assert first["DTSTART"].dt == datetime(2026, 7, 1, 9, tzinfo=UTC)
    assert first["DTSTART"].params["TZID"] == "Europe/London"
    assert confirmed.reference in str(first["UID"])
    assert calendar.walk("VTIMEZONE")


def test_rotating_the_key_retires_the_old_address(client, staff_client):
    old = _create_feed(staff_client)
    html = staff_client.get(reverse("dashboard:settings_calendar_feed")).content.decode()
    assert reverse("dashboard:feed", args=[old]) in html
    new = _create_feed(staff_client)
    assert new != old
    assert client.get(reverse("dashboard:feed", args=[old])).status_code == 404
    assert client.get(reverse("dashboard:feed", args=[new])).status_code == 200


@pytest.mark.parametrize("guess", ["x", "a" * 43, "../../etc/passwd"])
def test_wrong_keys_are_404(client, staff_client, guess):
    _create_feed(staff_client)
    assert client.get(f"/dashboard/feed/{guess}.ics").status_code == 404


def test_feed_refuses_changes(client, staff_client):
    key = _create_feed(staff_client)
    assert client.post(reverse("dashboard:feed", args=[key])).status_code == 405


def test_the_feed_describes_the_client_s_and_the_booking_s_private_notes(db):
    from bookings.calendar import booking_event
    from tests.factories import BookingFactory, ClientFactory

    booking = BookingFactory(
        client=ClientFactory(private_notes="Hates flash."), private_notes="Grey backdrop."
    )
    description = str(booking_event(booking, for_studio=True)["description"])
    assert "About the client: Hates flash." in description
    assert "Private notes: Grey backdrop." in description
