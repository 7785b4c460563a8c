"""Background work on separate queues with time limits that match each task (issue 25)."""

import re
from pathlib import Path

from django.conf import settings

from studio.celery import app

ROOT = Path(__file__).resolve().parent.parent
OUR_APPS = ("bookings.", "payments.", "calendars.", "studio.", "guides.")


def our_tasks() -> dict:
    app.loader.import_default_modules()
    return {name: task for name, task in app.tasks.items() if name.startswith(OUR_APPS)}


def test_every_task_of_the_app_has_a_queue_of_its_own_kind():
    tasks = our_tasks()
    assert set(tasks) == set(settings.CELERY_TASK_ROUTES)
    for name, route in settings.CELERY_TASK_ROUTES.items():
        assert route["queue"] in settings.STUDIO_QUEUES, name
    queue_of = {name: route["queue"] for name, route in settings.CELERY_TASK_ROUTES.items()}
    assert queue_of["bookings.tasks.send_due_reminders"] == "reminders"
    assert queue_of["bookings.tasks.kick"] == "reminders"
    assert queue_of["payments.tasks.sweep_deposits"] == "sweeps"
    assert queue_of["calendars.tasks.sync_calendar"] == "calendars"
    assert queue_of["calendars.tasks.sync_calendars"] == "calendars"


def test_every_task_has_a_hard_time_limit_after_its_soft_one():
    for name, task in our_tasks().items():
        assert task.time_limit and task.soft_time_limit, name
        assert task.soft_time_limit < task.time_limit, name


def test_a_calendar_read_may_run_its_whole_fetch_and_file_budget_and_no_more():
    read = our_tasks()["calendars.tasks.sync_calendar"]
    needed = settings.CALENDAR_FETCH_TIMEOUT + settings.CALENDAR_READ_CPU_SECONDS
    assert needed < read.soft_time_limit <= 120
    # A read claimed longer ago than its hard limit was lost with its worker.
    from calendars.services import CLAIM_SECONDS

    assert CLAIM_SECONDS > read.time_limit


def test_a_claimed_reminder_outlives_its_sender():
    for name in ("bookings.tasks.send_due_reminders", "bookings.tasks.kick"):
        assert settings.STUDIO_REMINDER_CLAIM_TIMEOUT > our_tasks()[name].time_limit


def test_the_procfile_starts_a_worker_for_every_queue():
    consumed = set()
    for line in (ROOT / "Procfile").read_text().splitlines():
        found = re.search(r"celery -A studio worker -Q (\S+)", line)
        if found:
            consumed.update(found.group(1).split(","))
    assert consumed == set(settings.STUDIO_QUEUES)
