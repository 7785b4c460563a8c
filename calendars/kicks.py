"""Asking a worker to read one calendar now ("refresh now", a newly connected calendar).

Sent by task name and never raising: with the broker down the photographer is told, and
the periodic read catches up.
"""

import logging

from celery import current_app

log = logging.getLogger("calendars")

TASK = "calendars.tasks.sync_calendar"


def request_refresh(calendar_id: int) -> bool:
    """Enqueue a read of this calendar; False (logged) when the broker is unreachable."""
    try:
        current_app.send_task(TASK, args=[calendar_id], retry=False)
    except Exception as exc:  # noqa: BLE001 - the periodic read reads it anyway
        log.warning("calendar.refresh_enqueue_failed: %s", type(exc).__name__, exc_info=True)
        return False
    return True
