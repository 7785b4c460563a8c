"""A calendar read stuck for its whole time limit does not delay a due reminder.

Real worker processes against PostgreSQL and Redis, started as the Procfile starts them:
one consuming the calendars queue, one the reminders queue (this run's names for them).
"""

from datetime import time as time_of_day
from datetime import timedelta

import pytest
from django.conf import settings as django_settings
from django.db import connection, transaction
from django.utils import timezone

from bookings.models import Reminder
from bookings.reminders import plan_reminders
from calendars import kicks
from calendars.models import Calendar
from studio.celery import app
from tests.celery_tools import WorkerProcess, routed_queue, wait_until
from tests.factories import BookingFactory, StudioProfileFactory

pytestmark = [pytest.mark.postgres, pytest.mark.redis, pytest.mark.django_db(transaction=True)]

READ_LIMIT = 20  # seconds: the calendar task's soft time limit in its worker; long enough
# that even a busy machine sends the reminder before the read is stopped


@pytest.fixture
def workers(tmp_path, smtp_sink, celery_isolation, monkeypatch):
    # A task's time limits travel in its message, taken from the sender's own settings
    # (Celery looks the task up when sending by name): this process sends, so it carries
    # the short limit too, as beat and the web do in production from the same settings.
    read = app.tasks[kicks.TASK]
    monkeypatch.setattr(read, "soft_time_limit", READ_LIMIT)
    monkeypatch.setattr(read, "time_limit", READ_LIMIT + 15)
    monkeypatch.setattr(read, "_exec_options", None)  # Celery keeps them once computed
    db = connection.settings_dict
    env = {
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": django_settings.CELERY_BROKER_URL,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_sink.port}",
        "CALENDAR_FETCH_ALLOW_PRIVATE": "True",
        "CALENDAR_FETCH_TIMEOUT": "120",  # the server holds on longer than the task may run
        "CALENDAR_READ_TIME_LIMIT": str(READ_LIMIT),
        "CONN_MAX_AGE": "0",
    }
    started = [
        WorkerProcess(env=env, queue=routed_queue(app, kind), log_path=tmp_path / f"{kind}.log")
        for kind in ("calendars", "reminders")
    ]
    for worker in started:
        worker.start()
    try:
        yield started
    finally:
        for worker in started:
            worker.stop()


def test_a_calendar_read_stuck_for_its_whole_limit_does_not_delay_a_due_reminder(
    feeds, smtp_sink, workers
):
    StudioProfileFactory(
        time_zone="Europe/London",
        email="hello@studio.example",
        quiet_hours_start=time_of_day(0),
        quiet_hours_end=time_of_day(0),
    )
    feeds.hang("/stuck.ics")
    calendar = Calendar.objects.create(name="Stuck", url=feeds.url("/stuck.ics"))
    assert kicks.request_refresh(calendar.pk)
    wait_until(lambda: feeds.hits("/stuck.ics"), timeout=60, message="the read never started")

    # A client books while the calendar worker is held: the confirmation is due now.
    start = (timezone.now() + timedelta(days=10)).replace(minute=0, second=0, microsecond=0)
    with transaction.atomic():
        booking = BookingFactory(
            start=start,
            end=start + timedelta(hours=1),
            blocked_start=start,
            blocked_end=start + timedelta(hours=1),
        )
        plan_reminders(booking)  # kicks the sender on commit
    messages = smtp_sink.wait_for(1, timeout=60)
    logs = "\n".join(worker.log() for worker in workers)
    assert messages, f"the confirmation was never sent\n{logs}"
    # It went out while the calendar read still held its worker: the read has neither
    # ended nor been stopped yet (the feed holds on until the test ends).
    still_reading = Calendar.objects.get(pk=calendar.pk)
    assert still_reading.sync_started_at is not None, logs
    assert not still_reading.last_error, logs
    wait_until(
        lambda: Reminder.objects.filter(booking=booking, sent_at__isnull=False).exists(),
        timeout=10,
        message="the message reached the server but was never recorded as sent",
    )

    # The read ends at its limit, recorded for the photographer; the worker lives on.
    stopped = wait_until(
        lambda: (
            Calendar.objects.filter(pk=calendar.pk, last_error__contains="took too long")
            .values_list("last_error_at", flat=True)
            .first()
        ),
        timeout=READ_LIMIT + 120,  # a busy machine may be slow to stop it; never early
        message="the stuck read was never stopped\n"
        + str(Calendar.objects.values().get(pk=calendar.pk))
        + workers[0].log_path.read_text(),
    )
    assert stopped and Calendar.objects.get(pk=calendar.pk).sync_started_at is None
