"""Several senders at once never send the same row (real row locks: PostgreSQL)."""

import threading
from collections import Counter
from datetime import UTC, datetime, timedelta

import pytest
from django.db import connection

from bookings.models import Reminder
from bookings.reminders import send_due
from tests.factories import BookingFactory, ReminderFactory, StudioProfileFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

SENDERS = 4
ROWS = 200


def test_concurrent_senders_send_every_row_exactly_once(smtp_sink, monkeypatch):
    monkeypatch.setattr("bookings.tasks.enqueue_kick", lambda ids: None)
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
