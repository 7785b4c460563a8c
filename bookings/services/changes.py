"""change_booking and restore: the studio changes what was booked, or undoes a
cancellation. The only writers of a booking's session type, people and place after it
is made, and of a cancelled booking coming back.

Both check the booking as it would be exactly as a new studio booking is checked
(`Side.check`: another booking never, working hours, notice, time off and calendar
busy time only when `allow` names them), leave one HistoryEntry per change and plan one
email to the client (kind `changed` or `restored`) for the booking's new version.
"""

from __future__ import annotations

from collections.abc import Collection
from datetime import datetime

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from studio.formatting import money
from studio.models import SessionType, StudioProfile

from .. import reminders
from ..availability import Problem
from ..models import Booking, HistoryEntry, Reminder
from ..selectors import shape_of, shape_of_booking
from .booking import Booked, log_on_commit
from .checks import Side, locked, save_in_savepoint, violation
from .details import check_people, where
from .errors import BookingError, InvalidDetails

What = HistoryEntry.What


def _place(booking: Booking) -> str:
    return booking.location if booking.on_location else _("at the studio")


def change_booking(
    *,
    booking: Booking,
    session_type: SessionType | None = None,
    people: int | None = None,
    on_location: bool | None = None,
    location: str | None = None,
    notify: bool = True,
    allow: Collection[Problem] = (),
    now: datetime | None = None,
) -> Booked:
    """Change an active booking's session type, people or place (None: as it is). A new
    type brings its length, buffers and price; a new place its travel time; the time
    those block is checked as a new booking's. One history row per change, one email to
    the client when anything changed (notify=False: recorded as not sent)."""
    now = now or timezone.now()
    studio = StudioProfile.load()
    side = Side(by_studio=True, allow=allow)
    with transaction.atomic():
        booking = locked(booking)
        if not booking.is_active:
            raise BookingError(_("Only a booking that is still on can be changed."))
        new_type = session_type or booking.session_type
        if new_type.pk != booking.session_type_id and not new_type.is_active:
            raise InvalidDetails(_("This session type is not offered at the moment."))
        people = check_people(
            new_type,
            booking.people if people is None else people,
            allow_more=Problem.GROUP_SIZE in allow,
        )
        wants_location = booking.on_location if on_location is None else on_location
        place = booking.location if location is None else location
        new_on_location, new_location = where(new_type, wants_location, place)

        before = {
            "type": booking.session_type,
            "people": booking.people,
            "place": _place(booking),
            "price": booking.price,
        }
        reshaped = new_type.pk != booking.session_type_id or new_on_location != booking.on_location
        overridden: tuple[str, ...] = ()
        if reshaped:
            shape = shape_of(new_type, on_location=new_on_location)
            overridden = side.check(
                booking.start, studio=studio, shape=shape, now=now, exclude=booking
            )
            booking.end = booking.start + shape.duration
            booking.blocked_start, booking.blocked_end = shape.blocked(booking.start)
        if new_type.pk != booking.session_type_id:
            booking.session_type = new_type
            booking.price = new_type.price  # a deposit agreed (or paid) stays as it was
        booking.people = people
        booking.on_location, booking.location = new_on_location, new_location

        lines = _changes(before, booking)
        if not lines:
            return Booked(booking)
        booking.version += 1
        _save(booking, side=side, studio=studio, now=now)
        for what, summary in lines:
            HistoryEntry.objects.create(
                booking=booking,
                client_id=booking.client_id,
                what=what,
                summary=summary,
                overridden=list(overridden),
                booking_version=booking.version,
                at=now,
            )
        reminders.plan_change_notice(booking, kind=Reminder.Kind.CHANGED, notify=notify, now=now)
        reminders.plan_reminders(booking, notify=notify, now=now)
        reminders.skip_repeats(booking, now=now)
        log_on_commit("booking.changed", booking)
    return Booked(booking, overridden)


def _changes(before: dict, booking: Booking) -> list[tuple[str, str]]:
    lines = []
    if before["type"].pk != booking.session_type_id:
        lines.append(
            (
                What.SESSION_TYPE,
                _("Session: %(old)s → %(new)s")
                % {"old": before["type"].name, "new": booking.session_type.name},
            )
        )
    if before["people"] != booking.people:
        lines.append(
            (
                What.PEOPLE,
                _("People: %(old)d → %(new)d") % {"old": before["people"], "new": booking.people},
            )
        )
    if before["place"] != _place(booking):
        words = {"old": before["place"], "new": _place(booking)}
        lines.append((What.PLACE, _("Where: %(old)s → %(new)s") % words))
    if before["price"] != booking.price:
        lines.append(
            (
                What.PRICE,
                _("Price: %(old)s → %(new)s (the new session's)")
                % {"old": money(before["price"]), "new": money(booking.price)},
            )
        )
    return lines


def _save(booking: Booking, *, side: Side, studio, now) -> None:
    """One UPDATE; over another booking the database's constraint has the last word."""
    try:
        save_in_savepoint(booking.save)
    except IntegrityError as exc:
        if violation(exc) != "overlap":
            raise
        shape = shape_of_booking(booking)
        refusal = side.taken(booking.start, studio=studio, shape=shape, now=now, exclude=booking)
        raise refusal from exc


def restore(
    *,
    booking: Booking,
    notify: bool = True,
    allow: Collection[Problem] = (),
    now: datetime | None = None,
) -> Booked:
    """Undo a cancellation: the booking is confirmed again at its own time and shape, if
    that time is still free (checked as a new studio booking). On its history, with one
    email to the client ("back on")."""
    now = now or timezone.now()
    studio = StudioProfile.load()
    side = Side(by_studio=True, allow=allow)
    with transaction.atomic():
        booking = locked(booking)
        if booking.status != Booking.Status.CANCELLED:
            raise BookingError(_("Only a cancelled booking can be restored."))
        shape = shape_of_booking(booking)
        overridden = side.check(booking.start, studio=studio, shape=shape, now=now, exclude=booking)
        was = _("Cancelled on %(day)s by the %(who)s") % {
            "day": booking.cancelled_at.astimezone(studio.tz).strftime("%Y-%m-%d")
            if booking.cancelled_at
            else "?",
            "who": booking.get_cancelled_by_display().lower() or _("studio"),
        }
        if booking.cancel_reason:
            was += f" ({booking.cancel_reason})"
        booking.status = Booking.Status.CONFIRMED
        booking.cancelled_at, booking.cancelled_by, booking.cancel_reason = None, "", ""
        booking.version += 1
        _save(booking, side=side, studio=studio, now=now)
        HistoryEntry.objects.create(
            booking=booking,
            client_id=booking.client_id,
            what=What.RESTORED,
            summary=was + ".",
            overridden=list(overridden),
            booking_version=booking.version,
            at=now,
        )
        reminders.plan_change_notice(booking, kind=Reminder.Kind.RESTORED, notify=notify, now=now)
        reminders.plan_reminders(booking, notify=notify, now=now)
        reminders.skip_repeats(booking, now=now)
        log_on_commit("booking.restored", booking)
    return Booked(booking, overridden)
