"""reschedule (the client) and move_for_studio: the only writers of a booking's new time."""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from studio.models import StudioProfile

from .. import reminders
from ..availability import Problem
from ..models import Booking, Reminder
from ..selectors import shape_of_booking
from .booking import Booked, log_on_commit
from .checks import (
    CLIENT,
    Side,
    check_change_notice,
    locked,
    save_in_savepoint,
    utc_start,
    violation,
)
from .errors import BookingError


def reschedule(*, booking: Booking, start: datetime, now: datetime | None = None) -> Booking:
    """The client moves their active booking to a free, offered start, within the notice
    policy copied onto it; bumps its version and alerts the studio. Same guarantees as
    book()."""
    moved, _overridden = _move(booking, start, side=CLIENT, notify=True, now=now)
    return moved


def move_for_studio(
    *,
    booking: Booking,
    start: datetime,
    notify: bool = True,
    allow: Collection[Problem] = (),
    now: datetime | None = None,
) -> Booked:
    """The studio moves an active booking to any free minute, overriding working hours,
    notice, time off or calendar busy time when `allow` names them (else NeedsOverride);
    never another booking."""
    moved, overridden = _move(
        booking, start, side=Side(by_studio=True, allow=allow), notify=notify, now=now
    )
    return Booked(moved, overridden)


def _move(
    booking: Booking, start: datetime, *, side: Side, notify: bool, now: datetime | None
) -> tuple[Booking, tuple[str, ...]]:
    """The one UPDATE of a booking's time, under its row lock, with its reminders re-planned."""
    now = now or timezone.now()
    start = utc_start(start)
    studio = StudioProfile.load()
    with transaction.atomic():
        booking = locked(booking)
        if not booking.is_active:
            raise BookingError(_("This booking is no longer active and cannot be moved."))
        if not side.by_studio:
            check_change_notice(booking, now, studio)
        if start == booking.start:
            return booking, ()
        shape = shape_of_booking(booking)
        previous_start = booking.start
        overridden = side.check(start, studio=studio, shape=shape, now=now, exclude=booking)
        booking.start, booking.end = start, start + shape.duration
        booking.blocked_start, booking.blocked_end = shape.blocked(start)
        booking.version += 1
        fields = ["start", "end", "blocked_start", "blocked_end", "version", "updated_at"]
        try:
            save_in_savepoint(lambda: booking.save(update_fields=fields))
        except IntegrityError as exc:
            if violation(exc) != "overlap":
                raise
            raise side.taken(start, studio=studio, shape=shape, now=now, exclude=booking) from exc
        reminders.plan_reminders(booking, notify=notify, now=now)
        # The client's "moved" email names the old time too.
        Reminder.objects.filter(
            booking=booking, kind=Reminder.Kind.RESCHEDULED, booking_version=booking.version
        ).update(previous_start=previous_start)
        if not side.by_studio:
            reminders.plan_alert(
                booking, kind=Reminder.Kind.ALERT_MOVED, previous_start=previous_start, now=now
            )
        log_on_commit("booking.rescheduled", booking)
    return booking, overridden
