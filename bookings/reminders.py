"""The reminder outbox (the emails issue fills this in).

Contract: the booking services call `plan_reminders(booking)` inside their
transaction after every write (book, reschedule, cancel, status change). It brings
the booking's Reminder rows in line with the booking as it is now and arranges,
on commit, for anything due at once to be sent. With notify=False (the studio
cancels or moves a booking without telling the client) no message about that
change is planned.
"""

from datetime import datetime

from .models import Booking


def plan_reminders(booking: Booking, *, notify: bool = True, now: datetime | None = None) -> None:
    """Plan the booking's messages. Nothing is planned until the outbox exists."""
