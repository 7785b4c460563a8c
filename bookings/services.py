"""The only writers of bookings: book, reschedule, cancel, confirm, outcomes, deposits.

Each runs in one transaction, re-checks the slot against the rules and the busy time
at write time, and plans the booking's reminders inside that transaction. Two
bookings can never hold overlapping time: on PostgreSQL the exclusion constraint
`booking_no_overlap` refuses the second insert (caught here in an inner savepoint and
turned into SlotTaken); on SQLite every transaction starts with BEGIN IMMEDIATE, which
serialises the check and the insert.
"""

from __future__ import annotations

import logging
import re
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from studio.images import CleanImage
from studio.models import SessionKind, SessionType, StudioProfile

from . import reminders
from .availability import Problem, SessionShape, check_start
from .models import Booking, Client, InspirationImage, IntakeResponse, private_storage
from .selectors import (
    busy_intervals,
    clashing_booking,
    nearest_free_starts,
    rules_for,
    shape_of,
    shape_of_booking,
)

logger = logging.getLogger(__name__)

MAX_IMAGES = 5
MAX_NAME = 120
MAX_PHONE = 40
MAX_PURPOSE = 300
MAX_NOTES = 2000

# No 0/O, 1/I/L or U: easy to read out over the phone and hard to mistype.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_LENGTH = 5
REFERENCE_PREFIX = {
    SessionKind.HEADSHOT: "HS",
    SessionKind.PORTRAIT: "PT",
    SessionKind.HYBRID: "PB",
}
CONTROL_CHARS = re.compile(r"[\x00-\x1f\x7f\u2028\u2029]")


class BookingError(Exception):
    """A refusal with a message that can be shown to people as is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class OutsidePolicy(BookingError):
    """Past, not an offered time, too soon, beyond the window, or too late to change."""

    def __init__(self, message: str, *, problem: Problem | None = None):
        super().__init__(message)
        self.problem = problem


class SlotTaken(BookingError):
    """The time overlaps another booking or time off. `nearest` holds free starts (UTC)."""

    def __init__(
        self,
        message: str = "",
        *,
        nearest: Sequence[datetime] = (),
        clashing: Booking | None = None,
    ):
        super().__init__(message or _("Sorry, that time was just taken."))
        self.nearest = list(nearest)
        self.clashing = clashing


class InvalidDetails(BookingError):
    """The client's details or the request itself are not acceptable."""


@dataclass(frozen=True)
class ClientDetails:
    name: str
    email: str
    phone: str = ""


# --- helpers ---------------------------------------------------------------------------------


def new_reference(kind: str) -> str:
    """A short, non-sequential reference such as HS-7K3Q9 (24 million per prefix)."""
    body = "".join(secrets.choice(REFERENCE_ALPHABET) for _i in range(REFERENCE_LENGTH))
    return f"{REFERENCE_PREFIX.get(kind, 'BK')}-{body}"


def new_manage_token() -> str:
    """192 random bits, URL-safe: the client's key to their booking."""
    return secrets.token_urlsafe(24)


def _utc(moment: datetime) -> datetime:
    if timezone.is_naive(moment):
        raise InvalidDetails(_("A time without a time zone cannot be booked."))
    if not 2000 <= moment.year <= 2999:  # far outside any window; keeps date maths in range
        raise OutsidePolicy(_("That is not one of the times we offer. Please pick from the list."))
    return moment.astimezone(UTC).replace(microsecond=0)


def _one_line(value: str, *, label: str, limit: int, required: bool) -> str:
    value = (value or "").strip()
    if CONTROL_CHARS.search(value):
        raise InvalidDetails(_("%(label)s must be on one line.") % {"label": label})
    if required and not value:
        raise InvalidDetails(_("%(label)s is required.") % {"label": label})
    if len(value) > limit:
        raise InvalidDetails(
            _("%(label)s is too long (at most %(limit)d characters).")
            % {"label": label, "limit": limit}
        )
    return value


def _clean_details(details: ClientDetails) -> ClientDetails:
    name = _one_line(details.name, label=_("Name"), limit=MAX_NAME, required=True)
    email = _one_line(details.email, label=_("Email"), limit=254, required=True)
    try:
        validate_email(email)
    except ValidationError:
        raise InvalidDetails(_("Please give a valid email address.")) from None
    phone = _one_line(details.phone, label=_("Phone"), limit=MAX_PHONE, required=False)
    return ClientDetails(name=name, email=email, phone=phone)


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


def _violation(exc: IntegrityError) -> str:
    """Which rule an IntegrityError broke: overlap, reference, idempotency or other."""
    cause = exc.__cause__
    sqlstate = getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)
    diag = getattr(cause, "diag", None)
    constraint = (getattr(diag, "constraint_name", None) or "") if diag else ""
    text = f"{constraint} {exc}".lower()
    if sqlstate == "23P01" or "booking_no_overlap" in text:
        return "overlap"
    if "idempotency_key" in text:
        return "idempotency"
    if "reference" in text:
        return "reference"
    return "other"


def policy_message(problem: Problem, studio: StudioProfile) -> str:
    """What to tell a person whose chosen time breaks a rule."""
    messages = {
        Problem.PAST: _("That time has already passed. Please choose another."),
        Problem.NOTICE: _(
            "We need at least %(hours)d hours' notice for a booking. Please choose a later time."
        )
        % {"hours": studio.min_notice_hours},
        Problem.BEYOND_WINDOW: _(
            "We take bookings up to %(days)d days ahead. Please choose an earlier date."
        )
        % {"days": studio.max_advance_days},
        Problem.NOT_A_SLOT: _("That is not one of the times we offer. Please pick from the list."),
        Problem.CLOSED: _("That time is outside the studio's working hours."),
    }
    return messages[problem]


def _check_slot(
    start: datetime,
    *,
    studio: StudioProfile,
    shape: SessionShape,
    now: datetime,
    exclude: Booking | None = None,
    by_studio: bool = False,
) -> None:
    """Raise OutsidePolicy or SlotTaken unless `start` is free under the rules right now."""
    rules = rules_for(studio)
    blocked = shape.blocked(start)
    busy = busy_intervals(*blocked, exclude=exclude)
    problem = check_start(
        start, rules=rules, session=shape, busy=busy, now=now, by_studio=by_studio
    )
    if problem is None:
        return
    if by_studio and problem is Problem.CLOSED:
        raise SlotTaken(policy_message(problem, studio), clashing=None)
    if by_studio and problem is Problem.BUSY:
        clashing = clashing_booking(*blocked, exclude=exclude)
        if clashing is None:
            raise SlotTaken(_("That time overlaps time off."), clashing=None)
        message = _("That time overlaps booking %(ref)s.") % {"ref": clashing.reference}
        raise SlotTaken(message, clashing=clashing)
    if problem is Problem.BUSY:
        raise SlotTaken(
            nearest=nearest_free_starts(start, rules=rules, shape=shape, now=now, exclude=exclude)
        )
    raise OutsidePolicy(policy_message(problem, studio), problem=problem)


def _taken_after_race(start, *, studio, shape, now, exclude=None, by_studio=False) -> SlotTaken:
    """The SlotTaken to raise when the database refused an overlapping write."""
    blocked = shape.blocked(start)
    if by_studio:
        return SlotTaken(
            _("That time was just taken."), clashing=clashing_booking(*blocked, exclude=exclude)
        )
    rules = rules_for(studio)
    return SlotTaken(
        nearest=nearest_free_starts(start, rules=rules, shape=shape, now=now, exclude=exclude)
    )


def _store_images(booking: Booking, images: Sequence[CleanImage], stored: list[str]) -> None:
    for image in images:
        row = InspirationImage(
            booking=booking, original_name=(getattr(image, "original_name", "") or "")[:200]
        )
        row.image.save(image.content.name, image.content, save=False)
        stored.append(row.image.name)
        row.save()


def _check_change_notice(booking: Booking, now: datetime, studio: StudioProfile) -> None:
    deadline = booking.start - timedelta(hours=booking.change_notice_hours)
    if now > deadline:
        contact = studio.phone or studio.email
        message = _(
            "Changes made online need at least %(hours)d hours' notice, and your session is "
            "sooner than that. Please contact the studio%(contact)s."
        ) % {
            "hours": booking.change_notice_hours,
            "contact": f" ({contact})" if contact else "",
        }
        raise OutsidePolicy(message, problem=Problem.NOTICE)


def _locked(booking: Booking) -> Booking:
    return (
        Booking.objects.select_for_update()
        .select_related("session_type", "client")
        .get(pk=booking.pk)
    )


# --- services ------------------------------------------------------------------------------


def book(
    *,
    session_type: SessionType,
    start: datetime,
    client: ClientDetails,
    people: int = 1,
    purpose: str = "",
    notes: str = "",
    intake: IntakeResponse | None = None,
    images: Sequence[CleanImage] = (),
    idempotency_key: str | None = None,
    now: datetime | None = None,
) -> Booking:
    """Book a free start for a client. Idempotent per key; never double-books; no orphan files.

    Raises OutsidePolicy (past, not offered, notice, window), SlotTaken (busy, with the
    nearest free starts) or InvalidDetails.
    """
    now = now or timezone.now()
    start = _utc(start)
    if idempotency_key:
        existing = Booking.objects.filter(idempotency_key=idempotency_key).first()
        if existing is not None:
            return existing
    if not session_type.is_active:
        raise InvalidDetails(_("This session type is not offered at the moment."))
    details = _clean_details(client)
    if not 1 <= int(people) <= session_type.max_people:
        raise InvalidDetails(
            _("This session is for 1 to %(max)d people.") % {"max": session_type.max_people}
        )
    purpose = _one_line(
        purpose, label=_("What the photos are for"), limit=MAX_PURPOSE, required=False
    )
    notes = (notes or "").strip()
    if len(notes) > MAX_NOTES:
        raise InvalidDetails(_("Notes are limited to %(n)d characters.") % {"n": MAX_NOTES})
    images = list(images)
    if len(images) > MAX_IMAGES:
        raise InvalidDetails(_("Up to %(n)d images, please.") % {"n": MAX_IMAGES})

    studio = StudioProfile.load()
    shape = shape_of(session_type)
    session_start, session_end = start, start + shape.duration
    blocked_start, blocked_end = shape.blocked(start)
    stored: list[str] = []
    try:
        with transaction.atomic():
            _check_slot(start, studio=studio, shape=shape, now=now)
            booking = Booking(
                client=_client_for(details),
                session_type=session_type,
                start=session_start,
                end=session_end,
                blocked_start=blocked_start,
                blocked_end=blocked_end,
                status=(
                    Booking.Status.PENDING
                    if studio.require_confirmation
                    else Booking.Status.CONFIRMED
                ),
                people=int(people),
                purpose=purpose,
                notes=notes,
                intake=intake,
                price=session_type.price,
                deposit=session_type.deposit,
                change_notice_hours=studio.change_notice_hours,
                manage_token=new_manage_token(),
                idempotency_key=idempotency_key or None,
            )
            _insert(booking, studio=studio, shape=shape, now=now)
            _store_images(booking, images, stored)
            reminders.plan_reminders(booking, notify=True, now=now)
    except BaseException as exc:
        for name in stored:
            private_storage.delete(name)
        # A twin request with the same key may have won while this one was checking.
        if idempotency_key and isinstance(exc, BookingError | IntegrityError):
            existing = _booking_with_key(idempotency_key)
            if existing is not None:
                return existing
        raise
    return booking


def _booking_with_key(key: str | None) -> Booking | None:
    return Booking.objects.filter(idempotency_key=key).first() if key else None


def _insert(booking: Booking, *, studio, shape, now) -> None:
    """INSERT under the database's rules: a fresh reference on the (rare) collision,
    SlotTaken when the exclusion constraint says another booking got there first."""
    for _attempt in range(5):
        booking.reference = new_reference(booking.session_type.kind)
        try:
            with transaction.atomic():
                booking.save(force_insert=True)
            return
        except IntegrityError as exc:
            booking.pk = None
            kind = _violation(exc)
            if kind == "overlap":
                raise _taken_after_race(booking.start, studio=studio, shape=shape, now=now) from exc
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
) -> Booking:
    """Move an active booking to a free start; bumps its version. Same guarantees as book().

    Clients are held to the notice policy copied onto the booking and to the offered
    starts; the studio (by_studio=True) may pick any time within working hours.
    """
    now = now or timezone.now()
    start = _utc(start)
    studio = StudioProfile.load()
    with transaction.atomic():
        booking = _locked(booking)
        if not booking.is_active:
            raise BookingError(_("This booking is no longer active and cannot be moved."))
        if not by_studio:
            _check_change_notice(booking, now, studio)
        if start == booking.start:
            return booking
        shape = shape_of_booking(booking)
        _check_slot(
            start, studio=studio, shape=shape, now=now, exclude=booking, by_studio=by_studio
        )
        booking.start, booking.end = start, start + shape.duration
        booking.blocked_start, booking.blocked_end = shape.blocked(start)
        booking.version += 1
        try:
            with transaction.atomic():
                booking.save(
                    update_fields=[
                        "start",
                        "end",
                        "blocked_start",
                        "blocked_end",
                        "version",
                        "updated_at",
                    ]
                )
        except IntegrityError as exc:
            if _violation(exc) != "overlap":
                raise
            raise _taken_after_race(
                start, studio=studio, shape=shape, now=now, exclude=booking, by_studio=by_studio
            ) from exc
        reminders.plan_reminders(booking, notify=notify, now=now)
    return booking


def cancel(
    *,
    booking: Booking,
    by_studio: bool = False,
    notify: bool = True,
    reason: str = "",
    now: datetime | None = None,
) -> Booking:
    """Cancel an active booking and free its time at once. Cancelling twice is harmless."""
    now = now or timezone.now()
    studio = StudioProfile.load()
    with transaction.atomic():
        booking = _locked(booking)
        if booking.status == Booking.Status.CANCELLED:
            return booking
        if not booking.is_active:
            raise BookingError(_("This session has already taken place and cannot be cancelled."))
        if not by_studio:
            _check_change_notice(booking, now, studio)
        booking.status = Booking.Status.CANCELLED
        booking.cancelled_at = now
        booking.cancelled_by = "studio" if by_studio else "client"
        booking.cancel_reason = (reason or "").strip()[:MAX_NOTES]
        booking.save(
            update_fields=["status", "cancelled_at", "cancelled_by", "cancel_reason", "updated_at"]
        )
        reminders.plan_reminders(booking, notify=notify, now=now)
    return booking


def confirm(*, booking: Booking, notify: bool = True) -> Booking:
    """Pending -> confirmed (the photographer accepts). Confirming twice is harmless."""
    with transaction.atomic():
        booking = _locked(booking)
        if booking.status == Booking.Status.CONFIRMED:
            return booking
        if booking.status != Booking.Status.PENDING:
            raise BookingError(_("Only a booking awaiting confirmation can be confirmed."))
        booking.status = Booking.Status.CONFIRMED
        booking.save(update_fields=["status", "updated_at"])
        reminders.plan_reminders(booking, notify=notify)
    return booking


def set_outcome(
    *, booking: Booking, status: str, notify: bool = True, now: datetime | None = None
) -> Booking:
    """Record how a session went: completed or no-show, once it has started."""
    outcomes = (Booking.Status.COMPLETED, Booking.Status.NO_SHOW)
    if status not in outcomes:
        raise BookingError(_("The outcome must be completed or no-show."))
    now = now or timezone.now()
    with transaction.atomic():
        booking = _locked(booking)
        if booking.status == Booking.Status.CANCELLED:
            raise BookingError(_("A cancelled booking has no outcome."))
        if booking.start > now:
            raise BookingError(
                _("This session starts on %(when)s; record how it went afterwards.")
                % {"when": date_format(booking.start.astimezone(StudioProfile.load().tz), "j F")}
            )
        if booking.status == status:
            return booking
        booking.status = status
        booking.save(update_fields=["status", "updated_at"])
        reminders.plan_reminders(booking, notify=notify, now=now)
    return booking


def mark_deposit_paid(*, booking: Booking, paid: bool = True) -> Booking:
    """Record whether the deposit has been paid. Sends nothing."""
    with transaction.atomic():
        booking = _locked(booking)
        if booking.deposit_paid == paid:
            return booking
        booking.deposit_paid = paid
        booking.save(update_fields=["deposit_paid", "updated_at"])
        reminders.plan_reminders(booking, notify=False)
    return booking
