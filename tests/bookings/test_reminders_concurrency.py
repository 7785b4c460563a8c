"""Claims on real PostgreSQL: concurrent senders never share a row; a claim reads the index."""

import threading
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from bookings.models import Reminder
from bookings.reminders import send_due
from bookings.reminders.schedule import Rules
from bookings.reminders.sending import _claim
from studio.models import StudioProfile
from tests.factories import BookingFactory, ReminderFactory, StudioProfileFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SENDERS = 4
ROWS = 200


def test_concurrent_senders_send_every_row_exactly_once(smtp_sink, monkeypatch):
    monkeypatch.setattr("bookings.reminders.kicks.enqueue", lambda ids: None)
    StudioProfileFactory(time_zone="Europe/London")
    start = datetime.now(UTC).replace(minute=0, second=0, microsecond=0) + timedelta(days=30)
    rows = [
        ReminderFactory(
            booking=BookingFactory(
                start=start + timedelta(hours=index),
                end=start + timedelta(hours=index, minutes=30),
            ),
            kind=Reminder.Kind.CONFIRMATION,
            due_at=datetime.now(UTC) - timedelta(minutes=1),
        )
        for index in range(ROWS)
    ]
    barrier = threading.Barrier(SENDERS)
    results, errors = [], []

    def sender():
        try:
            barrier.wait()
            results.append(send_due(limit=ROWS))
        except Exception as exc:  # noqa: BLE001 - reported below
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=sender) for _ in range(SENDERS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(120)
    assert errors == []
    delivered = Counter(str(message["Message-ID"]) for message in smtp_sink.messages)
    assert sum(results) == ROWS
    assert len(delivered) == ROWS and set(delivered.values()) == {1}
    assert len([count for count in results if count]) > 1, results  # they really shared it
    assert Reminder.objects.filter(pk__in=[row.pk for row in rows], state="sent").count() == ROWS


def test_a_claim_reads_its_rows_off_the_index_however_long_the_backlog():
    """Without (state, due_at, id) PostgreSQL sorted every due row for each claim of 25."""
    StudioProfileFactory(time_zone="Europe/London")
    booking = BookingFactory()
    due = datetime.now(UTC) - timedelta(minutes=1)
    Reminder.objects.bulk_create(
        Reminder(
            booking=booking, kind=Reminder.Kind.CONFIRMATION, booking_version=version, due_at=due
        )
        for version in range(3000)
    )
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE bookings_reminder")
    with CaptureQueriesContext(connection) as captured:
        claimed = _claim(datetime.now(UTC), 25, None, Rules.from_studio(StudioProfile.load()))
    assert len(claimed) == 25
    (lock,) = [q["sql"] for q in captured.captured_queries if "SKIP LOCKED" in q["sql"]]
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN {lock}")
        plan = "\n".join(row[0] for row in cursor.fetchall())
    assert "reminder_state_due_id_idx" in plan and "Sort" not in plan, plan
