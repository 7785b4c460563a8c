"""Settings › Your calendars, the stale warning, busy blocks and clash flags on the dashboard."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from calendars import kicks
from calendars.models import BusyInterval, Calendar
from tests.calendars.server import FeedServer
from tests.calendars.test_tasks import next_weekday, one_event
from tests.factories import BookingFactory, BusyIntervalFactory, CalendarFactory

pytestmark = pytest.mark.django_db

SECRET = "https://calendar.google.com/calendar/ical/jo%40gmail.com/private-5f2a9c1e77b/basic.ics"


@pytest.fixture
def feeds(settings):
    """A calendar server on loopback, which the reader may reach for the test."""
    settings.CALENDAR_FETCH_ALLOW_PRIVATE = True
    settings.CALENDAR_FETCH_TIMEOUT = 5.0
    server = FeedServer().start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture
def refreshes(monkeypatch):
    asked = []

    def request_refresh(calendar_id):
        asked.append(calendar_id)
        return True

    monkeypatch.setattr(kicks, "request_refresh", request_refresh)
    return asked


def test_page_lists_each_calendar_with_its_read_state_and_never_the_full_address(staff_client):
    now = timezone.now()
    CalendarFactory(
        name="Weddings",
        url=SECRET,
        last_success_at=now - timedelta(hours=1),
        last_checked_at=now - timedelta(minutes=3),
        event_count=42,
        last_error="The calendar server took too long to answer.",
        last_error_at=now,
    )
    html = staff_client.get(reverse("dashboard:settings_calendars")).content.decode()
    assert "Weddings" in html and "42 events" in html
    assert "The calendar server took too long to answer." in html
    assert "Next read" in html and "Refresh now" in html
    assert "private-5f2a9c1e77b" not in html  # the secret part of the address
    assert "calendar.google.com/…/basic.ics" in html


def test_connecting_a_calendar_reads_it_at_once_and_says_how_it_went(
    staff_client, refreshes, feeds
):
    feeds.static("/cal.ics", one_event(next_weekday(3), 10))
    response = staff_client.post(
        reverse("dashboard:settings_calendars"),
        {"name": "Personal", "url": feeds.url("/cal.ics")},
        follow=True,
    )
    calendar = Calendar.objects.get()
    assert calendar.all_day_blocks is False  # an unticked box
    assert calendar.last_success_at and BusyInterval.objects.filter(calendar=calendar).exists()
    html = response.content.decode()
    assert "Personal connected and read." in html
    assert "1 busy time in the coming weeks now blocks bookings" in html
    assert refreshes == []  # read in the request, not left to the worker


def test_a_first_read_that_fails_is_shown_on_the_page_in_plain_words(
    staff_client, refreshes, feeds
):
    feeds.static("/cal.ics", b"<!doctype html><title>Sign in</title>", etag=None)
    response = staff_client.post(
        reverse("dashboard:settings_calendars"),
        {"name": "Personal", "url": feeds.url("/cal.ics")},
        follow=True,
    )
    html = response.content.decode()
    assert "Personal is connected, but reading it failed" in html
    assert "did not answer with a calendar file" in html
    assert "its events do not block bookings" in html
    assert Calendar.objects.get().last_error
    # And the Today page warns straight away, not a day later.
    home = staff_client.get(reverse("dashboard:home")).content.decode()
    assert "Some of your calendars are out of date." in home
    assert "did not answer with a calendar file" in home


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"name": "", "url": SECRET}, "name"),
        ({"name": "X", "url": ""}, "url"),
        ({"name": "X", "url": "http://calendar.example.com/x.ics"}, "url"),
        ({"name": "X", "url": "file:///etc/passwd"}, "url"),
        ({"name": "X" * 81, "url": SECRET}, "name"),
        ({"name": "X", "url": "https://[::1"}, "url"),
        ({"name": "X", "url": "https://[::1/calendar.ics"}, "url"),
        ({"name": "X", "url": "https://0177.0.0.1/c.ics"}, "url"),
        ({"name": "X", "url": "https://\uff11\uff12\uff17.0.0.1/c.ics"}, "url"),
        ({"name": "X", "url": "https://xn--/"}, "url"),
    ],
)
def test_an_unusable_calendar_is_refused_beside_its_field(staff_client, refreshes, data, field):
    response = staff_client.post(reverse("dashboard:settings_calendars"), data)
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not Calendar.objects.exists() and refreshes == []


def test_the_broker_being_down_is_said_plainly(staff_client, monkeypatch):
    monkeypatch.setattr(kicks, "request_refresh", lambda calendar_id: False)
    calendar = CalendarFactory(name="Personal")
    url = reverse("dashboard:settings_calendar_refresh", args=[calendar.pk])
    response = staff_client.post(url, follow=True)
    assert "at the next regular refresh" in response.content.decode()


def test_refresh_now(staff_client, refreshes):
    calendar = CalendarFactory()
    url = reverse("dashboard:settings_calendar_refresh", args=[calendar.pk])
    assert staff_client.post(url).status_code == 302
    assert refreshes == [calendar.pk]


def test_edit_keeps_the_address_when_left_empty(staff_client, refreshes):
    calendar = CalendarFactory(url=SECRET, etag='"x"')
    url = reverse("dashboard:settings_calendar_edit", args=[calendar.pk])
    assert SECRET not in staff_client.get(url).content.decode()
    response = staff_client.post(url, {"name": "Renamed", "url": "", "all_day_blocks": ""})
    assert response.status_code == 302
    calendar.refresh_from_db()
    assert (calendar.name, calendar.url, calendar.all_day_blocks) == ("Renamed", SECRET, False)
    assert calendar.etag == ""  # the all-day rule changed: read in full again
    assert refreshes == [calendar.pk]


def test_disconnect_removes_the_calendar_and_its_busy_time(staff_client):
    interval = BusyIntervalFactory()
    url = reverse("dashboard:settings_calendar_delete", args=[interval.calendar_id])
    assert staff_client.post(url).status_code == 302
    assert not Calendar.objects.exists()


def test_home_warns_about_a_stale_calendar(staff_client, settings):
    fresh = CalendarFactory(name="Fresh", last_success_at=timezone.now())
    CalendarFactory(
        name="Family",
        last_success_at=timezone.now() - timedelta(hours=settings.CALENDAR_STALE_HOURS + 1),
        last_error="The calendar server answered with an error (HTTP 500).",
    )
    html = staff_client.get(reverse("dashboard:home")).content.decode()
    assert "Some of your calendars are out of date." in html
    assert "Family" in html and "HTTP 500" in html
    assert fresh.name not in html.split("out of date")[1].split("</div>")[0]


def test_home_warns_after_the_first_failed_read(staff_client):
    now = timezone.now()
    CalendarFactory(
        name="Family",
        last_success_at=now - timedelta(minutes=20),  # far from stale
        last_error="The calendar server could not be reached.",
        last_error_at=now - timedelta(minutes=5),
    )
    html = staff_client.get(reverse("dashboard:home")).content.decode()
    warning = html.split("out of date")[1].split("</div>")[0]
    assert "Family" in warning and "failed" in warning and "could not be reached" in warning


def test_home_has_no_warning_when_calendars_are_fresh(staff_client):
    CalendarFactory(last_success_at=timezone.now())
    html = staff_client.get(reverse("dashboard:home")).content.decode()
    assert "out of date" not in html


def _clashing_booking(hours_ahead=2):
    start = timezone.now().replace(minute=0, second=0, microsecond=0) + timedelta(hours=hours_ahead)
    booking = BookingFactory(start=start, end=start + timedelta(hours=1), status="confirmed")
    BusyIntervalFactory(
        calendar=CalendarFactory(name="Weddings"),
        start=start + timedelta(minutes=30),
        end=start + timedelta(hours=3),
        title="Wedding – Patel/Jones",
    )
    return booking


def test_a_clash_is_flagged_on_the_booking_and_in_lists(staff_client):
    booking = _clashing_booking(hours_ahead=26)
    detail = staff_client.get(reverse("dashboard:booking", args=[booking.reference]))
    html = detail.content.decode()
    assert "This booking clashes with your own calendar." in html
    assert "Wedding – Patel/Jones" in html  # staff see the title
    listing = staff_client.get(reverse("dashboard:bookings")).content.decode()
    assert "Clashes with 1 event in your calendars" in listing
    home = staff_client.get(reverse("dashboard:home")).content.decode()
    assert "Clashes with 1 event in your calendars" in home


def test_the_week_calendar_shows_busy_blocks_with_titles(staff_client):
    booking = _clashing_booking(hours_ahead=26)
    day = timezone.localtime(booking.start).date()
    url = reverse("dashboard:calendar_week") + f"?date={day:%Y-%m-%d}"
    html = staff_client.get(url).content.decode()
    assert "cal-busy" in html and "(Weddings)" in html and "Wedding – Patel/Jones" in html
    assert "Clashes with 1 event in your calendars" in html
    month = staff_client.get(reverse("dashboard:calendar") + f"?month={day:%Y-%m}")
    assert "busy in your calendars" in month.content.decode()


def test_the_week_lists_busy_blocks_and_bookings_in_time_order(staff_client):
    day_start = (timezone.localtime() + timedelta(days=2)).replace(
        hour=8, minute=0, second=0, microsecond=0
    )
    weddings = CalendarFactory(name="Weddings")
    BusyIntervalFactory(
        calendar=weddings,
        start=day_start + timedelta(hours=8),
        end=day_start + timedelta(hours=9),
        title="Evening reception",
    )
    BookingFactory(
        start=day_start + timedelta(hours=2),
        end=day_start + timedelta(hours=3),
        status="confirmed",
        client__name="Ada Lovelace",
    )
    BusyIntervalFactory(
        calendar=weddings,
        start=day_start,
        end=day_start + timedelta(hours=1),
        title="School run",
    )
    url = reverse("dashboard:calendar_week") + f"?date={day_start:%Y-%m-%d}"
    html = staff_client.get(url).content.decode()
    order = [html.index(text) for text in ("School run", "Ada Lovelace", "Evening reception")]
    assert order == sorted(order)


def test_titles_never_reach_the_public_pages(client, studio):
    from tests.bookings.booking_setup import headshot

    headshot()
    BusyIntervalFactory(title="Dentist – root canal")
    for url in (
        reverse("bookings:book", args=["headshot"]),
        reverse("bookings:slots", args=["headshot"]) + "?month=" + f"{timezone.now():%Y-%m}",
    ):
        assert "root canal" not in client.get(url).content.decode()
