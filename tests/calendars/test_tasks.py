"""The periodic read, run by a real Celery worker against a calendar server on loopback."""

import pytest
from django.urls import reverse

from calendars import kicks, tasks
from calendars.models import BusyInterval, Calendar
from studio.celery import app
from tests.bookings.booking_setup import headshot, open_studio
from tests.calendars.events import next_weekday, one_event
from tests.celery_tools import wait_until


def test_the_periodic_task_is_on_beat_every_ten_minutes():
    entry = app.conf.beat_schedule["sync-calendars"]
    assert entry["task"] == tasks.sync_calendars.name
    assert entry["schedule"] == 600.0


@pytest.mark.django_db(transaction=True)
def test_the_worker_reads_the_calendar_and_the_slots_follow(client, feeds, celery_worker):
    open_studio()
    headshot()
    day = next_weekday(3)
    feeds.static("/cal.ics", one_event(day, 10), etag='"one"')
    calendar = Calendar.objects.create(name="Personal", url=feeds.url("/cal.ics"))
    url = reverse("bookings:slots", args=["headshot"]) + f"?date={day:%Y-%m-%d}"
    assert "10:00" in [s[11:16] for s in client.get(url).json()["slots"]]

    tasks.sync_calendars.delay()
    wait_until(
        lambda: Calendar.objects.get(pk=calendar.pk).last_success_at,
        timeout=30,
        message="the worker never read the calendar",
    )
    assert BusyInterval.objects.filter(calendar=calendar).count() == 1
    slots = [s[11:16] for s in client.get(url).json()["slots"]]
    assert "09:30" not in slots and "10:00" not in slots and "10:30" not in slots
    assert "09:00" in slots and "11:00" in slots

    # "Refresh now" goes through the same worker; a 304 changes nothing.
    first = Calendar.objects.get(pk=calendar.pk).last_success_at
    pks = list(BusyInterval.objects.values_list("pk", flat=True))
    assert kicks.request_refresh(calendar.pk)
    wait_until(
        lambda: (
            len(feeds.hits("/cal.ics")) == 2
            and Calendar.objects.get(pk=calendar.pk).last_success_at != first
        ),
        timeout=30,
        message="refresh now never ran",
    )
    assert feeds.hits("/cal.ics")[-1]["headers"]["If-None-Match"] == '"one"'
    assert list(BusyInterval.objects.values_list("pk", flat=True)) == pks


@pytest.mark.django_db
def test_the_task_never_raises_for_a_bad_feed(feeds):
    open_studio()
    feeds.static("/bad.ics", b"<html>nope</html>")
    calendar = Calendar.objects.create(name="Bad", url=feeds.url("/bad.ics"))
    assert tasks.sync_calendar(calendar.pk) == "failed"
    assert Calendar.objects.get().last_error


@pytest.mark.django_db
def test_refresh_now_says_so_when_the_broker_is_down(monkeypatch):
    def refuse(*args, **kwargs):
        raise ConnectionRefusedError

    monkeypatch.setattr(app, "send_task", refuse)
    assert kicks.request_refresh(1) is False
