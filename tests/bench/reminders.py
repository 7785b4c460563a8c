"""5,000 due reminders through a real Celery worker and Redis to a local SMTP sink,
beside plain smtplib sending the same rendered messages to the same sink."""

import json
import os
import secrets
import signal
import smtplib
import subprocess
import sys
import threading
import time
from collections import Counter
from datetime import UTC, datetime, timedelta

from aiosmtpd.controller import Controller
from bookings.emails import build_message
from bookings.tasks import send_due_reminders
from django.utils import timezone

from bookings.models import Booking, Client, Reminder
from studio.celery import app

from . import harness
from .setup import session_type

COUNT = 5000
WORKER_CONCURRENCY = 2


class Sink:
    def __init__(self):
        self.ids = Counter()
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd hook
        message_id = b""
        for line in envelope.content.split(b"\r\n"):
            if line.lower().startswith(b"message-id:"):
                message_id = line.split(b":", 1)[1].strip()
                break
            if not line:
                break
        with self.lock:
            self.ids[message_id] += 1
        return "250 OK"

    def total(self) -> int:
        with self.lock:
            return sum(self.ids.values())

    def reset(self):
        with self.lock:
            self.ids.clear()


def make_due_reminders() -> list[Reminder]:
    session = session_type()
    person, _ = Client.objects.get_or_create(
        email="bench-mail@example.com", defaults={"name": "Bench Client"}
    )
    first = datetime(timezone.now().year + 2, 1, 1, tzinfo=UTC)
    bookings = [
        Booking(
            reference=f"RM-{n:06d}",
            manage_token=secrets.token_urlsafe(24),
            client=person,
            session_type=session,
            start=first + timedelta(minutes=8 * n),
            end=first + timedelta(minutes=8 * n + 5),
            blocked_start=first + timedelta(minutes=8 * n),
            blocked_end=first + timedelta(minutes=8 * n + 5),
            price=session.price,
            deposit=session.deposit,
            change_notice_hours=48,
        )
        for n in range(COUNT)
    ]
    Booking.objects.bulk_create(bookings, batch_size=1000)
    now = timezone.now() - timedelta(seconds=5)
    stored = Booking.objects.filter(reference__startswith="RM-")
    Reminder.objects.bulk_create(
        [Reminder(booking=b, kind=Reminder.Kind.CONFIRMATION, due_at=now) for b in stored],
        batch_size=1000,
    )
    return list(
        Reminder.objects.filter(booking__reference__startswith="RM-").select_related(
            "booking__client", "booking__session_type"
        )
    )


def smtplib_baseline(port: int, reminders: list[Reminder], sink: Sink) -> float:
    messages = [
        (
            m.from_email,
            m.recipients(),
            m.message().as_bytes(),
        )
        for m in (
            build_message(r.kind, r.booking, message_id=f"<baseline.{r.pk}@bench>")
            for r in reminders
        )
    ]
    started = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port) as smtp:
        for sender, recipients, body in messages:
            smtp.sendmail(sender, recipients, body)
    elapsed = time.perf_counter() - started
    assert sink.total() == len(messages)
    return len(messages) / elapsed


def start_worker(port: int) -> subprocess.Popen:
    env = {**os.environ, "EMAIL_URL": f"smtp://127.0.0.1:{port}", "EMAIL_TIMEOUT": "10"}
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "studio",
            "worker",
            "--loglevel=WARNING",
            f"--concurrency={WORKER_CONCURRENCY}",
            "--without-gossip",
            "--without-mingle",
        ],
        cwd=harness.ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if app.control.ping(timeout=1):
            return process
    process.kill()
    raise SystemExit("bench: the Celery worker did not start")


def main() -> None:
    sink = Sink()
    controller = Controller(sink, hostname="127.0.0.1", port=harness.free_port())
    controller.start()
    reminders = make_due_reminders()
    baseline = smtplib_baseline(controller.port, reminders, sink)
    sink.reset()

    worker = start_worker(controller.port)
    try:
        started = time.perf_counter()
        for _ in range(WORKER_CONCURRENCY):
            send_due_reminders.delay()
        deadline = time.monotonic() + 600
        while sink.total() < COUNT and time.monotonic() < deadline:
            time.sleep(0.05)
        elapsed = time.perf_counter() - started
        time.sleep(3)  # anything sent twice arrives now
    finally:
        worker.send_signal(signal.SIGTERM)
        worker.wait(timeout=60)
        controller.stop()
    delivered = sink.total()
    unique = len(sink.ids)
    duplicates = delivered - unique
    rate = unique / elapsed
    sent_rows = Reminder.objects.filter(
        booking__reference__startswith="RM-", state=Reminder.State.SENT
    ).count()
    Booking.objects.filter(reference__startswith="RM-").delete()
    ratio = rate / baseline
    row = {
        "section": "reminders (worker + Redis -> SMTP sink)",
        "measure": f"{COUNT} due confirmations, {WORKER_CONCURRENCY} worker processes",
        "value": f"{rate:.0f} msg/s vs smtplib {baseline:.0f} msg/s ({ratio:.2f}x); "
        f"delivered {unique}/{COUNT}, rows sent {sent_rows}, duplicates {duplicates}",
        "ratio": round(ratio, 2),
        "target": ">= 0.5x smtplib, none lost, 0 duplicates",
        "ok": ratio >= 0.5 and unique == COUNT and duplicates == 0 and sent_rows == COUNT,
    }
    print(json.dumps({"rows": [row]}))
