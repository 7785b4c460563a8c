"""The studio's morning digest: one outbox row a day, about the day's sessions.

`plan_digest` runs with every sweep (the beat task and the cron command). Once the
studio's digest time has passed on a studio day it adds that day's row, due at once;
the unique constraint on (kind, digest_day) makes a second sweep, or two at the same
moment, plan nothing twice. What the digest lists is read when it is sent, so a booking
made at 06:59 is in it. A digest is not sent for a day without sessions, nor after its
day has ended (a sender that was down all day does not send yesterday's news).
"""

from __future__ import annotations

from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone

from studio.models import StudioProfile

from ..models import Reminder
from ..selectors import day_bounds, sessions_on
from . import kicks

SKIP_NO_SESSIONS = "Not sent: there were no sessions that day."
SKIP_DAY_OVER = "Not sent: the day it was about had ended."


def plan_digest(*, now: datetime | None = None) -> Reminder | None:
    """Add today's digest row once the digest time has passed; idempotent, kicks on commit.

    Returns the row planned by this call (None when switched off, too early, or planned
    already).
    """
    now = now or timezone.now()
    studio = StudioProfile.load()
    if not studio.alert_digest:
        return None
    local = now.astimezone(studio.tz)
    if local.time() < studio.digest_time:
        return None
    day = local.date()
    if Reminder.objects.filter(kind=Reminder.Kind.DIGEST, digest_day=day).exists():
        return None
    try:
        with transaction.atomic():
            row = Reminder.objects.create(kind=Reminder.Kind.DIGEST, digest_day=day, due_at=now)
            kicks.after_commit([row.pk])
    except IntegrityError:
        return None  # another sweep planned it a moment ago
    return row


def why_not_send(reminder: Reminder, studio: StudioProfile, moment: datetime) -> str:
    """Why a claimed digest should be skipped ("" if it should go)."""
    _start, end = day_bounds(reminder.digest_day, studio)
    if moment >= end:
        return SKIP_DAY_OVER
    if not sessions_on(reminder.digest_day, studio):
        return SKIP_NO_SESSIONS
    return ""
