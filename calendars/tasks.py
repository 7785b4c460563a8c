"""Celery tasks: thin adapters over calendars.services (ids in, never instances)."""

from celery import shared_task

from . import services


@shared_task(name="calendars.tasks.sync_calendars")
def sync_calendars() -> int:
    """The beat task: read every connected calendar once. Never raises for a bad feed."""
    return sum(result.outcome != "failed" for result in services.sync_all())


@shared_task(name="calendars.tasks.sync_calendar")
def sync_calendar(calendar_id: int) -> str:
    """ "Refresh now": read one calendar. Skips if a read of it is already running."""
    return services.sync_calendar(calendar_id=calendar_id).outcome
