"""Celery tasks: thin adapters that take ids, never model instances, and call a service.

The reminder tasks are idempotent (rows are claimed before sending), so `task_acks_late`
and redelivery after a lost worker cannot send a message twice. Enqueueing never breaks
or stalls the caller: the broker has short timeouts, a failed enqueue is logged, and
the every-minute sweep sends whatever a lost kick would have.
"""

import logging
import time

from celery import shared_task

from . import drafts, reminders

log = logging.getLogger(__name__)

SWEEP_LIMIT = 500
# After a failed enqueue, skip the broker for a while rather than make every request wait.
BROKER_PAUSE_SECONDS = 30.0
_broker_down_until = 0.0


@shared_task(name="bookings.tasks.send_due_reminders", bind=True)
def send_due_reminders(self) -> int:
    """The beat sweep (every minute): send what is due; with a backlog, start a helper sweep.

    Safe to overlap with other sweeps (rows are claimed). The helper goes to the queue this
    sweep came from, so a backlog is shared by every worker process listening there.
    """
    if reminders.due_count() > SWEEP_LIMIT:
        queue = (self.request.delivery_info or {}).get("routing_key")
        send_due_reminders.apply_async(**({"queue": queue} if queue else {}))
    return reminders.send_due(limit=SWEEP_LIMIT)


@shared_task(name="bookings.tasks.kick")
def kick(reminder_ids: list[int]) -> int:
    """Send these reminders now if they are due and unclaimed (enqueued on commit)."""
    return reminders.send_due(ids=list(reminder_ids), limit=len(reminder_ids))


@shared_task(name="bookings.tasks.sweep_draft_images")
def sweep_draft_images() -> int:
    """The hourly beat sweep: delete images parked by abandoned drafts. Idempotent."""
    return drafts.sweep_stale()


def enqueue_kick(reminder_ids: list[int]) -> bool:
    """Ask a worker to send these rows now; False (logged) when the broker is unreachable."""
    global _broker_down_until
    if time.monotonic() < _broker_down_until:
        log.warning("reminder.enqueue_skipped_broker_down", extra={"count": len(reminder_ids)})
        return False
    try:
        kick.apply_async(args=[list(reminder_ids)], retry=False)
    except Exception as exc:  # noqa: BLE001 - the rows are safe in the outbox
        _broker_down_until = time.monotonic() + BROKER_PAUSE_SECONDS
        # The rows are in the outbox: the every-minute sweep sends them.
        log.warning(
            "reminder.enqueue_failed",
            extra={"count": len(reminder_ids), "error": type(exc).__name__},
            exc_info=True,
        )
        return False
    return True
