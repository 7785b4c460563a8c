"""The Celery side: real workers, a real SMTP sink, a broker that goes away.

Tests marked `redis` start their OWN redis-server on a free loopback port (the shared
one is never touched) and need CELERY_BROKER_URL to be Redis (they use that
configuration's timeouts). The SIGKILL test also needs PostgreSQL, because a worker
in another process must see the test database.
"""

import ast
import logging
import signal
import time
from collections import Counter
from datetime import time as time_of_day
from datetime import timedelta
from pathlib import Path

import pytest
from celery.contrib.testing.worker import start_worker
from django.conf import settings as django_settings
from django.core.management import call_command
from django.db import connection, transaction
from django.utils import timezone
from icalendar import Calendar

from bookings import tasks
from bookings.calendar import uid_for
from bookings.models import Booking, Reminder
from bookings.reminders import kicks, plan_reminders
from studio.celery import app
from tests.celery_tools import (
    RedisServer,
    WorkerProcess,
    all_queues,
    closing_worker_db_connections,
    drain,
    use_broker,
    wait_for_tasks,
    wait_until,
)
from tests.factories import BookingFactory, StudioProfileFactory, TipFactory
from tests.loopback import free_port

Kind = Reminder.Kind
State = Reminder.State


@pytest.fixture(autouse=True)
def broker_not_paused(monkeypatch):
    monkeypatch.setattr(kicks, "_broker_down_until", 0.0)


@pytest.fixture
def studio(db):
    # These tests run a real worker on the real clock: with the default quiet hours
    # (21:00-08:00) a run in the evening would rightly hold the preparation email back.
    return StudioProfileFactory(
        time_zone="Europe/London",
        email="hello@studio.example",
        quiet_hours_start=time_of_day(0),
        quiet_hours_end=time_of_day(0),
    )


def book_in_transaction(*, days_ahead: float, **extra) -> Booking:
    """What services.book does: write the booking and plan its messages in one transaction.

    Each booking gets its own hour (PostgreSQL refuses overlapping bookings).
    """
    start = (timezone.now() + timedelta(days=days_ahead)).replace(
        minute=0, second=0, microsecond=0
    ) + timedelta(hours=Booking.objects.count())
    with transaction.atomic():
        booking = BookingFactory(
            start=start,
            end=start + timedelta(hours=1),
            blocked_start=start,
            blocked_end=start + timedelta(hours=1),
            **extra,
        )
        plan_reminders(booking)
    return booking


def message_kinds(messages) -> Counter:
    """How many times each reminder was delivered, keyed by (reminder id, kind)."""
    found = Counter()
    for message in messages:
        pk = int(str(message["Message-ID"]).split(".")[1])
        found[(pk, Reminder.objects.get(pk=pk).kind)] += 1
    return found


# In-process worker on the configured broker (the embedded one by default).


@pytest.mark.django_db(transaction=True)
def test_worker_delivers_the_confirmation_with_a_valid_invitation(studio, smtp_sink, celery_worker):
    TipFactory(title="Solid colours")
    booking = book_in_transaction(days_ahead=20, client__email="ada@example.com")
    (message,) = smtp_sink.wait_for(1, timeout=30)
    assert message["To"].addresses[0].addr_spec == "ada@example.com"
    assert message["Subject"].startswith("Booked:")
    (part,) = [p for p in message.walk() if p.get_content_type() == "text/calendar"]
    calendar = Calendar.from_ical(part.get_content())
    assert calendar["METHOD"] == "REQUEST"
    (event,) = calendar.walk("VEVENT")
    assert str(event["UID"]) == uid_for(booking)
    start = event.decoded("DTSTART")
    assert str(start.tzinfo) == "Europe/London"
    assert start == booking.start
    # The message reaches the sink a moment before the worker records it as sent.
    row = Reminder.objects.get(booking=booking, kind=Kind.CONFIRMATION)
    wait_until(
        lambda: Reminder.objects.filter(pk=row.pk, state=State.SENT).exists(),
        timeout=30,
        message="the confirmation was delivered but never recorded as sent",
    )
    row.refresh_from_db()
    assert row.attempts == 1
    wait_for_tasks(tasks.send_due_reminders.delay())  # nothing else is due: nothing else goes
    assert len(smtp_sink.messages) == 1


@pytest.mark.django_db(transaction=True)
def test_beat_sweep_task_sends_what_a_lost_kick_left_behind(
    studio, smtp_sink, celery_worker, monkeypatch
):
    monkeypatch.setattr(kicks, "enqueue", lambda ids: False)  # the kick is lost
    book_in_transaction(days_ahead=5)  # confirmation and preparation due now
    drain()  # the worker has run everything queued so far
    assert smtp_sink.messages == []
    tasks.send_due_reminders.delay()  # what beat does every minute
    messages = smtp_sink.wait_for(2, timeout=30)
    assert sorted(kind for _pk, kind in message_kinds(messages)) == [
        Kind.CONFIRMATION,
        Kind.PREPARATION,
    ]


def test_beat_runs_the_sweep_every_minute():
    entry = django_settings.CELERY_BEAT_SCHEDULE["send-due-reminders"]
    assert entry["task"] == tasks.send_due_reminders.name == "bookings.tasks.send_due_reminders"
    assert entry["schedule"] == 60.0
    assert tasks.kick.name == "bookings.tasks.kick"
    assert app.conf.task_acks_late and app.conf.task_reject_on_worker_lost


def test_the_outbox_sends_the_kick_by_name_and_never_imports_the_tasks():
    assert tasks.kick.name == kicks.TASK
    for path in Path(kicks.__file__).parent.glob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom):
                names = [node.module or "", *(alias.name for alias in node.names)]
            elif isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            else:
                continue
            assert "tasks" not in {name.rsplit(".", 1)[-1] for name in names}, path.name


@pytest.mark.django_db
def test_sweep_with_a_backlog_starts_a_helper_sweep(studio, monkeypatch):
    studio.alert_digest = False  # the day's digest would be one more row due
    studio.save()
    monkeypatch.setattr(tasks, "SWEEP_LIMIT", 1)
    started = []
    monkeypatch.setattr(
        tasks.send_due_reminders, "apply_async", lambda **options: started.append(options)
    )
    book_in_transaction(days_ahead=5)
    assert tasks.send_due_reminders() == 1  # two due, one sent, a helper asked for
    assert started == [{}]
    assert tasks.send_due_reminders() == 1
    assert started == [{}]  # nothing left: no helper


@pytest.mark.django_db
def test_command_sends_what_is_due(studio, smtp_sink, monkeypatch, capsys):
    monkeypatch.setattr(kicks, "enqueue", lambda ids: False)
    book_in_transaction(days_ahead=5)
    call_command("send_due_reminders")
    assert "Sent 2 message(s); 0 still due." in capsys.readouterr().out
    assert len(smtp_sink.messages) == 2
    call_command("send_due_reminders")
    assert "Sent 0 message(s)" in capsys.readouterr().out


@pytest.mark.django_db
def test_kick_task_takes_ids_and_sends_only_those(studio, smtp_sink, monkeypatch):
    monkeypatch.setattr(kicks, "enqueue", lambda ids: False)
    first = book_in_transaction(days_ahead=20)
    book_in_transaction(days_ahead=21)
    row = Reminder.objects.get(booking=first, kind=Kind.CONFIRMATION)
    assert tasks.kick.run([row.pk]) == 1
    assert tasks.kick.run([row.pk]) == 0  # idempotent: already sent
    assert len(smtp_sink.messages) == 1


# A broker that is down: the booking stands, nothing hangs, the sweep catches up.


@pytest.fixture
def private_redis(tmp_path):
    if RedisServer.binary is None:
        pytest.skip("redis-server is not installed")
    server = RedisServer(tmp_path / "redis")
    yield server
    server.stop()


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_enqueue_to_a_dead_broker_is_fast_logged_and_paused(studio, caplog):
    dead = f"redis://127.0.0.1:{free_port()}/0"
    with use_broker(app, dead, django_settings.CELERY_BROKER_TRANSPORT_OPTIONS):
        began = time.monotonic()
        with caplog.at_level(logging.WARNING, logger="bookings.reminders.kicks"):
            booking = book_in_transaction(days_ahead=20)
            first = time.monotonic() - began
            began = time.monotonic()
            book_in_transaction(days_ahead=21)
            second = time.monotonic() - began
    assert Booking.objects.filter(pk=booking.pk).exists()
    assert Reminder.objects.get(booking=booking, kind=Kind.CONFIRMATION).state == State.PENDING
    assert [r.msg for r in caplog.records] == [
        "reminder.enqueue_failed",
        "reminder.enqueue_skipped_broker_down",
    ]
    assert first < 5, f"the request waited {first:.1f} s on a dead broker"
    assert second < 0.5, "after a failure the broker is left alone for a while"


@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_redis_down_while_booking_then_back_delivers_everything_once(
    studio, smtp_sink, private_redis, celery_isolation, caplog
):
    private_redis.start()
    with use_broker(app, private_redis.url, django_settings.CELERY_BROKER_TRANSPORT_OPTIONS):
        private_redis.stop()  # Redis goes down just before the client books
        began = time.monotonic()
        with caplog.at_level(logging.WARNING, logger="bookings.reminders.kicks"):
            booking = book_in_transaction(days_ahead=5)  # confirmation + preparation now
        assert time.monotonic() - began < 5
        assert "reminder.enqueue_failed" in caplog.text
        assert Booking.objects.filter(pk=booking.pk).exists()  # the booking stands
        assert smtp_sink.messages == []

        private_redis.start()  # Redis is back
        with (
            closing_worker_db_connections(),
            start_worker(
                app,
                pool="solo",
                perform_ping_check=False,
                queues=all_queues(app),
                shutdown_timeout=10,
            ),
        ):
            sweep = tasks.send_due_reminders.delay()  # the next beat tick
            messages = smtp_sink.wait_for(2, timeout=30)
            wait_for_tasks(sweep)
            drain()  # and anything it queued
    delivered = message_kinds(smtp_sink.messages)
    assert sorted(kind for _pk, kind in delivered) == [Kind.CONFIRMATION, Kind.PREPARATION]
    assert set(delivered.values()) == {1}, delivered
    assert len(messages) == 2


# A worker killed with SIGKILL in the middle of a batch.


@pytest.mark.postgres
@pytest.mark.redis
@pytest.mark.django_db(transaction=True)
def test_worker_killed_mid_batch_loses_nothing(
    studio, smtp_sink, private_redis, tmp_path, record_property, monkeypatch
):
    total = 150
    monkeypatch.setattr(kicks, "enqueue", lambda ids: False)  # only sweeps send here
    for _ in range(total):
        book_in_transaction(days_ahead=20)
    Reminder.objects.exclude(kind=Kind.CONFIRMATION).update(state=State.SKIPPED)
    # A slowish server; the 40th message hangs for 3 s after its DATA, and the worker is
    # killed while it waits for the server's answer: the worst moment, a message on the wire.
    on_the_wire = 40
    smtp_sink.stall = [0.02] * (on_the_wire - 1) + [3.0] + [0.02] * (total * 2)

    db = connection.settings_dict
    private_redis.start()
    queue = "studio-kill-test"
    env = {
        "DATABASE_URL": f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{db['NAME']}",
        "CELERY_BROKER_URL": private_redis.url,
        "EMAIL_URL": f"smtp://127.0.0.1:{smtp_sink.port}",
        "STUDIO_REMINDER_CLAIM_TIMEOUT": "3",
        "CONN_MAX_AGE": "0",
    }
    with use_broker(app, private_redis.url, django_settings.CELERY_BROKER_TRANSPORT_OPTIONS):
        worker = WorkerProcess(env=env, queue=queue, log_path=tmp_path / "worker.log").start()
        try:
            tasks.send_due_reminders.apply_async(queue=queue)
            # The next message is on the wire, its answer not yet given.
            wait_until(lambda: smtp_sink.data_started >= on_the_wire, timeout=60)
            worker.kill(signal.SIGKILL)
            at_kill = len(smtp_sink.messages)
            stuck = Reminder.objects.filter(state=State.SENDING).count()
            assert 0 < at_kill < total
            worker = WorkerProcess(env=env, queue=queue, log_path=tmp_path / "worker.log").start()

            def all_sent():
                tasks.send_due_reminders.apply_async(queue=queue)  # beat, every "minute"
                return not Reminder.objects.exclude(state__in=[State.SENT, State.SKIPPED]).exists()

            wait_until(all_sent, timeout=120, interval=2)
        finally:
            worker.stop()
    wait_until(smtp_sink.idle, timeout=10)  # the message held on the wire has landed or gone
    counts = Counter(str(message["Message-ID"]) for message in smtp_sink.messages)
    duplicates = sum(count - 1 for count in counts.values())
    record_property("sigkill_duplicates", duplicates)
    print(
        f"\nSIGKILL mid-batch: {at_kill} delivered before the kill, {stuck} rows left in "
        f"'sending', {len(counts)} of {total} delivered after restart, {duplicates} duplicate(s)"
    )
    assert len(counts) == total  # none lost
    assert Reminder.objects.filter(kind=Kind.CONFIRMATION, state=State.SENT).count() == total
    assert duplicates <= 1  # at most the message that was on the wire
