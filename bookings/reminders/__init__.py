"""The reminder outbox: every message a booking triggers goes through these rows.

- `plan_reminders(booking)`: called by the booking services inside their transaction.
- `send_due()`: claims due rows and sends them (the beat task, the command, the kick).
- `resend(reminder=...)`: the dashboard's "send it again".
- `why_not_resend(reminder, ...)`: why "send it again" is refused; the one rule (in
  `current`) that the sender, `resend` and the dashboard share.
- `plan_new_booking(booking, alert=...)`: a new booking's rows and alert, in one INSERT.
- `plan_alert(booking, kind=...)`: a studio alert about what a client did (to the studio).
- `plan_notice(booking, kind=...)`: a client message no status change announces.
- `plan_digest()`: the studio's morning digest, planned by each sweep once it is time.

Each kind of message is described once, in `bookings.reminder_kinds`. The timing rules
live in `schedule` (pure), whether a message is still current in `current`, planning in
`planning`, delivery in `sending`, and the kick that
asks a worker to send at once in `kicks`.
"""

from .current import why_not_resend
from .digest import plan_digest
from .planning import (
    ReminderError,
    plan_alert,
    plan_change_notice,
    plan_new_booking,
    plan_notice,
    plan_reminders,
    replan_waiting,
    resend,
    skip_repeats,
    waiting_count,
)
from .sending import due_count, recover_stuck, send_due

__all__ = [
    "ReminderError",
    "due_count",
    "plan_alert",
    "plan_new_booking",
    "plan_digest",
    "plan_change_notice",
    "plan_notice",
    "replan_waiting",
    "skip_repeats",
    "waiting_count",
    "plan_reminders",
    "recover_stuck",
    "resend",
    "send_due",
    "why_not_resend",
]
