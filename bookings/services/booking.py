"""book, reschedule and cancel: the only writers of a booking's time.

Each runs in one transaction, re-checks the slot against the rules and the busy time
at write time, and plans the booking's reminders inside that transaction. Two
bookings can never hold overlapping time: on PostgreSQL the exclusion constraint
`booking_no_overlap` refuses the second insert (caught in an inner savepoint and
turned into SlotTaken); on SQLite every transaction starts with BEGIN IMMEDIATE, which
serialises the check and the insert.
"""

from __future__ import annotations

import logging
from collections.abc import Collection, Sequence
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from studio.images import CleanImage
from studio.models import SessionType, StudioProfile

from .. import reminders
from ..availability import Problem
from ..models import (
    Booking,
    Client,
    InspirationImage,
    IntakeResponse,
    Reminder,
    private_storage,
)
from ..selectors import shape_of, shape_of_booking
from .checks import (
    MAX_IMAGES,
    MAX_LOCATION,
    MAX_NOTES,
    MAX_PURPOSE,
    check_change_notice,
    check_slot,
    check_studio_slot,
    clean_details,
    clean_line,
    locked,
    new_manage_token,
    new_reference,
    save_in_savepoint,
    taken_after_race,
    utc_start,
    violation,
)
from .errors import BookingError, ClientDetails, InvalidDetails, SlotTaken

log = logging.getLogger("bookings")


def _log_on_commit(event: str, booking: Booking) -> None:
    """One structured line per change, written only if the change commits; no personal data."""
    fields = {"reference": booking.reference, "status": booking.status}
    fields["session_type"] = booking.session_type.slug
    transaction.on_commit(lambda: log.info(event, extra=fields))


def _client_for(details: ClientDetails) -> Client:
    """The client with this email (any case), created on first booking. Race-safe."""
    client = Client.objects.filter(email__iexact=details.email).order_by("pk").first()
    if client is None:
        try:
            with transaction.atomic():
                return Client.objects.create(
                    name=details.name, email=details.email, phone=details.phone
                )
        except IntegrityError:
            # Someone booked with the same email a moment ago; theirs is the record.
            client = Client.objects.get(email__iexact=details.email)
    if details.phone and not client.phone:
        client.phone = details.phone
        client.save(update_fields=["phone"])
    return client


def _store_images(booking: Booking, images: Sequence[CleanImage], stored: list[str]) -> None:
    for image in images:
        row = InspirationImage(
            booking=booking, original_name=(getattr(image, "original_name", "") or "")[:200]
        )
        row.image.save(image.content.name, image.content, save=False)
        stored.append(row.image.name)
        row.save()


def book(
    *,
    session_type: SessionType,
    start: datetime,
    client: ClientDetails | None = None,
    people: int = 1,
    purpose: str = "",
    notes: str = "",
    intake: IntakeResponse | None = None,
    images: Sequence[CleanImage] = (),
    idempotency_key: str | None = None,
    on_location: bool | None = None,
    location: str = "",
    pay_online: bool | None = None,
    now: datetime | None = None,
    by_studio: bool = False,
    allow: Collection[Problem] = (),
    existing_client: Client | None = None,
    deposit_paid: bool = False,
    notify: bool = True,
) -> Booking:
    """Book a free start for a client. Idempotent per key; never double-books; no orphan files.

    On location (the default for "on location" types; a choice for "studio or on
    location" ones) the place is required and the type's travel time blocks the calendar
    around the session. Plans the studio's alert. A session type that takes its deposit
    online (or pay_online=True) gives a booking awaiting payment: it holds its time for
    the studio's deposit_hold_minutes, sends nothing until the payments app records the
    deposit (settle_hold) or the hold runs out. Raises OutsidePolicy (past, not offered,
    notice, window), SlotTaken (busy, with the nearest free starts) or InvalidDetails.

    The studio's own bookings (by_studio=True) are confirmed at once, raise no studio
    alert, may start at any minute, and may break working hours, notice or time off when
    `allow` names them (else NeedsOverride); never another booking. `existing_client`
    books for that client as recorded; notify=False records the confirmation email as
    not sent.
    """
    now = now or timezone.now()
    start = utc_start(start)
    if idempotency_key:
        existing = Booking.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    if not session_type.is_active:
        raise InvalidDetails(_("This session type is not offered at the moment."))
    if existing_client is None and client is None:
        raise InvalidDetails(_("Who is the booking for?"))
    details = None if existing_client is not None else clean_details(client)
    if not 1 <= int(people) <= session_type.max_people:
        raise InvalidDetails(
            ngettext(
                "This session is for %(max)d person.",
                "This session is for 1 to %(max)d people.",
                session_type.max_people,
            )
            % {"max": session_type.max_people}
        )
    purpose = clean_line(
        purpose, label=_("What the photos are for"), limit=MAX_PURPOSE, required=False
    )
    notes = (notes or "").strip()
    if len(notes) > MAX_NOTES:
        raise InvalidDetails(
            ngettext(
                "Notes are limited to %(n)d character.",
                "Notes are limited to %(n)d characters.",
                MAX_NOTES,
            )
            % {"n": MAX_NOTES}
        )
    on_location, location = _where(session_type, on_location, location)
    images = list(images)
    if len(images) > MAX_IMAGES:
        raise InvalidDetails(
            ngettext("Up to %(n)d image, please.", "Up to %(n)d images, please.", MAX_IMAGES)
            % {"n": MAX_IMAGES}
        )

    if pay_online is None:  # the studio takes its own bookings' deposits itself
        pay_online = session_type.takes_deposit_online and not by_studio
    pay_online = bool(pay_online and session_type.deposit)
    studio = StudioProfile.load()
    status, hold_until = _first_status(studio, pay_online=pay_online, by_studio=by_studio, now=now)
    shape = shape_of(session_type, on_location=on_location)
    session_start, session_end = start, start + shape.duration
    blocked_start, blocked_end = shape.blocked(start)
    stored: list[str] = []
    try:
        with transaction.atomic():
            overridden = []
            if by_studio:
                overridden = check_studio_slot(
                    start, studio=studio, shape=shape, now=now, allow=allow
                )
            else:
                check_slot(start, studio=studio, shape=shape, now=now)
            booking = Booking(
                client=existing_client or _client_for(details),
                session_type=session_type,
                start=session_start,
                end=session_end,
                blocked_start=blocked_start,
                blocked_end=blocked_end,
                status=status,
                deposit_online=pay_online,
                hold_until=hold_until,
                people=int(people),
                purpose=purpose,
                notes=notes,
                on_location=on_location,
                location=location,
                intake=intake,
                price=session_type.price,
                deposit=session_type.deposit,
                deposit_paid=bool(deposit_paid and session_type.deposit),
                change_notice_hours=studio.change_notice_hours,
                manage_token=new_manage_token(),
                idempotency_key=idempotency_key or None,
            )
            _insert(booking, studio=studio, shape=shape, now=now, by_studio=by_studio)
            _store_images(booking, images, stored)
            reminders.plan_reminders(booking, notify=notify, now=now)
            # A booking awaiting its deposit is announced once paid (settle_hold).
            if not by_studio and status != Booking.Status.AWAITING_PAYMENT:
                alert_new_booking(booking, now=now)
            _log_on_commit("booking.created", booking)
    except BaseException as exc:
        for name in stored:
            private_storage.delete(name)
        if isinstance(exc, SlotTaken):
            log.info("booking.slot_taken", extra={"session_type": session_type.slug})
        # A twin request with the same key may have won while this one was checking.
        if idempotency_key and isinstance(exc, BookingError | IntegrityError):
            existing = _booking_with_key(idempotency_key)
            if existing is not None:
                return existing
        raise
    booking.overridden = overridden  # for the studio's "booked anyway" message; not stored
    return booking


def alert_new_booking(booking: Booking, *, now: datetime) -> None:
    """Tell the studio about a client's new booking: to confirm, or just booked."""
    pending = booking.status == Booking.Status.PENDING
    alert = Reminder.Kind.ALERT_PENDING if pending else Reminder.Kind.ALERT_NEW
    reminders.plan_alert(booking, kind=alert, now=now)


def _where(session_type: SessionType, on_location: bool | None, location: str):
    """(on_location, place) for a booking of this type; InvalidDetails without a place."""
    if session_type.location == SessionType.Location.STUDIO:
        return False, ""
    if on_location is None:
        on_location = session_type.location == SessionType.Location.LOCATION
    if not on_location:
        return False, ""
    place = clean_line(location, label=_("The place"), limit=MAX_LOCATION, required=True)
    return True, place


def _first_status(
    studio, *, pay_online: bool, by_studio: bool, now: datetime
) -> tuple[str, datetime | None]:
    """A new booking's status, and until when it holds its time unpaid (online deposits)."""
    if pay_online:
        hold = timedelta(minutes=studio.deposit_hold_minutes)
        return Booking.Status.AWAITING_PAYMENT, now + hold
    if studio.require_confirmation and not by_studio:
        return Booking.Status.PENDING, None
    return Booking.Status.CONFIRMED, None


def _booking_with_key(key: str | None) -> Booking | None:
    return Booking.objects.filter(idempotency_key=key).first() if key else None


def _insert(booking: Booking, *, studio, shape, now, by_studio=False) -> None:
    """INSERT under the database's rules: a fresh reference on the (rare) collision,
    SlotTaken when the exclusion constraint says another booking got there first."""

    def insert():
        booking.pk = None
        booking.save(force_insert=True)

    for _attempt in range(5):
        booking.reference = new_reference(booking.session_type.kind)
        try:
            save_in_savepoint(insert)
            return
        except IntegrityError as exc:
            booking.pk = None
            kind = violation(exc)
            if kind == "overlap":
                raise taken_after_race(
                    booking.start, studio=studio, shape=shape, now=now, by_studio=by_studio
                ) from exc
            if kind != "reference":
                raise
    raise BookingError(_("We could not save your booking; please try again."))


def reschedule(
    *,
    booking: Booking,
    start: datetime,
    by_studio: bool = False,
    notify: bool = True,
    now: datetime | None = None,
    allow: Collection[Problem] = (),
) -> Booking:
    """Move an active booking to a free start; bumps its version. Same guarantees as book().

    Clients are held to the notice policy copied onto the booking and to the offered
    starts; the studio (by_studio=True) may pick any minute, and working hours, notice
    or time off too when `allow` names them (else NeedsOverride).
    """
    now = now or timezone.now()
    start = utc_start(start)
    studio = StudioProfile.load()
    with transaction.atomic():
        booking = locked(booking)
        if not booking.is_active:
            raise BookingError(_("This booking is no longer active and cannot be moved."))
        if not by_studio:
            check_change_notice(booking, now, studio)
        if start == booking.start:
            return booking
        shape = shape_of_booking(booking)
        previous_start = booking.start
        if by_studio:
            booking.overridden = check_studio_slot(
                start, studio=studio, shape=shape, now=now, exclude=booking, allow=allow
            )
        else:
            check_slot(start, studio=studio, shape=shape, now=now, exclude=booking)
        booking.start, booking.end = start, start + shape.duration
        booking.blocked_start, booking.blocked_end = shape.blocked(start)
        booking.version += 1
        fields = ["start", "end", "blocked_start", "blocked_end", "version", "updated_at"]
        try:
            save_in_savepoint(lambda: booking.save(update_fields=fields))
        except IntegrityError as exc:
            if violation(exc) != "overlap":
                raise
            raise taken_after_race(
                start, studio=studio, shape=shape, now=now, exclude=booking, by_studio=by_studio
            ) from exc
        reminders.plan_reminders(booking, notify=notify, now=now)
        if not by_studio:
            reminders.plan_alert(
                booking, kind=Reminder.Kind.ALERT_MOVED, previous_start=previous_start, now=now
            )
        _log_on_commit("booking.rescheduled", booking)
    return booking


def cancel(
    *,
    booking: Booking,
    by_studio: bool = False,
    client_asked: bool = False,
    notify: bool = True,
    reason: str = "",
    now: datetime | None = None,
) -> Booking:
    """Cancel an active booking and free its time at once. Cancelling twice is harmless.

    The studio cancelling (by_studio=True) is recorded as the client's cancellation when
    the client asked for it (client_asked=True): the client's deposit policy applies.
    Otherwise the studio cancelled, and an online deposit is refunded in full."""
    now = now or timezone.now()
    studio = StudioProfile.load()
    with transaction.atomic():
        booking = locked(booking)
        if booking.status == Booking.Status.CANCELLED:
            return booking
        if not booking.is_active:
            raise BookingError(_("This session has already taken place and cannot be cancelled."))
        if not by_studio:
            check_change_notice(booking, now, studio)
        booking.status = Booking.Status.CANCELLED
        booking.cancelled_at = now
        booking.cancelled_by = "studio" if by_studio and not client_asked else "client"
        booking.cancel_reason = (reason or "").strip()[:MAX_NOTES]
        booking.save(
            update_fields=["status", "cancelled_at", "cancelled_by", "cancel_reason", "updated_at"]
        )
        reminders.plan_reminders(booking, notify=notify, now=now)
        if not by_studio:
            reminders.plan_alert(booking, kind=Reminder.Kind.ALERT_CANCELLED, now=now)
        _log_on_commit("booking.cancelled", booking)
    return booking
