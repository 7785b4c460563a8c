"""The studio's 24-hour or 12-hour choice holds on every page and in every email."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse

from bookings.emails import build_message
from bookings.models import Reminder
from tests.bookings.booking_setup import NOW, headshot, open_studio, wednesday
from tests.factories import BookingFactory, StaffUserFactory

pytestmark = pytest.mark.django_db

# Wednesday 9 January 2030, 14:00-15:00 in London (GMT).
WRITTEN = {"24h": ("14:00", "15:00"), "12h": ("2:00 PM", "3:00 PM")}


@pytest.fixture(params=["24h", "12h"])
def clock(request):
    return request.param


@pytest.fixture
def booking(clock):
    open_studio(clock=clock)
    start = wednesday("14:00")
    return BookingFactory(session_type=headshot(), start=start, end=start + timedelta(hours=1))


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def other_clock(clock: str) -> re.Pattern:
    """What the other choice would write for 14:00."""
    return re.compile(r"\b2:00\s?PM\b" if clock == "24h" else r"\b14:00\b")


def test_free_times_on_the_booking_calendar(client, booking, clock):
    booking.delete()
    html = client.get(reverse("bookings:book", args=["headshot"]), {"date": "2030-01-09"})
    labels = re.findall(
        r'class="btn btn-outline-brand time"[^>]*>([^<]+)</a>', html.content.decode()
    )
    assert WRITTEN[clock][0] in labels
    # booking.js shows the labels the slots endpoint writes: the same ones.
    day = client.get(reverse("bookings:slots", args=["headshot"]), {"date": "2030-01-09"}).json()
    assert day["labels"] == labels
    assert len(day["labels"]) == len(day["slots"])


def test_the_client_s_manage_page(client, booking, clock):
    html = client.get(reverse("bookings:manage", args=[booking.manage_token])).content.decode()
    start, end = WRITTEN[clock]
    assert f"{start}–{end}" in html
    assert not other_clock(clock).search(html)


def test_every_email(booking, clock):
    start, end = WRITTEN[clock]
    for kind in (Reminder.Kind.CONFIRMATION, Reminder.Kind.DAY_BEFORE):
        message = build_message(kind, booking)
        text = message.body
        assert start in text and end in text
        assert not other_clock(clock).search(text)


def test_the_dashboard_agenda_and_booking_page(client, booking, clock):
    client.force_login(StaffUserFactory())
    start, end = WRITTEN[clock]
    page = client.get(reverse("dashboard:booking", args=[booking.reference])).content.decode()
    assert f"{start}–{end}" in page
    # <input type="time"> values are machine-readable HH:MM whatever the choice.
    assert not other_clock(clock).search(re.sub(r'value="[^"]*"', "", page))
    week = client.get(reverse("dashboard:calendar_week"), {"date": "2030-01-09"})
    assert f"{start}–{end}" in week.content.decode()
