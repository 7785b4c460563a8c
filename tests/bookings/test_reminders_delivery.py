"""Sending through a real SMTP server that misbehaves: retries, backoff, failures, no blocking."""

import socket
import threading
import time
from datetime import UTC, datetime, timedelta

import pytest

from bookings.models import Reminder
from bookings.reminders import plan_reminders, send_due
from bookings.reminders import sending as sending_module
from tests.factories import BookingFactory, StudioProfileFactory
from tests.loopback import free_port

pytestmark = pytest.mark.django_db

State = Reminder.State
Kind = Reminder.Kind
NOW = datetime(2027, 6, 1, 9, 0, tzinfo=UTC)  # 10:00 in London
START = NOW + timedelta(days=20)


@pytest.fixture(autouse=True)
def setup(time_machine, monkeypatch):
    StudioProfileFactory(time_zone="Europe/London")
    time_machine.move_to(NOW, tick=False)
    monkeypatch.setattr("bookings.reminders.kicks.enqueue", lambda ids: None)


def confirmations(count: int) -> list[Reminder]:
    """`count` bookings, each with a confirmation due now (the other reminders skipped)."""
    rows = []
    for index in range(count):
        booking = BookingFactory(
            start=START + timedelta(hours=index),
            end=START + timedelta(hours=index, minutes=45),
            client__email=f"client{index}@example.com",
        )
        plan_reminders(booking)
        rows.append(Reminder.objects.get(booking=booking, kind=Kind.CONFIRMATION))
    Reminder.objects.exclude(kind=Kind.CONFIRMATION).update(state=State.SKIPPED)
    return rows


def fresh(row: Reminder) -> Reminder:
    return Reminder.objects.get(pk=row.pk)


def recipients(sink) -> list[str]:
    return [str(message["To"]).split("<")[-1].rstrip(">") for message in sink.messages]


@pytest.fixture
def silent_server(settings):
    """A TCP server that accepts connections and never says a word (an SMTP that hangs)."""
    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen(16)
    accepted = []
    stop = threading.Event()

    def accept():
        server.settimeout(0.2)
        while not stop.is_set():
            try:
                accepted.append(server.accept()[0])
            except TimeoutError:
                continue
            except OSError:
                return

    thread = threading.Thread(target=accept, daemon=True)
    thread.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = server.getsockname()[1]
    settings.EMAIL_TIMEOUT = 1
    yield server
    stop.set()
    thread.join(2)
    for conn in accepted:
        conn.close()
    server.close()


def test_all_go_through_a_healthy_server(smtp_sink):
    rows = confirmations(3)
    assert send_due() == 3
    assert sorted(recipients(smtp_sink)) == [f"client{i}@example.com" for i in range(3)]
    assert {fresh(row).state for row in rows} == {State.SENT}


def test_temporary_refusal_retries_that_message_and_sends_the_others(smtp_sink):
    rows = confirmations(4)
    smtp_sink.replies = ["451 4.3.0 Mailbox busy, try again later"]
    assert send_due() == 3
    first = fresh(rows[0])
    assert first.state == State.PENDING
    assert first.attempts == 1
    assert first.due_at == NOW + timedelta(minutes=1)
    assert "451" in first.last_error and "try again later" in first.last_error
    assert sorted(recipients(smtp_sink)) == [f"client{i}@example.com" for i in (1, 2, 3)]


def test_permanent_refusal_fails_at_once_and_blocks_nothing(smtp_sink):
    rows = confirmations(3)
    smtp_sink.refused = {"client1@example.com"}
    assert send_due() == 2
    failed = fresh(rows[1])
    assert failed.state == State.FAILED
    assert failed.attempts == 1
    assert "550" in failed.last_error and "client1@example.com" in failed.last_error
    assert fresh(rows[0]).state == fresh(rows[2]).state == State.SENT


def test_permanent_data_rejection_is_not_retried(smtp_sink):
    rows = confirmations(1)
    smtp_sink.replies = ["554 5.7.1 Message rejected as spam"]
    assert send_due() == 0
    assert fresh(rows[0]).state == State.FAILED
    assert "554" in fresh(rows[0]).last_error


def test_header_django_refuses_is_a_permanent_failure(smtp_sink):
    rows = confirmations(2)
    client = rows[0].booking.client
    client.email = "ada@example.com\nBcc: victim@example.com"  # slipped past a form
    client.save()
    assert send_due() == 1
    row = fresh(rows[0])
    assert row.state == State.FAILED and row.attempts == 1
    assert "victim" not in "".join(str(message) for message in smtp_sink.messages)


def test_refused_connection_backs_off_exponentially_then_fails(time_machine, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = free_port()  # nobody listens: connection refused
    (row,) = confirmations(1)
    moment = NOW
    delays = []
    for attempt in range(1, sending_module.MAX_ATTEMPTS + 1):
        assert send_due() == 0
        current = fresh(row)
        assert current.attempts == attempt
        assert "ConnectionRefused" in current.last_error
        if attempt < sending_module.MAX_ATTEMPTS:
            assert current.state == State.PENDING
            delays.append(current.due_at - moment)
            assert send_due() == 0  # not due again before its backoff
            moment = current.due_at
            time_machine.move_to(moment, tick=False)
    assert [delay.total_seconds() / 60 for delay in delays] == [1, 2, 4, 8, 16, 32, 60]
    final = fresh(row)
    assert final.state == State.FAILED
    assert final.last_error.startswith(f"Gave up after {sending_module.MAX_ATTEMPTS} tries")


def test_retry_after_a_temporary_failure_delivers_with_the_same_message_id(time_machine, smtp_sink):
    (row,) = confirmations(1)
    smtp_sink.replies = ["421 4.7.0 Too busy, closing"]
    send_due()
    first_id = fresh(row).message_id
    time_machine.move_to(NOW + timedelta(minutes=1), tick=False)
    assert send_due() == 1
    assert fresh(row).state == State.SENT and fresh(row).attempts == 2
    assert smtp_sink.messages[0]["Message-ID"] == first_id


def test_server_that_never_answers_times_out_fast_and_is_retried(silent_server):
    rows = confirmations(3)
    began = time.monotonic()
    assert send_due() == 0
    assert time.monotonic() - began < 5  # one connect timeout, not one per message
    for row in rows:
        current = fresh(row)
        assert current.state == State.PENDING and current.attempts == 1
        assert "timed out" in current.last_error.lower() or "Timeout" in current.last_error


def test_message_that_stalls_mid_send_does_not_hold_back_the_rest(smtp_sink, settings):
    settings.EMAIL_TIMEOUT = 1
    rows = confirmations(3)
    smtp_sink.stall = [3]  # the first DATA waits 3 s: longer than the timeout
    began = time.monotonic()
    assert send_due() == 2
    assert time.monotonic() - began < 6
    assert fresh(rows[0]).state == State.PENDING
    assert "timed out" in fresh(rows[0]).last_error.lower()
    assert fresh(rows[1]).state == fresh(rows[2]).state == State.SENT


def test_run_out_of_time_hands_claimed_rows_back_untried(smtp_sink, monkeypatch):
    rows = confirmations(3)
    clock = iter([0.0, 0.0, 0.0, 100.0, 100.0, 100.0, 100.0, 100.0])
    monkeypatch.setattr(sending_module, "monotonic", lambda: next(clock, 100.0))
    sent = send_due(budget=50)
    assert sent == 1
    states = [(fresh(row).state, fresh(row).attempts) for row in rows]
    assert states[0] == (State.SENT, 1)
    assert states[1:] == [(State.PENDING, 0), (State.PENDING, 0)]


def test_crash_after_delivery_before_bookkeeping_repeats_only_that_message(
    smtp_sink, time_machine, monkeypatch, settings
):
    """The one window a crash can cause a repeat: the server said 250, the row still says
    `sending`. Only that message goes twice, and with the same Message-ID."""
    settings.STUDIO_REMINDER_CLAIM_TIMEOUT = 600
    rows = confirmations(3)
    real_finish = sending_module._finish

    def killed_after_first_delivery(reminder, **changes):
        if changes.get("state") == State.SENT:
            raise SystemExit("worker killed")
        return real_finish(reminder, **changes)

    monkeypatch.setattr(sending_module, "_finish", killed_after_first_delivery)
    with pytest.raises(SystemExit):
        send_due()
    monkeypatch.setattr(sending_module, "_finish", real_finish)
    assert [fresh(row).state for row in rows] == [State.SENDING] * 3
    assert send_due() == 0  # a live claim is left alone
    time_machine.move_to(NOW + timedelta(minutes=11), tick=False)
    assert send_due() == 3
    ids = [str(message["Message-ID"]) for message in smtp_sink.messages]
    assert len(ids) == 4 and len(set(ids)) == 3
    assert ids[0] == ids[1] == fresh(rows[0]).message_id
