"""python manage.py sync_calendars [--add NAME URL]."""

from datetime import UTC, datetime
from io import StringIO

import pytest
import time_machine
from django.core.management import CommandError, call_command

from calendars.models import Calendar
from tests.bookings.booking_setup import open_studio

from .server import feed

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def clock():
    with time_machine.travel(datetime(2030, 3, 1, 8, tzinfo=UTC), tick=False):
        open_studio()
        yield


def run(*args) -> str:
    out = StringIO()
    call_command("sync_calendars", *args, stdout=out)
    return out.getvalue()


def test_add_connects_and_reads(feeds):
    feeds.static("/g.ics", feed("google.ics"))
    out = run("--add", "Personal", feeds.url("/g.ics"))
    assert "Connected Personal (127.0.0.1/…/g.ics)" in out
    assert "Personal: updated, 6 busy interval(s) kept" in out
    assert Calendar.objects.get().event_count == 6


def test_prints_a_line_per_calendar_and_fails_when_one_fails(feeds):
    feeds.static("/g.ics", feed("google.ics"))
    Calendar.objects.create(name="Good", url=feeds.url("/g.ics"))
    Calendar.objects.create(name="Broken", url=feeds.url("/missing.ics"))
    out = StringIO()
    with pytest.raises(CommandError) as raised:
        call_command("sync_calendars", stdout=out)
    assert raised.value.returncode == 2
    text = out.getvalue()
    assert "Good: updated" in text and "Broken: failed: " in text and "HTTP 404" in text


def test_no_calendars():
    assert "No calendars connected." in run()


def test_add_refuses_an_unusable_address():
    with pytest.raises(CommandError, match="https"):
        run("--add", "X", "ftp://example.com/cal.ics")
    assert not Calendar.objects.exists()


@pytest.mark.parametrize(
    "url", ["https://[::1", "https://0177.0.0.1/c.ics", "https://xn--/", "https://exa mple.com/"]
)
def test_add_refuses_a_malformed_address_with_a_sentence_not_a_traceback(url):
    with pytest.raises(CommandError) as refused:
        run("--add", "X", url)
    assert "address" in str(refused.value) and "Error" not in str(refused.value)
    assert not Calendar.objects.exists()
