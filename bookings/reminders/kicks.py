"""Asking a worker to send outbox rows now rather than at the next sweep.

The kick task is sent by its registered name, so the outbox never imports the task
module (which imports the outbox). Enqueueing never breaks or stalls the caller: the
broker has short timeouts, a failed enqueue is logged, and the every-minute sweep sends
whatever a lost kick would have.
"""

import logging
import time
from functools import partial

from celery import current_app
from django.db import transaction

log = logging.getLogger(__name__)

TASK = "bookings.tasks.kick"
# After a failed enqueue, skip the broker for a while rather than make every request wait.
BROKER_PAUSE_SECONDS = 30.0
_broker_down_until = 0.0


def after_commit(reminder_ids: list[int]) -> None:
    """Kick the sender for these rows once the current transaction commits."""
    transaction.on_commit(partial(enqueue, list(reminder_ids)))


def enqueue(reminder_ids: list[int]) -> bool:
    """Ask a worker to send these rows now; False (logged) when the broker is unreachable."""
    global _broker_down_until
    if time.monotonic() < _broker_down_until:
        log.warning("reminder.enqueue_skipped_broker_down", extra={"count": len(reminder_ids)})
        return False
    try:
        current_app.send_task(TASK, args=[list(reminder_ids)], retry=False)
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
