"""book (the client), book_for_studio and cancel: the only writers of new bookings and
of cancellations (moves are in services/moves.py). Both bookings share one write, `_write`.

Each runs in one transaction, re-checks the slot against the rules and the busy time
at write time, and plans the booking's reminders inside that transaction. Two
bookings can never hold overlapping time: on PostgreSQL the exclusion constraint
`booking_no_overlap` refuses the second insert (caught in an inner savepoint and
turned into SlotTaken); on SQLite every transaction starts with BEGIN IMMEDIATE, which
serialises the check and the insert.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from studio.images import CleanImage
from studio.models import SessionType, StudioProfile

from .. import deposits, reminders
from ..availability import Problem
from ..models import (
    Booking,
    Client,
    InspirationImage,
    IntakeResponse,
    Reminder,
    private_storage,
)
from ..selectors import shape_of
from . import clients
from .checks import (
    CLIENT,
    MAX_NOTES,
    Side,
    check_change_notice,
    clean_details,
    locked,
    new_manage_token,
    new_reference,
    save_in_savepoint,
    violation,
)
from .details import Request, clean_request, client_for
from .errors import BookingError, ClientDetails, ClientOnFile, InvalidDetails, SlotTaken

log = logging.getLogger("bookings")


def log_on_commit(event: str, booking: Booking) -> None:
    """One structured line per change, written only if the change commits; no personal data."""
    fields = {"reference": booking.reference, "status": booking.status}
    fields["session_type"] = booking.session_type.slug
    transaction.on_commit(lambda: log.info(event, extra=fields))


def _store_images(booking: Booking, images: Sequence[CleanImage], stored: list[str]) -> None:
    for image in images:
        row = InspirationImage(
            booking=booking, original_name=(getattr(image, "original_name", "") or "")[:200]
        )
        row.image.save(image.content.name, image.content, save=False)
        stored.append(row.image.name)
        row.save()


@dataclass(frozen=True)
class Booked:
    """What the studio's own booking or move did: the booking, and the rules it was made
    over ("booked anyway"), in words."""

    booking: Booking
    overridden: tuple[str, ...] = ()


def book(
    *,
    session_type: SessionType,
    start: datetime,
    client: ClientDetails | None,
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
) -> Booking:
    """A client books a free, offered start. Idempotent per key; never double-books; no
    orphan files. On location the place is required and travel time blocks around it. An
    online deposit holds the time for deposit_hold_minutes, silently, until settle_hold or
    expiry; otherwise the studio is alerted. Raises OutsidePolicy, SlotTaken (with the
    nearest free starts) or InvalidDetails."""
    now = now or timezone.now()
    if (existing := _booking_with_key(idempotency_key)) is not None:
        return existing
    if client is None:
        raise InvalidDetails(_("Who is the booking for?"))
    details = clean_details(client)
    request = clean_request(
        session_type=session_type,
        start=start,
        people=people,
        purpose=purpose,
        notes=notes,
        on_location=on_location,
        location=location,
        images=images,
        intake=intake,
        idempotency_key=idempotency_key,
    )
    if pay_online is None:
        pay_online = deposits.takes_deposit_online(session_type)
    pay_online = bool(pay_online and session_type.deposit)
    studio = StudioProfile.load()
    status, hold_until = _first_status(studio, pay_online=pay_online, now=now)
    booking, _overridden = _write(
        request,
        side=CLIENT,
        studio=studio,
        client=lambda: client_for(details),
        status=status,
        hold_until=hold_until,
        pay_online=pay_online,
        deposit_paid=False,
        notify=True,
        now=now,
    )
    return booking


def book_for_studio(
    *,
    session_type: SessionType,
    start: datetime,
    client: ClientDetails | None = None,
    existing_client: Client | None = None,
    people: int = 1,
    notes: str = "",
    on_location: bool | None = None,
    location: str = "",
    deposit_paid: bool = False,
    notify: bool = True,
    idempotency_key: str | None = None,
    allow: Collection[Problem] = (),
    on_file: str = "ask",
    now: datetime | None = None,
) -> Booked:
    """The studio books a client (phone, email, walk-in): confirmed at once, any minute,
    no studio alert, its deposit taken by the studio itself. Working hours, notice, time
    off and calendar busy time may be overridden when `allow` names them (else
    NeedsOverride); another booking never. `existing_client` books for that client as
    recorded; notify=False records the confirmation email as not sent. New details whose
    email is on file with another name or phone raise ClientOnFile unless `on_file` says
    "use" (the record as it is) or "update" (the typed details, on the client's history):
    nothing typed is silently dropped. Same guarantees as book()."""
    now = now or timezone.now()
    if (existing := _booking_with_key(idempotency_key)) is not None:
        return Booked(existing)
    if existing_client is None and client is None:
        raise InvalidDetails(_("Who is the booking for?"))
    details = None if existing_client is not None else clean_details(client, email_required=False)
    request = clean_request(
        session_type=session_type,
        start=start,
        people=people,
        purpose="",
        notes=notes,
        on_location=on_location,
        location=location,
        idempotency_key=idempotency_key,
        allow_more_people=Problem.GROUP_SIZE in allow,
    )
    booking, overridden = _write(
        request,
        side=Side(by_studio=True, allow=allow),
        studio=StudioProfile.load(),
        client=lambda: existing_client or _client_on_file(details, on_file, now),
        status=Booking.Status.CONFIRMED,
        hold_until=None,
        pay_online=False,
        deposit_paid=deposit_paid,
        notify=notify,
        now=now,
    )
    if request.people > session_type.max_people:  # booked anyway, for a larger group
        overridden = (*overridden, _("for more people than the session takes"))
    return Booked(booking, overridden)


def _write(
    request: Request,
    *,
    side: Side,
    studio: StudioProfile,
    client: Callable[[], Client],
    status: str,
    hold_until: datetime | None,
    pay_online: bool,
    deposit_paid: bool,
    notify: bool,
    now: datetime,
) -> tuple[Booking, tuple[str, ...]]:
    """The one INSERT of a booking, with its images, reminders and alert, in a transaction;
    files stored for a write that fails are deleted. The rules overridden, in words."""
    session_type = request.session_type
    shape = shape_of(session_type, on_location=request.on_location)
    blocked_start, blocked_end = shape.blocked(request.start)
    stored: list[str] = []
    try:
        with transaction.atomic():
            overridden = side.check(request.start, studio=studio, shape=shape, now=now)
            booking = Booking(
                client=client(),
                session_type=session_type,
                start=request.start,
                end=request.start + shape.duration,
                blocked_start=blocked_start,
                blocked_end=blocked_end,
                status=status,
                deposit_online=pay_online,
                hold_until=hold_until,
                deposit_paid=bool(deposit_paid and session_type.deposit),
                change_notice_hours=studio.change_notice_hours,
                manage_token=new_manage_token(),
                **request.fields(),
            )
            _insert(booking, side=side, studio=studio, shape=shape, now=now)
            _store_images(booking, request.images, stored)
            # The studio knows its own bookings; a held one is announced once paid.
            alert = None
            if not side.by_studio and status != Booking.Status.AWAITING_PAYMENT:
                alert = _new_booking_alert(booking)
            reminders.plan_new_booking(booking, notify=notify, alert=alert, now=now)
            log_on_commit("booking.created", booking)
    except BaseException as exc:
        for name in stored:
            private_storage.delete(name)
        if isinstance(exc, SlotTaken):
            log.info("booking.slot_taken", extra={"session_type": session_type.slug})
        # A twin request with the same key may have won while this one was checking.
        if request.idempotency_key and isinstance(exc, BookingError | IntegrityError):
            existing = _booking_with_key(request.idempotency_key)
            if existing is not None:
                return existing, ()
        raise
    return booking, overridden


def _client_on_file(details: ClientDetails, on_file: str, now: datetime) -> Client:
    """The client the studio's typed details are for, inside the booking's transaction."""
    match = None
    if details.email:
        match = Client.objects.filter(email__iexact=details.email).order_by("pk").first()
    if match is None or not clients.differs(match, details):
        return client_for(details)
    if on_file == "use":
        return match
    if on_file == "update":
        return clients.update_client(
            client=match, name=details.name, email=match.email, phone=details.phone, now=now
        )
    raise ClientOnFile(match, details)


def alert_new_booking(booking: Booking, *, now: datetime) -> None:
    """Tell the studio about a client's new booking: to confirm, or just booked."""
    reminders.plan_alert(booking, kind=_new_booking_alert(booking), now=now)


def _new_booking_alert(booking: Booking) -> str:
    pending = booking.status == Booking.Status.PENDING
    return Reminder.Kind.ALERT_PENDING if pending else Reminder.Kind.ALERT_NEW


def _first_status(studio, *, pay_online: bool, now: datetime) -> tuple[str, datetime | None]:
    """A client's new booking's status, and until when it holds its time unpaid."""
    if pay_online:
        hold = timedelta(minutes=studio.deposit_hold_minutes)
        return Booking.Status.AWAITING_PAYMENT, now + hold
    if studio.require_confirmation:
        return Booking.Status.PENDING, None
    return Booking.Status.CONFIRMED, None


def _booking_with_key(key: str | None) -> Booking | None:
    return Booking.objects.filter(idempotency_key=key).first() if key else None


def _insert(booking: Booking, *, side: Side, studio, shape, now) -> None:
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
                raise side.taken(booking.start, studio=studio, shape=shape, now=now) from exc
            if kind != "reference":
                raise
    raise BookingError(_("We could not save your booking; please try again."))


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
        log_on_commit("booking.cancelled", booking)
    return booking
