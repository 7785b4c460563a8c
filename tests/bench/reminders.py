"""Bench: 5,000 due reminders through a real worker and Redis to a local SMTP sink.

    python -m tests.bench.reminders [--count 5000] [--concurrency 2] [--calendars 3]

Creates a throw-away PostgreSQL database (tests.bench.harness), plans `count` due
reminders (confirmations with their .ics, preparation, wardrobe and day-before mails in
turn), starts an aiosmtpd sink in this process and `celery -A studio worker` in
another, enqueues the beat sweep once and measures until every row is sent. Then it
sends the very same rendered messages with plain smtplib over one connection to the
same sink: the ratio is worker / smtplib (target: at least 0.5). It also times rendering
alone in one process, the ceiling per core that the baseline does not pay, and, for
scale only, the worker against a one-process loop that renders and sends each message.
Duplicates are counted by Message-ID (target: 0). Prints a table, then one JSON object
on the last line.

With --calendars N, a second worker consumes a calendars queue and reads N calendars of
2,000 events each (tests.bench.calendars) over and over, one read each at a time, for as
long as the reminders are being sent: the emails' own queue and worker must keep them
going (issue 25).
"""

import argparse
import json
import os
import smtplib
import sys
import threading
import time
from collections import Counter
from datetime import timedelta

from tests.bench import harness

QUEUE = f"bench-reminders-{os.getpid()}"
CALENDAR_QUEUE = f"bench-calendars-{os.getpid()}"


class Sink:
    def __init__(self):
        self.message_ids = []
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook
        content = envelope.original_content or envelope.content
        head = content.split(b"\r\n\r\n", 1)[0]
        for line in head.split(b"\r\n"):
            if line.lower().startswith(b"message-id:"):
                with self.lock:
                    self.message_ids.append(line.split(b":", 1)[1].strip().decode())
                break
        return "250 OK"

    def count(self) -> int:
        with self.lock:
            return len(self.message_ids)


def plan_rows(count: int) -> list[int]:
    from django.utils import timezone

    from bookings.models import Booking, Client, Reminder
    from studio.models import SessionType, StudioProfile

    studio = StudioProfile.load()
    studio.quiet_hours_start = studio.quiet_hours_end  # measure sending, not the clock
    studio.save()
    session_type = SessionType.objects.active().first()
    now = timezone.now()
    first = (now + timedelta(days=30)).replace(minute=0, second=0, microsecond=0)
    clients = Client.objects.bulk_create(
        Client(name=f"Bench Client {i}", email=f"bench{i}@example.com") for i in range(count)
    )
    bookings = Booking.objects.bulk_create(
        Booking(
            reference=f"BN-{i:06d}",
            manage_token=f"bench-token-{i:06d}-{os.getpid()}",
            client=client,
            session_type=session_type,
            start=first + timedelta(hours=i),
            end=first + timedelta(hours=i, minutes=session_type.duration_minutes),
            blocked_start=first + timedelta(hours=i),
            blocked_end=first + timedelta(hours=i, minutes=session_type.duration_minutes),
            price=session_type.price,
            deposit=session_type.deposit,
            change_notice_hours=48,
        )
        for i, client in enumerate(clients)
    )
    kinds = [
        Reminder.Kind.CONFIRMATION,
        Reminder.Kind.PREPARATION,
        Reminder.Kind.WARDROBE,
        Reminder.Kind.DAY_BEFORE,
    ]
    rows = Reminder.objects.bulk_create(
        Reminder(booking=booking, kind=kinds[i % len(kinds)], due_at=now - timedelta(minutes=1))
        for i, booking in enumerate(bookings)
    )
    return [row.pk for row in rows]


class CalendarLoad:
    """N calendars on a server on loopback, each read again as soon as its read ends."""

    def __init__(self, env, count: int, log_dir):
        from calendars.models import Calendar
        from tests.bench.calendars import calendar_file
        from tests.calendars.server import FeedServer
        from tests.celery_tools import WorkerProcess

        self.server = FeedServer().start()
        self.ids = []
        for index in range(count):
            self.server.static(f"/bench-{index}.ics", calendar_file(index), etag=None)
            calendar = Calendar.objects.create(
                name=f"Bench {index}", url=self.server.url(f"/bench-{index}.ics")
            )
            self.ids.append(calendar.pk)
        self.asked: dict[int, object] = {}
        self.reads = 0
        self.worker = WorkerProcess(
            env={**env, "CALENDAR_FETCH_ALLOW_PRIVATE": "True", "LOG_LEVEL": "WARNING"},
            queue=CALENDAR_QUEUE,
            log_path=log_dir / "bench-calendars-worker.log",
            concurrency=count,
        ).start()

    def keep_reading(self) -> None:
        from calendars.kicks import TASK
        from calendars.models import Calendar
        from studio.celery import app

        checked = dict(
            Calendar.objects.filter(pk__in=self.ids).values_list("pk", "last_checked_at")
        )
        for pk in self.ids:
            if pk in self.asked and checked[pk] == self.asked[pk]:
                continue  # its read has not finished yet
            if pk in self.asked:
                self.reads += 1
            self.asked[pk] = checked[pk]
            app.send_task(TASK, args=[pk], queue=CALENDAR_QUEUE)

    def stop(self) -> None:
        from studio.celery import app
        from tests.celery_tools import forget_queue

        self.worker.stop()
        self.server.stop()
        forget_queue(app, CALENDAR_QUEUE)


def through_worker(
    env, sink_port: int, count: int, concurrency: int, log_dir, calendars: int = 0
) -> dict:
    from bookings import tasks
    from bookings.models import Reminder
    from tests.celery_tools import WorkerProcess, wait_until

    worker_env = {**env, "EMAIL_URL": f"smtp://127.0.0.1:{sink_port}", "LOG_LEVEL": "WARNING"}
    worker = WorkerProcess(
        env=worker_env,
        queue=QUEUE,
        log_path=log_dir / "bench-worker.log",
        concurrency=concurrency,
    ).start()
    load = CalendarLoad(env, calendars, log_dir) if calendars else None
    try:
        if load:
            load.keep_reading()
            wait_until(lambda: load.server.requests, timeout=60, interval=0.1)
        began = time.perf_counter()
        tasks.send_due_reminders.apply_async(queue=QUEUE)
        last_beat = began

        def done():
            nonlocal last_beat
            if load:
                load.keep_reading()
            if time.perf_counter() - last_beat >= 60:  # beat's next tick
                tasks.send_due_reminders.apply_async(queue=QUEUE)
                last_beat = time.perf_counter()
            return not Reminder.objects.filter(state__in=["pending", "sending"]).exists()

        wait_until(done, timeout=900, interval=0.2)
        elapsed = time.perf_counter() - began
    finally:
        worker.stop()
        if load:
            load.stop()
        from studio.celery import app
        from tests.celery_tools import forget_queue

        forget_queue(app, QUEUE)  # leave nothing behind on the shared Redis
    sent = Reminder.objects.filter(state="sent").count()
    reads = load.reads if load else 0
    return {"seconds": elapsed, "sent": sent, "rate": sent / elapsed, "calendar_reads": reads}


def rendered_messages(ids: list[int]) -> list[tuple[str, list[str], bytes]]:
    from django.core.mail.message import sanitize_address

    from bookings.emails import Renderer
    from bookings.models import Reminder

    renderer = Renderer()
    messages = []
    rows = Reminder.objects.filter(pk__in=ids).select_related(
        "booking", "booking__client", "booking__session_type", "booking__intake"
    )
    for row in rows.iterator(chunk_size=500):
        message = renderer.message(row)
        messages.append(
            (
                sanitize_address(message.from_email, "utf-8"),
                [sanitize_address(address, "utf-8") for address in message.recipients()],
                message.message().as_bytes(linesep="\r\n"),
            )
        )
    return messages


def through_smtplib(messages, port: int) -> dict:
    began = time.perf_counter()
    with smtplib.SMTP("127.0.0.1", port, local_hostname="localhost") as smtp:
        for sender, recipients, data in messages:
            smtp.sendmail(sender, recipients, data)
    elapsed = time.perf_counter() - began
    return {"seconds": elapsed, "sent": len(messages), "rate": len(messages) / elapsed}


def run(count: int, concurrency: int, calendars: int = 0) -> dict:
    from pathlib import Path

    from aiosmtpd.controller import Controller

    log_dir = Path(harness.ROOT) / "bench-results"
    log_dir.mkdir(exist_ok=True)
    with harness.bench_database() as env:
        os.environ.update(env)
        import django

        django.setup()
        ids = plan_rows(count)
        sink = Sink()
        controller = Controller(sink, hostname="127.0.0.1", port=harness.free_port())
        controller.start()
        try:
            worker = through_worker(
                env, controller.port, count, concurrency, log_dir, calendars=calendars
            )
            worker_ids = list(sink.message_ids)
            began = time.perf_counter()
            messages = rendered_messages(ids)
            render_seconds = time.perf_counter() - began
            baseline = through_smtplib(messages, controller.port)
        finally:
            controller.stop()
    counts = Counter(worker_ids)
    return {
        "reminders": count,
        "worker_concurrency": concurrency,
        "worker_msgs_per_s": round(worker["rate"], 1),
        "worker_seconds": round(worker["seconds"], 2),
        "calendars_read_meanwhile": calendars,
        "calendar_reads_finished_meanwhile": worker["calendar_reads"],
        "smtplib_msgs_per_s": round(baseline["rate"], 1),
        "ratio_worker_to_smtplib": round(worker["rate"] / baseline["rate"], 3),
        # Rendering alone (templates, MIME, .ics), one process: the ceiling per core.
        "render_only_msgs_per_s_one_process": round(count / render_seconds, 1),
        # For scale, not the target: a plain loop in one process that renders each message
        # and sends it with smtplib, i.e. what the worker, Redis and the outbox cost.
        "ratio_worker_to_render_and_smtplib_loop": round(
            worker["rate"] * (render_seconds + baseline["seconds"]) / count, 3
        ),
        "delivered_unique": len(counts),
        "duplicates": sum(n - 1 for n in counts.values()),
        "lost": count - len(counts),
    }


def main(argv=None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--count", type=int, default=5000)
    parser.add_argument("--concurrency", type=int, default=2)
    parser.add_argument("--calendars", type=int, default=0)
    args = parser.parse_args(argv)
    harness.require(harness.port_open("127.0.0.1", 5432), "PostgreSQL on 127.0.0.1:5432")
    harness.require(harness.port_open("127.0.0.1", 6379), "Redis on 127.0.0.1:6379")
    result = run(args.count, args.concurrency, args.calendars)
    width = max(len(key) for key in result)
    for key, value in result.items():
        print(f"{key:<{width}}  {value}", file=sys.stderr)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
