"""Celery tasks: thin adapters that take ids, never model instances, and call a service.

The reminder tasks are idempotent (rows are claimed before sending), so `task_acks_late`
and redelivery after a lost worker cannot send a message twice. The outbox enqueues
`kick` by its name (`reminders.kicks`): this module imports the outbox, never the other
way.
"""

from celery import shared_task

from . import drafts, reminders
from .reminders import kicks

SWEEP_LIMIT = 500


@shared_task(name="bookings.tasks.send_due_reminders", bind=True)
def send_due_reminders(self) -> int:
    """The beat sweep (every minute): send what is due; with a backlog, start a helper sweep.

    Safe to overlap with other sweeps (rows are claimed). The helper goes to the queue this
    sweep came from, so a backlog is shared by every worker process listening there. Plans
    the studio's digest first once its time has come (idempotent).
    """
    reminders.plan_digest()
    if reminders.due_count() > SWEEP_LIMIT:
        queue = (self.request.delivery_info or {}).get("routing_key")
        send_due_reminders.apply_async(**({"queue": queue} if queue else {}))
    return reminders.send_due(limit=SWEEP_LIMIT)


@shared_task(name=kicks.TASK)
def kick(reminder_ids: list[int]) -> int:
    """Send these reminders now if they are due and unclaimed (enqueued on commit)."""
    return reminders.send_due(ids=list(reminder_ids), limit=len(reminder_ids))


@shared_task(name="bookings.tasks.sweep_draft_images")
def sweep_draft_images() -> int:
    """The hourly beat sweep: delete images parked by abandoned drafts. Idempotent."""
    return drafts.sweep_stale()
