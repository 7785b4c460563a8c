"""Studio alerts through a real Celery worker and a real SMTP sink: each client event
reaches the studio exactly once, a switched-off kind never, the digest lists the day."""

from collections import Counter
from datetime import datetime, timedelta
from datetime import time as time_of_day

import pytest
from django.utils import timezone

from bookings import services, tasks
from bookings.models import Booking, Reminder
from bookings.reminders import kicks
from studio.models import StudioProfile
from tests.bookings.booking_setup import headshot, open_studio
from tests.celery_tools import drain, wait_for_tasks, wait_until
from tests.factories import BookingFactory, IntakeResponseFactory

Kind = Reminder.Kind
STUDIO_ADDRESS = "alerts@studio.example"
CLIENT = services.ClientDetails(name="Ada Lovelace", email="ada@example.com", phone="")


@pytest.fixture(autouse=True)
def broker_not_paused(monkeypatch):
    monkeypatch.setattr(kicks, "_broker_down_until", 0.0)


@pytest.fixture
def studio(transactional_db):
    # Real clock: no quiet hours, no notice, so any weekday hour ahead can be booked.
    return open_studio(
        email="hello@studio.example",
        alert_email=STUDIO_ADDRESS,
        min_notice_hours=0,
        quiet_hours_start=time_of_day(0),
        quiet_hours_end=time_of_day(0),
        alert_digest=False,
    )


def weekday_at(studio, days_ahead: int, hour: int) -> datetime:
    day = timezone.now().astimezone(studio.tz).date() + timedelta(days=days_ahead)
    while day.weekday() >= 5:
        day += timedelta(days=1)
    return datetime.combine(day, time_of_day(hour), tzinfo=studio.tz)


def to_studio(sink) -> list:
    return [m for m in sink.messages if m["To"].addresses[0].addr_spec == STUDIO_ADDRESS]


def alert_kinds(messages) -> Counter:
    found = Counter()
    for message in messages:
        pk = int(str(message["Message-ID"]).split(".")[1])
        found[Reminder.objects.get(pk=pk).kind] += 1
    return found


def wait_recorded(kinds: list[str]) -> None:
    wait_until(
        lambda: (
            Reminder.objects.filter(kind__in=kinds, state=Reminder.State.SENT).count() == len(kinds)
        ),
        timeout=30,
        message="an alert was delivered but never recorded as sent",
    )


@pytest.mark.django_db(transaction=True)
def test_each_client_event_reaches_the_studio_exactly_once(studio, smtp_sink, celery_worker):
    booking = services.book(session_type=headshot(), start=weekday_at(studio, 7, 10), client=CLIENT)
    wait_until(lambda: len(to_studio(smtp_sink)) >= 1, timeout=30, message="no new-booking alert")
    booking = services.reschedule(booking=booking, start=weekday_at(studio, 7, 14))
    wait_until(lambda: len(to_studio(smtp_sink)) >= 2, timeout=30, message="no moved alert")
    services.cancel(booking=booking, reason="Flu, sorry.")
    wait_until(lambda: len(to_studio(smtp_sink)) >= 3, timeout=30, message="no cancel alert")
    wait_recorded([Kind.ALERT_NEW, Kind.ALERT_MOVED, Kind.ALERT_CANCELLED])
    wait_for_tasks(tasks.send_due_reminders.delay())  # a sweep afterwards sends nothing again
    alerts = to_studio(smtp_sink)
    assert alert_kinds(alerts) == {Kind.ALERT_NEW: 1, Kind.ALERT_MOVED: 1, Kind.ALERT_CANCELLED: 1}
    assert [m["Subject"].split(":")[0] for m in alerts] == [
        "New booking",
        "Moved",
        "Cancelled by the client",
    ]
    # The client heard of each change too, and no alert went to the client.
    to_client = [m for m in smtp_sink.messages if m not in alerts]
    assert {m["To"].addresses[0].addr_spec for m in to_client} == {"ada@example.com"}
    assert all("ada@example.com" not in str(m["To"]) for m in alerts)


@pytest.mark.django_db(transaction=True)
def test_a_switched_off_kind_never_reaches_the_studio(studio, smtp_sink, celery_worker):
    StudioProfile.objects.filter(pk=1).update(alert_new_booking=False, require_confirmation=True)
    StudioProfile.objects.filter(pk=1).update(alert_pending=False)
    services.book(session_type=headshot(), start=weekday_at(studio, 7, 10), client=CLIENT)
    smtp_sink.wait_for(1, timeout=30)  # the client's "request received"
    drain()  # the booking's own kicks have run
    wait_for_tasks(tasks.send_due_reminders.delay())
    assert to_studio(smtp_sink) == []
    assert Reminder.objects.get(kind=Kind.ALERT_PENDING).state == Reminder.State.SKIPPED


@pytest.mark.django_db(transaction=True)
def test_the_morning_sweep_sends_one_digest_listing_the_days_three_sessions(
    studio, smtp_sink, celery_worker
):
    StudioProfile.objects.filter(pk=1).update(alert_digest=True, digest_time=time_of_day(0))
    today = timezone.now().astimezone(studio.tz).date()
    session_type = headshot()
    for minute in (5, 20, 35):  # today, whatever the hour the test runs at
        start = datetime.combine(today, time_of_day(0, minute), tzinfo=studio.tz)
        BookingFactory(
            session_type=session_type,
            start=start,
            end=start + timedelta(minutes=10),
            blocked_start=start,
            blocked_end=start + timedelta(minutes=10),
            intake=IntakeResponseFactory(),
        )
    sweeps = [tasks.send_due_reminders.delay(), tasks.send_due_reminders.delay()]
    (digest,) = smtp_sink.wait_for(1, timeout=30)  # two sweeps: still one digest
    wait_recorded([Kind.DIGEST])
    wait_for_tasks(*sweeps)
    assert len(smtp_sink.messages) == 1
    assert digest["To"].addresses[0].addr_spec == STUDIO_ADDRESS
    assert digest["Subject"].endswith(": 3 sessions")
    text = digest.get_body(preferencelist=("plain",)).get_content()
    assert text.count("What the client told the wizard:") == 3
    assert Booking.objects.count() == 3
