"""Planning the outbox: which messages a booking should get, and when.

`plan_reminders` is called by the booking services inside their transaction after
every change. It is idempotent: it only adds the rows that are missing for the
booking's current version and skips pending rows that no longer apply, so calling it
twice plans nothing twice. Rows are unique per (booking, kind, booking version).
"""

from datetime import datetime

from django.db import transaction
from django.utils import timezone

from studio.models import StudioProfile

from .. import reminder_kinds
from ..models import Booking, Reminder
from . import kicks, schedule
from .current import SKIP_CANCELLED, SKIP_MOVED, SKIP_STATUS, alert_skip_reason, why_not_resend
from .schedule import Rules

State = Reminder.State
Kind = Reminder.Kind
Status = Booking.Status

SKIP_NOT_NOTIFIED = "Not sent: the studio chose not to notify the client of this change."

TOLD = (State.SENT, State.SENDING)
ANNOUNCEMENTS = (Kind.REQUESTED, Kind.CONFIRMATION, Kind.RESCHEDULED)
CHANGE_NOTICES = {Kind.CHANGED, Kind.RESTORED}


class ReminderError(Exception):
    """A request about the outbox that cannot be done; `message` is shown as is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def plan_reminders(booking: Booking, *, notify: bool = True, now: datetime | None = None) -> None:
    """Bring the booking's outbox rows in line with the booking as it is now.

    Idempotent; locks the booking's rows; runs in the caller's transaction and, on
    commit, kicks the sender for anything due at once (a failed kick is caught up by
    the every-minute sweep). notify=False records the change's message as skipped.
    """
    now = now or timezone.now()
    rules = Rules.from_studio(StudioProfile.load())
    with transaction.atomic():
        # Studio alerts are the studio's record of each event: planning leaves them alone.
        mine = Reminder.objects.filter(booking_id=booking.pk).exclude(
            kind__in=reminder_kinds.FOR_STUDIO
        )
        pending = mine.filter(state=State.PENDING)
        pending.exclude(booking_version=booking.version).exclude(kind=Kind.CANCELLED).update(
            state=State.SKIPPED, last_error=SKIP_MOVED
        )
        rows = list(mine.select_for_update())
        current = {row.kind: row for row in rows if row.booking_version == booking.version}
        _skip_unfitting(current.values(), booking)
        due_now = []
        announcement = _announcement(booking, rows, current)
        if announcement:
            row = _create(booking, announcement, now, rules, notify=notify)
            current[announcement] = row
            due_now.append(row)
        for kind in reminder_kinds.timed_for(booking.status):
            row = current.get(kind)
            if row is None:
                due_now.append(_create(booking, kind, now, rules))
            elif row.state == State.SKIPPED and row.last_error == SKIP_STATUS:
                due_now.append(_revive(row, booking, now, rules))
        ids = [row.pk for row in due_now if row.state == State.PENDING and row.due_at <= now]
        if ids:
            kicks.after_commit(ids)


def plan_new_booking(
    booking: Booking, *, notify: bool = True, alert: str | None = None, now: datetime
) -> None:
    """A booking just inserted gets, in one INSERT, the rows plan_reminders and then
    plan_alert(`alert`) would add (it has none yet); kicks the sender on commit."""
    if alert is not None and not reminder_kinds.SPECS[alert].for_studio:
        raise ValueError(f"{alert} is not a studio alert")
    studio = StudioProfile.load()
    rules = Rules.from_studio(studio)
    rows = []
    announcement = _announcement(booking, [], {})
    if announcement:
        rows.append(_new(booking, announcement, now, rules, notify=notify))
    for kind in reminder_kinds.timed_for(booking.status):
        if kind != announcement:
            rows.append(_new(booking, kind, now, rules))
    if alert is not None:
        skip_reason = alert_skip_reason(alert, studio)
        rows.append(
            Reminder(
                booking=booking,
                kind=alert,
                booking_version=booking.version,
                due_at=now,
                state=State.SKIPPED if skip_reason else State.PENDING,
                last_error=skip_reason,
            )
        )
    Reminder.objects.bulk_create(rows)
    ids = [row.pk for row in rows if row.state == State.PENDING and row.due_at <= now]
    if ids:
        kicks.after_commit(ids)


def plan_alert(
    booking: Booking,
    *,
    kind: str,
    previous_start: datetime | None = None,
    now: datetime | None = None,
) -> Reminder:
    """Plan the studio alert `kind` about what a client just did; kicks the sender on commit.

    Runs in the caller's transaction; one row per (booking, kind, version), so a repeated
    call plans nothing twice. Switched off in settings, or with no studio address, the
    row is recorded as skipped with the reason. Never addressed to the client.
    """
    if not reminder_kinds.SPECS[kind].for_studio:
        raise ValueError(f"{kind} is not a studio alert")
    now = now or timezone.now()
    studio = StudioProfile.load()
    skip_reason = alert_skip_reason(kind, studio)
    row, created = Reminder.objects.get_or_create(
        booking=booking,
        kind=kind,
        booking_version=booking.version,
        defaults={
            "due_at": now,
            "previous_start": previous_start,
            "state": State.SKIPPED if skip_reason else State.PENDING,
            "last_error": skip_reason,
        },
    )
    if created and row.state == State.PENDING:
        kicks.after_commit([row.pk])
    return row


def plan_change_notice(booking: Booking, *, kind: str, notify: bool, now: datetime) -> Reminder:
    """Plan the one email about the studio's change to the booking's current version
    (CHANGED or RESTORED), before `plan_reminders`, which then announces nothing else.
    notify=False records it as skipped. Runs in the caller's transaction."""
    row = _create(booking, kind, now, Rules.from_studio(StudioProfile.load()), notify=notify)
    if row.state == State.PENDING and row.due_at <= now:
        kicks.after_commit([row.pk])
    return row


def _waiting(now: datetime):
    """Timed client messages not sent yet, for sessions still to come."""
    timed = [
        kind
        for kind, spec in reminder_kinds.SPECS.items()
        if not spec.timing.urgent and not spec.for_studio
    ]
    return Reminder.objects.filter(
        kind__in=timed, state=State.PENDING, booking__start__gt=now
    ).select_related("booking")


def waiting_count(*, now: datetime | None = None) -> int:
    """How many reminders a change of timing could move (not sent, sessions to come)."""
    return _waiting(now or timezone.now()).count()


def replan_waiting(*, now: datetime | None = None) -> int:
    """Re-plan the reminders not yet sent for upcoming sessions under the studio's rules as
    they are now (after a change of reminder timing); returns how many moved. A message
    whose new time has passed is planned as any late message is (at once, or skipped)."""
    now = now or timezone.now()
    rules = Rules.from_studio(StudioProfile.load())
    moved = 0
    with transaction.atomic():
        for row in _waiting(now).select_for_update(of=("self",)):
            decided = _plan(row.booking, row.kind, now, rules)
            if decided.due_at == row.due_at and not decided.skip_reason:
                continue
            row.due_at = decided.due_at
            row.state = State.SKIPPED if decided.skip_reason else State.PENDING
            row.last_error = decided.skip_reason
            row.save(update_fields=["due_at", "state", "last_error"])
            moved += 1
    return moved


SKIP_HAD_IT = "Not sent: the client had this one before the studio's change."


def skip_repeats(booking: Booking, *, now: datetime) -> None:
    """After a change notice: a timed message of the new version due at once that the
    client already had for an earlier one is recorded as skipped, so the change is one
    email (the change notice itself carries the booking as it stands)."""
    had = Reminder.objects.filter(
        booking_id=booking.pk, state__in=TOLD, booking_version__lt=booking.version
    ).values("kind")
    Reminder.objects.filter(
        booking_id=booking.pk,
        booking_version=booking.version,
        state=State.PENDING,
        due_at__lte=now,
        kind__in=had,
    ).exclude(kind__in=CHANGE_NOTICES).update(state=State.SKIPPED, last_error=SKIP_HAD_IT)


def plan_notice(booking: Booking, *, kind: str, due_at: datetime | None = None) -> Reminder:
    """Plan the client message `kind` that no status change announces (the link to finish
    paying, a late payment refunded), once per booking version; kicks the sender on commit
    when due now. Runs in the caller's transaction; sent only while the booking fits it."""
    spec = reminder_kinds.SPECS[kind]
    if spec.for_studio:
        raise ValueError(f"{kind} is a studio alert")
    now = timezone.now()
    row, created = Reminder.objects.get_or_create(
        booking=booking,
        kind=kind,
        booking_version=booking.version,
        defaults={"due_at": due_at or now},
    )
    if created and row.due_at <= now:
        kicks.after_commit([row.pk])
    return row


def _announcement(booking: Booking, rows: list[Reminder], current: dict) -> str | None:
    """The message announcing the booking's current state, if the client has not had it."""
    status = booking.status
    if status == Status.CANCELLED:
        return None if any(row.kind == Kind.CANCELLED for row in rows) else Kind.CANCELLED
    if status == Status.EXPIRED:
        return None if any(row.kind == Kind.EXPIRED for row in rows) else Kind.EXPIRED
    if status not in (Status.PENDING, Status.CONFIRMED):
        return None
    if current.keys() & CHANGE_NOTICES:
        return None  # the studio's change (or restoring) is announced by its own email
    first_plan_of_version = not current
    told = {row.kind for row in rows if row.kind in ANNOUNCEMENTS and row.state in TOLD}
    told |= {
        kind
        for kind, row in current.items()
        if kind in ANNOUNCEMENTS and row.state == State.PENDING
    }
    if status == Status.CONFIRMED:
        if Kind.CONFIRMATION not in told and Kind.CONFIRMATION not in current:
            return Kind.CONFIRMATION
    elif not told and Kind.REQUESTED not in current:
        return Kind.REQUESTED
    if told and booking.version > 0 and first_plan_of_version:
        return Kind.RESCHEDULED
    return None


def _skip_unfitting(rows, booking: Booking) -> None:
    for row in rows:
        if row.state != State.PENDING or reminder_kinds.fits(row.kind, booking.status):
            continue
        reason = SKIP_CANCELLED if booking.status == Status.CANCELLED else SKIP_STATUS
        updated = Reminder.objects.filter(pk=row.pk, state=State.PENDING).update(
            state=State.SKIPPED, last_error=reason
        )
        if updated:
            row.state, row.last_error = State.SKIPPED, reason


def _plan(booking: Booking, kind: str, now: datetime, rules: Rules) -> schedule.Plan:
    return schedule.plan(kind, start=booking.start, end=booking.end, now=now, rules=rules)


def _create(
    booking: Booking, kind: str, now: datetime, rules: Rules, *, notify: bool = True
) -> Reminder:
    row = _new(booking, kind, now, rules, notify=notify)
    row.save(force_insert=True)
    return row


def _new(
    booking: Booking, kind: str, now: datetime, rules: Rules, *, notify: bool = True
) -> Reminder:
    decided = _plan(booking, kind, now, rules)
    skip_reason = decided.skip_reason or ("" if notify else SKIP_NOT_NOTIFIED)
    return Reminder(
        booking=booking,
        kind=kind,
        booking_version=booking.version,
        due_at=decided.due_at,
        state=State.SKIPPED if skip_reason else State.PENDING,
        last_error=skip_reason,
    )


def _revive(row: Reminder, booking: Booking, now: datetime, rules: Rules) -> Reminder:
    decided = _plan(booking, row.kind, now, rules)
    row.due_at = decided.due_at
    row.state = State.SKIPPED if decided.skip_reason else State.PENDING
    row.last_error = decided.skip_reason
    row.save(update_fields=["due_at", "state", "last_error"])
    return row


def resend(*, reminder: Reminder) -> Reminder:
    """Plan a fresh send of this message now (the dashboard's "resend"); kicks on commit.

    Locks the row. Refused with ReminderError, in the words of `current.why_not_resend`,
    for a message the sender would skip (about an earlier time, no longer fitting the
    booking, too late, a switched-off alert) and for one already on its way.
    """
    with transaction.atomic():
        row = Reminder.objects.select_for_update().get(pk=reminder.pk)
        studio = StudioProfile.load()
        refusal = why_not_resend(
            row, rules=Rules.from_studio(studio), moment=timezone.now(), studio=studio
        )
        if refusal:
            raise ReminderError(refusal)
        row.state = State.PENDING
        row.due_at = timezone.now()
        row.attempts = 0
        row.last_error = ""
        row.claimed_at = None
        row.message_id = ""  # a fresh Message-ID, so mail clients do not merge it with the first
        row.save(
            update_fields=["state", "due_at", "attempts", "last_error", "claimed_at", "message_id"]
        )
        kicks.after_commit([row.pk])
    return row
