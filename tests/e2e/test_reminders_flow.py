"""End to end: book through the site, then every message arrives through a real worker.

A real Celery worker (in this process) consumes the configured broker; the beat sweep is
sent by the test whenever the clock moves, as beat would within the minute. Mail goes to
a local aiosmtpd sink. The clock is moved with time-machine (it ticks on from each
destination, so the worker and the live server keep running normally).
"""

import re
from collections import Counter
from datetime import UTC, datetime, time, timedelta

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from bookings import services, tasks
from bookings.calendar import uid_for
from bookings.models import Booking, Reminder
from bookings.reminder_kinds import FOR_STUDIO
from studio.models import StudioProfile, WorkingHours
from tests.bookings.booking_setup import private_ratelimit_cache
from tests.celery_tools import wait_for_tasks, wait_until
from tests.factories import GuideFactory, SessionTypeFactory, StudioProfileFactory, TipFactory

pytestmark = pytest.mark.django_db(transaction=True)

Kind = Reminder.Kind
NOW = datetime(2030, 1, 7, 8, 0, tzinfo=UTC)  # Monday 7 January 2030, 08:00 in London
SESSION_DAY = "2030-01-21"  # two weeks on, a Monday; 10:00 GMT is 10:00 UTC
SESSION_START = datetime(2030, 1, 21, 10, 0, tzinfo=UTC)


@pytest.fixture
def studio(settings):
    private_ratelimit_cache(settings)
    StudioProfileFactory(name="Northlight Test Studio", time_zone="Europe/London")
    # The client's messages only: studio alerts have their own tests (test_alerts_delivery).
    StudioProfile.objects.filter(pk=1).update(
        min_notice_hours=24, max_advance_days=60, alert_new_booking=False, alert_digest=False
    )
    for weekday in range(7):
        WorkingHours.objects.create(weekday=weekday, start=time(9), end=time(17))
    GuideFactory(kind="headshot", slug="headshot", intro="Everything here is about your face.")
    TipFactory(title="Solid colours beat busy prints", category="wardrobe")
    TipFactory(title="Haircut a week before, not the day before", category="grooming")
    TipFactory(title="Portraits only: bring a prop", for_headshot=False)
    return SessionTypeFactory(name="Headshot", slug="headshot", kind="headshot", looks=1)


def kinds_of(messages) -> list[str]:
    kinds = []
    for message in messages:
        pk = int(str(message["Message-ID"]).split(".")[1])
        kinds.append(Reminder.objects.get(pk=pk).kind)
    return kinds


def sweep_at(time_machine, smtp_sink, moment, expected_total):
    """Move the clock, run the beat sweep on the worker, wait for the next message."""
    time_machine.move_to(moment, tick=True)
    tasks.send_due_reminders.delay()
    messages = smtp_sink.wait_for(expected_total, timeout=30)
    assert len(messages) == expected_total, kinds_of(messages)
    # A message reaches the sink a moment before its row is recorded as sent; moving the
    # clock on before that would make the row look abandoned by a dead sender.
    settled(Reminder.State.SENDING)
    return messages[-1]


def settled(*states) -> None:
    wait_until(
        lambda: not Reminder.objects.filter(state__in=states).exists(),
        timeout=30,
        message=f"reminders still in {states}",
    )


def test_booked_on_the_site_every_message_arrives_once(
    page, live_server, smtp_sink, celery_worker, screenshot, time_machine, studio
):
    time_machine.move_to(NOW, tick=True)
    page.goto(f"{live_server.url}/book/headshot/?date={SESSION_DAY}")
    page.locator("#times a.time", has_text="10:00").click()
    page.get_by_label("Your name").fill("Ada Lovelace")
    page.get_by_label("Email").fill("ada@example.com")
    page.get_by_label("What are the photos for?").fill("LinkedIn and a speaker page")
    page.get_by_role("button", name="Continue to review").click()
    page.get_by_role("button", name="Confirm booking").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You're booked")
    screenshot(page, "reminders-flow-booked-1280")
    booking = Booking.objects.get()
    assert booking.start == SESSION_START

    # The confirmation, kicked on commit, with an invitation that calendar apps accept.
    (confirmation,) = smtp_sink.wait_for(1, timeout=30)
    assert confirmation["To"].addresses[0].addr_spec == "ada@example.com"
    assert (
        booking.reference
        in confirmation["Subject"] + confirmation.get_body(preferencelist=("plain",)).get_content()
    )
    (part,) = [p for p in confirmation.walk() if p.get_content_type() == "text/calendar"]
    calendar = Calendar.from_ical(part.get_content())
    assert calendar["METHOD"] == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == uid_for(booking)
    start = event.decoded("DTSTART")
    assert str(start.tzinfo) == "Europe/London" and start.hour == 10 and start == SESSION_START

    # A week before: the preparation guide.
    message = sweep_at(time_machine, smtp_sink, SESSION_START - timedelta(days=7), 2)
    assert kinds_of([message]) == [Kind.PREPARATION]
    assert "checklist" in message.get_body(preferencelist=("plain",)).get_content().lower()

    # Two days before: wardrobe and grooming, with this kind's tips only.
    message = sweep_at(time_machine, smtp_sink, SESSION_START - timedelta(days=2), 3)
    assert kinds_of([message]) == [Kind.WARDROBE]
    body = " ".join(message.get_body(preferencelist=("plain",)).get_content().split())
    assert "Solid colours beat busy prints" in body
    assert "Haircut a week before, not the day before" in body
    assert "bring a prop" not in body

    # The day before.
    message = sweep_at(time_machine, smtp_sink, SESSION_START - timedelta(hours=24), 4)
    assert kinds_of([message]) == [Kind.DAY_BEFORE]
    assert message["Subject"] == "See you tomorrow at 10:00"

    # After the session the photographer marks it completed; the thanks follow a day later.
    time_machine.move_to(booking.end + timedelta(minutes=30), tick=True)
    services.set_outcome(booking=booking, status=Booking.Status.COMPLETED)
    message = sweep_at(time_machine, smtp_sink, booking.end + timedelta(days=1), 5)
    assert kinds_of([message]) == [Kind.THANK_YOU]

    # Another sweep or two later: nothing more, nothing twice.
    wait_for_tasks(tasks.send_due_reminders.delay(), tasks.send_due_reminders.delay())
    messages = list(smtp_sink.messages)
    settled(Reminder.State.SENDING)
    counts = Counter(kinds_of(messages))
    assert counts == {
        Kind.CONFIRMATION: 1,
        Kind.PREPARATION: 1,
        Kind.WARDROBE: 1,
        Kind.DAY_BEFORE: 1,
        Kind.THANK_YOU: 1,
    }
    assert len({str(m["Message-ID"]) for m in messages}) == 5
    to_client = Reminder.objects.exclude(kind__in=FOR_STUDIO)
    assert set(to_client.values_list("state", flat=True)) == {Reminder.State.SENT}
    assert re.fullmatch(r"<reminder\.\d+\.[0-9a-f]+@[\w.]+>", str(messages[0]["Message-ID"]))
