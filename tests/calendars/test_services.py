"""calendars.services: reading, keeping and renewing busy time; failing safe and visibly."""

from datetime import UTC, datetime, timedelta

import pytest
import time_machine

from bookings.clashes import clashes_on, mark_clashes
from calendars import services
from calendars.models import BusyInterval, Calendar
from studio.content import AVAILABILITY, versions
from tests.bookings.booking_setup import headshot, open_studio
from tests.factories import BookingFactory, BusyIntervalFactory, CalendarFactory

from .server import FEEDS, feed

pytestmark = pytest.mark.django_db

NOW = datetime(2030, 3, 1, 8, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def studio_and_clock():
    with time_machine.travel(NOW, tick=False) as traveller:
        open_studio()
        yield traveller


def connect(feeds, path="/cal.ics", body=None, **kwargs):
    feeds.static(path, body if body is not None else feed("google.ics"), **kwargs)
    return services.add_calendar(name="Personal", url=feeds.url(path))


def test_first_read_keeps_busy_time_and_the_read_state(feeds):
    calendar = connect(feeds)
    before = versions(AVAILABILITY)
    result = services.sync_calendar(calendar_id=calendar.pk)
    calendar.refresh_from_db()
    assert result.outcome == "updated" and result.events == calendar.event_count == 6
    assert BusyInterval.objects.filter(calendar=calendar).count() == 6
    assert calendar.last_success_at == NOW and calendar.last_error == ""
    assert calendar.etag == '"v1"' and calendar.covered_until > NOW + timedelta(days=90)
    assert versions(AVAILABILITY) != before


def test_nothing_but_times_and_a_title_is_stored(feeds):
    calendar = connect(feeds)
    services.sync_calendar(calendar_id=calendar.pk)
    stored = " ".join(str(value) for row in BusyInterval.objects.values() for value in row.values())
    assert "Door code" not in stored and "Leeds" not in stored  # description, location
    assert "Yoga with Sam" in stored


def test_a_304_changes_nothing_and_costs_no_parse(feeds, monkeypatch):
    calendar = connect(feeds)
    services.sync_calendar(calendar_id=calendar.pk)
    version = versions(AVAILABILITY)
    kept = list(BusyInterval.objects.values_list("pk", flat=True))

    def no_parse(*args, **kwargs):
        raise AssertionError("a 304 must not be parsed")

    monkeypatch.setattr(services, "read_busy_time", no_parse)
    result = services.sync_calendar(calendar_id=calendar.pk, now=NOW + timedelta(minutes=10))
    assert result.outcome == "unchanged"
    assert feeds.hits("/cal.ics")[-1]["headers"]["If-None-Match"] == '"v1"'
    assert list(BusyInterval.objects.values_list("pk", flat=True)) == kept
    assert versions(AVAILABILITY) == version
    calendar.refresh_from_db()
    assert calendar.last_success_at == NOW + timedelta(minutes=10)


def test_same_file_again_without_validators_writes_nothing(feeds):
    calendar = connect(feeds, etag=None)
    services.sync_calendar(calendar_id=calendar.pk)
    version = versions(AVAILABILITY)
    kept = list(BusyInterval.objects.values_list("pk", flat=True))
    assert services.sync_calendar(calendar_id=calendar.pk).outcome == "unchanged"
    assert list(BusyInterval.objects.values_list("pk", flat=True)) == kept
    assert versions(AVAILABILITY) == version


def test_a_quiet_feed_is_read_in_full_again_before_its_busy_time_runs_out(feeds):
    calendar = connect(feeds)
    services.sync_calendar(calendar_id=calendar.pk)
    services.sync_calendar(calendar_id=calendar.pk, now=NOW + timedelta(days=6))
    assert "If-None-Match" in feeds.hits("/cal.ics")[-1]["headers"]
    services.sync_calendar(calendar_id=calendar.pk, now=NOW + timedelta(days=8))
    assert "If-None-Match" not in feeds.hits("/cal.ics")[-1]["headers"]


HOSTILE = {
    "not iCalendar": lambda f: f.static(
        "/x.ics", b"<!doctype html><title>Sign in</title>", etag=None
    ),
    "malformed": lambda f: f.static(
        "/x.ics", b"BEGIN:VCALENDAR\r\nBEGIN:VEVENT\r\n\x00\xff", etag=None
    ),
    "huge": lambda f: f.huge("/x.ics", 50, declare_length=False),
    "slow": lambda f: f.slow("/x.ics", pause=0.3),
    "redirect loop": lambda f: (f.redirect("/x.ics", "/y.ics"), f.redirect("/y.ics", "/x.ics")),
    "gone": lambda f: None,
    "too many events": lambda f: f.static(
        "/x.ics", (FEEDS / "crafted" / "bysecond.ics").read_bytes(), etag=None
    ),
    "headers dripped": lambda f: f.drip_headers("/x.ics", pause=0.05),
}


@pytest.mark.parametrize("kind", HOSTILE)
def test_a_hostile_feed_ends_in_a_recorded_error_and_keeps_the_last_good_busy_time(
    feeds, settings, kind
):
    settings.CALENDAR_FETCH_TIMEOUT = 1.0
    calendar = connect(feeds, "/x.ics")
    services.sync_calendar(calendar_id=calendar.pk)
    kept = BusyInterval.objects.count()
    feeds.routes.pop("/x.ics")
    HOSTILE[kind](feeds)
    later = NOW + timedelta(hours=1)
    result = services.sync_calendar(calendar_id=calendar.pk, now=later)
    calendar.refresh_from_db()
    assert result.outcome == "failed" and result.error
    assert calendar.last_error and calendar.last_error_at == later
    assert calendar.last_success_at == NOW
    assert BusyInterval.objects.count() == kept == 6
    assert calendar.sync_started_at is None


def test_too_many_events_says_so_and_keeps_the_last_busy_times(feeds):
    calendar = connect(feeds, "/x.ics", etag=None)
    services.sync_calendar(calendar_id=calendar.pk)
    feeds.static("/x.ics", (FEEDS / "crafted" / "byyearday.ics").read_bytes(), etag=None)
    result = services.sync_calendar(calendar_id=calendar.pk, now=NOW + timedelta(hours=1))
    assert result.outcome == "failed"
    assert "too many events" in result.error and "last busy times are kept" in result.error
    assert BusyInterval.objects.filter(calendar=calendar).count() == 6


def test_a_sync_over_an_odd_address_and_a_good_feed_reads_the_good_one(feeds):
    # Saved before addresses were checked on saving (or written straight to the database).
    odd = [
        Calendar.objects.create(name=f"Odd {i}", url=url)
        for i, url in enumerate(
            ["https://0177.0.0.1/c.ics", "https://\uff11\uff12\uff17.0.0.1/c.ics", "https://xn--/"]
        )
    ]
    good = connect(feeds)
    results = {result.name: result for result in services.sync_all()}
    assert results["Personal"].outcome == "updated"
    assert BusyInterval.objects.filter(calendar=good).count() == 6
    for calendar in odd:
        calendar.refresh_from_db()
        assert results[calendar.name].outcome == "failed"
        assert calendar.last_error and calendar.last_error_at == NOW
        assert "Error" not in calendar.last_error


def test_a_crash_inside_a_read_is_recorded_and_the_next_calendar_is_read(
    feeds, monkeypatch, caplog
):
    broken = Calendar.objects.create(name="Broken", url=feeds.url("/broken.ics"))
    good = connect(feeds)
    real_fetch = services.fetching.fetch

    def crash_on_broken(url, **kwargs):
        if url.endswith("/broken.ics"):
            raise KeyError("something nobody expected")
        return real_fetch(url, **kwargs)

    monkeypatch.setattr(services.fetching, "fetch", crash_on_broken)
    with caplog.at_level("ERROR", logger="calendars"):
        results = services.sync_all()
    assert [r.outcome for r in results] == ["failed", "updated"]
    broken.refresh_from_db()
    assert "problem on the studio's side" in broken.last_error
    assert "KeyError" not in broken.last_error and broken.sync_started_at is None
    assert "the read crashed" in caplog.text  # the traceback is in the log, for the lead
    assert BusyInterval.objects.filter(calendar=good).count() == 6


def test_loopback_with_the_setting_off_is_a_recorded_error(feeds, settings):
    calendar = connect(feeds)
    settings.CALENDAR_FETCH_ALLOW_PRIVATE = False
    Calendar.objects.filter(pk=calendar.pk).update(url=f"https://127.0.0.1:{feeds.port}/cal.ics")
    result = services.sync_calendar(calendar_id=calendar.pk)
    assert result.outcome == "failed" and "private network" in result.error
    assert feeds.hits("/cal.ics") == []


def test_a_stale_calendar_keeps_blocking_and_says_so():
    calendar = CalendarFactory()
    Calendar.objects.filter(pk=calendar.pk).update(last_success_at=NOW - timedelta(hours=23))
    calendar.refresh_from_db()
    assert not calendar.is_stale(NOW)
    assert calendar.is_stale(NOW + timedelta(hours=2))


def test_a_read_already_running_is_not_started_twice():
    calendar = CalendarFactory()
    Calendar.objects.filter(pk=calendar.pk).update(sync_started_at=NOW - timedelta(minutes=1))
    assert services.sync_calendar(calendar_id=calendar.pk).outcome == "busy"
    Calendar.objects.filter(pk=calendar.pk).update(sync_started_at=NOW - timedelta(hours=1))
    assert services.sync_calendar(calendar_id=calendar.pk).outcome == "failed"  # taken over


@pytest.mark.parametrize(
    "url, cleaned",
    [
        ("webcal://p01-caldav.icloud.com/published/2/MTE", "https://p01-caldav.icloud.com/published/2/MTE"),
        ("  https://calendar.google.com/calendar/ical/x/private-y/basic.ics ", "https://calendar.google.com/calendar/ical/x/private-y/basic.ics"),
    ],
)  # fmt: skip
def test_addresses_are_cleaned(url, cleaned):
    assert services.clean_url(url) == cleaned


@pytest.mark.parametrize(
    "url", ["http://calendar.example.com/x.ics", "ftp://x/y", "file:///etc/passwd", "https://", ""]
)
def test_unusable_addresses_are_refused(url):
    with pytest.raises(services.InvalidCalendar):
        services.add_calendar(name="X", url=url)


def test_removing_a_calendar_frees_its_time_at_once():
    interval = BusyIntervalFactory()
    version = versions(AVAILABILITY)
    services.remove_calendar(calendar=interval.calendar)
    assert not BusyInterval.objects.exists()
    assert versions(AVAILABILITY) != version


def test_changing_the_all_day_rule_forces_a_full_read(feeds):
    calendar = connect(feeds)
    services.sync_calendar(calendar_id=calendar.pk)
    services.update_calendar(
        calendar=calendar, name="Personal", url=calendar.url, all_day_blocks=False
    )
    result = services.sync_calendar(calendar_id=calendar.pk)
    assert "If-None-Match" not in feeds.hits("/cal.ics")[-1]["headers"]
    assert result.outcome == "updated" and result.events == 5


# Clashes with bookings already made ---------------------------------------------------


def test_a_booking_made_before_a_clash_is_flagged_not_touched():
    headshot()
    booking = BookingFactory(
        start=datetime(2030, 3, 6, 10, tzinfo=UTC), end=datetime(2030, 3, 6, 11, tzinfo=UTC)
    )
    BookingFactory(
        start=datetime(2030, 3, 6, 14, tzinfo=UTC), end=datetime(2030, 3, 6, 15, tzinfo=UTC)
    )
    BusyIntervalFactory(
        start=datetime(2030, 3, 6, 10, 30, tzinfo=UTC), end=datetime(2030, 3, 6, 12, tzinfo=UTC)
    )
    [clash] = clashes_on(datetime(2030, 3, 6).date())
    assert clash.booking == booking and clash.calendars == [clash.busy[0].calendar.name]
    booking.refresh_from_db()
    assert booking.status in booking.ACTIVE_STATUSES
    assert clashes_on(datetime(2030, 3, 7).date()) == []


def test_cancelled_bookings_never_clash():
    booking = BookingFactory(
        start=datetime(2030, 3, 6, 10, tzinfo=UTC),
        end=datetime(2030, 3, 6, 11, tzinfo=UTC),
        status="cancelled",
    )
    BusyIntervalFactory(
        start=datetime(2030, 3, 6, 10, tzinfo=UTC), end=datetime(2030, 3, 6, 11, tzinfo=UTC)
    )
    [marked] = mark_clashes([booking])
    assert marked.calendar_clashes == []
    assert clashes_on(datetime(2030, 3, 6).date()) == []


def test_a_stale_calendar_leaves_the_health_check_healthy(client, settings):
    CalendarFactory(
        last_success_at=NOW - timedelta(hours=settings.CALENDAR_STALE_HOURS * 3),
        last_error="The calendar server took too long to answer.",
    )
    response = client.get("/healthz/")
    assert response.status_code == 200 and response.json()["database"] == "ok"
