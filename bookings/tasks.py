"""Celery tasks: thin adapters that take ids, never model instances, and call the outbox.

Both tasks are idempotent (rows are claimed before sending), so `task_acks_late` and
redelivery after a lost worker cannot send a message twice. Enqueueing never breaks
or stalls the caller: the broker has short timeouts, a failed enqueue is logged, and
the every-minute sweep sends whatever a lost kick would have.
"""

import logging
import time

from celery import shared_task

from . import reminders

log = logging.getLogger(__name__)

SWEEP_LIMIT = 500
# After a failed enqueue, skip the broker for a while rather than make every request wait.
BROKER_PAUSE_SECONDS = 30.0
_broker_down_until = 0.0


@shared_task(name="bookings.tasks.send_due_reminders")
def send_due_reminders() -> int:
    """The beat sweep (every minute): send what is due; with a backlog, start a helper sweep."""
    if reminders.due_count() > SWEEP_LIMIT:
        send_due_reminders.apply_async()
    return reminders.send_due(limit=SWEEP_LIMIT)


@shared_task(name="bookings.tasks.kick")
def kick(reminder_ids: list[int]) -> int:
    """Send these reminders now if they are due and unclaimed (enqueued on commit)."""
    return reminders.send_due(ids=list(reminder_ids), limit=len(reminder_ids))


def enqueue_kick(reminder_ids: list[int]) -> bool:
    """Ask a worker to send these rows now; False (logged) when the broker is unreachable."""
    global _broker_down_until
    if time.monotonic() < _broker_down_until:
        log.warning("Broker down moments ago; reminders %s wait for the sweep", reminder_ids)
        return False
    try:
        kick.apply_async(args=[list(reminder_ids)], retry=False)
    except Exception:  # noqa: BLE001 - the rows are safe in the outbox; the sweep sends them
        _broker_down_until = time.monotonic() + BROKER_PAUSE_SECONDS
        log.warning(
            "Could not enqueue reminders %s; the every-minute sweep will send them",
            reminder_ids,
            exc_info=True,
        )
        return False
    return True
