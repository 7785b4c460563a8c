"""Celery tasks: thin adapters over calendars.services (ids in, never instances).

They run on the `calendars` queue (CELERY_TASK_ROUTES), away from the reminder sender,
and each read is its own task with its own time limit (CELERY_TASK_ANNOTATIONS): a
calendar that hangs or crashes costs one read of one calendar, never the others or the
emails.
"""

from celery import current_app, shared_task

from . import kicks, services


@shared_task(name="calendars.tasks.sync_calendars")
def sync_calendars() -> int:
    """The beat task: ask for one read of each connected calendar. Reads nothing itself."""
    ids = services.calendar_ids()
    for calendar_id in ids:
        current_app.send_task(kicks.TASK, args=[calendar_id])
    return len(ids)


@shared_task(name=kicks.TASK)
def sync_calendar(calendar_id: int) -> str:
    """Read one calendar. Skips if a read of it is already running; never raises."""
    return services.sync_calendar(calendar_id=calendar_id).outcome
