"""The public slots endpoint around each real-shaped calendar, read over HTTP on loopback.

The studio (tests.bookings.booking_setup) is in London, open 09:00-12:00 and 13:00-17:00
on weekdays, 60-minute headshots on a 30-minute step, 24 hours' notice.
"""

from datetime import UTC, datetime

import pytest
import time_machine
from django.urls import reverse

from calendars import services
from tests.bookings.booking_setup import headshot, open_studio

pytestmark = pytest.mark.django_db

NOW = datetime(2030, 3, 1, 8, 0, tzinfo=UTC)
FULL_WINTER_DAY = ["09:00", "09:30", "10:00", "10:30", "11:00", "13:00", "13:30", "14:00",
                   "14:30", "15:00", "15:30", "16:00"]  # fmt: skip


@pytest.fixture(autouse=True)
def studio_and_clock():
    with time_machine.travel(NOW, tick=False):
        open_studio()
        headshot()
        yield


def connect(feeds, name: str, *, all_day_blocks: bool = True):
    feeds.static(f"/{name}", (feeds_dir() / name).read_bytes())
    calendar = services.add_calendar(
        name=name, url=feeds.url(f"/{name}"), all_day_blocks=all_day_blocks
    )
    result = services.sync_calendar(calendar_id=calendar.pk)
    assert result.outcome == "updated", result
    return calendar


def feeds_dir():
    from .server import FEEDS

    return FEEDS


def free(client, day: str) -> list[str]:
    url = reverse("bookings:slots", args=["headshot"]) + f"?date={day}"
    body = client.get(url).json()
    return [slot[11:16] for slot in body["slots"]]


def without(*taken: str) -> list[str]:
    return [slot for slot in FULL_WINTER_DAY if slot not in taken]


def test_google_calendar(client, feeds):
    connect(feeds, "google.ics")
    assert free(client, "2030-03-06") == without("09:30", "10:00", "10:30")  # yoga 10-11
    assert free(client, "2030-03-07") == FULL_WINTER_DAY  # cancelled lunch
    assert free(client, "2030-03-08") == FULL_WINTER_DAY  # marked free
    assert free(client, "2030-03-11") == []  # all-day wedding, busy
    assert free(client, "2030-03-12") == FULL_WINTER_DAY  # birthday, marked free
    assert free(client, "2030-03-13") == FULL_WINTER_DAY  # EXDATE
    assert free(client, "2030-03-20") == without("13:30", "14:00", "14:30")  # moved to 14-15
    # After the clocks change the class is still 10:00-11:00 London time.
    assert free(client, "2030-04-03") == without("09:30", "10:00", "10:30")


def test_google_all_day_events_can_be_left_out(client, feeds):
    connect(feeds, "google.ics", all_day_blocks=False)
    assert free(client, "2030-03-11") == FULL_WINTER_DAY


def test_outlook_calendar(client, feeds):
    connect(feeds, "outlook.ics")
    assert free(client, "2030-03-14") == without("13:00", "13:30", "14:00")  # 13:00-14:30
    assert free(client, "2030-03-15") == without("09:00", "09:30")  # Berlin 10-11 = 09-10 here
    assert free(client, "2030-04-02") == without("13:00", "13:30")  # 13:00-14:00 BST


def test_icloud_calendar(client, feeds):
    connect(feeds, "icloud.ics")
    assert free(client, "2030-03-25") == without("09:00", "09:30")
    assert free(client, "2030-03-26") == FULL_WINTER_DAY  # that lesson was cancelled
    assert free(client, "2030-03-27") == without("09:00", "09:30")
    assert free(client, "2030-03-28") == without("14:30", "15:00", "15:30")


def test_events_across_daylight_saving_changes(client, feeds):
    connect(feeds, "dst.ics")
    # Back from New York at 06:00 EDT = 10:00 in London (not 11:00, as EST would give).
    assert free(client, "2030-03-11") == ["10:00", "10:30", "11:00", *FULL_WINTER_DAY[5:]]
    # Away until 10:00 BST on the Monday after London's clocks went forward.
    assert free(client, "2030-04-01") == ["10:00", "10:30", "11:00", *FULL_WINTER_DAY[5:]]


def test_month_view_agrees(client, feeds):
    connect(feeds, "google.ics")
    url = reverse("bookings:slots", args=["headshot"]) + "?month=2030-03"
    days = client.get(url).json()["days"]
    assert "2030-03-11" not in days and "2030-03-12" in days


def test_a_read_that_changes_busy_time_renews_the_cached_answers(client, feeds):
    feeds.static("/cal.ics", b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nEND:VCALENDAR\r\n", etag='"a"')
    calendar = services.add_calendar(name="Cal", url=feeds.url("/cal.ics"))
    services.sync_calendar(calendar_id=calendar.pk)
    assert free(client, "2030-03-06") == FULL_WINTER_DAY  # now kept in the page cache
    feeds.static("/cal.ics", (feeds_dir() / "google.ics").read_bytes(), etag='"b"')
    services.sync_calendar(calendar_id=calendar.pk)
    assert free(client, "2030-03-06") == without("09:30", "10:00", "10:30")


def test_the_booking_service_refuses_a_time_a_calendar_made_busy(feeds):
    from bookings import services as booking_services
    from bookings.services.errors import ClientDetails, OutsidePolicy
    from studio.models import SessionType

    connect(feeds, "google.ics")
    with pytest.raises(OutsidePolicy):  # busy without a booking: not one of the times offered
        booking_services.book(
            session_type=SessionType.objects.get(slug="headshot"),
            start=datetime(2030, 3, 6, 10, tzinfo=UTC),
            client=ClientDetails(name="Ann", email="ann@example.com", phone=""),
        )
