"""Shared rules of the booking services: input hygiene, slot checks, references, tokens."""

from __future__ import annotations

import logging
import random
import secrets
import time
from collections.abc import Callable, Collection
from dataclasses import dataclass
from datetime import UTC, datetime

from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, OperationalError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from studio import phones
from studio.models import SessionKind, StudioProfile, TimeOff
from studio.text import CONTROL_CHARS

from .. import availability
from ..availability import OVERRIDABLE, Interval, Problem, SessionShape
from ..clashes import busy_between
from ..models import Booking
from ..selectors import busy_time, clashing_booking, nearest_free_starts, rules_for
from .errors import ClientDetails, InvalidDetails, NeedsOverride, OutsidePolicy, SlotTaken

MAX_IMAGES = 5
MAX_NAME = 120
MAX_PHONE = 40
MAX_PURPOSE = 300
MAX_NOTES = 2000
MAX_LOCATION = 300

# No 0/O, 1/I/L or U: easy to read out over the phone and hard to mistype.
REFERENCE_ALPHABET = "23456789ABCDEFGHJKMNPQRSTVWXYZ"
REFERENCE_LENGTH = 5
REFERENCE_PREFIX = {
    SessionKind.HEADSHOT: "HS",
    SessionKind.PORTRAIT: "PT",
    SessionKind.HYBRID: "PB",
}
RETRYABLE_SQLSTATES = {"40P01", "40001"}  # deadlock detected, serialization failure
_jitter = random.SystemRandom()  # spreads retries in time

logger = logging.getLogger("bookings.services")


def new_reference(kind: str) -> str:
    """A short, non-sequential reference such as HS-7K3Q9 (24 million per prefix)."""
    body = "".join(secrets.choice(REFERENCE_ALPHABET) for _i in range(REFERENCE_LENGTH))
    return f"{REFERENCE_PREFIX.get(kind, 'BK')}-{body}"


def new_manage_token() -> str:
    """192 random bits, URL-safe: the client's key to their booking."""
    return secrets.token_urlsafe(24)


def utc_start(moment: datetime) -> datetime:
    if timezone.is_naive(moment):
        raise InvalidDetails(_("A time without a time zone cannot be booked."))
    if not 2000 <= moment.year <= 2999:  # far outside any window; keeps date maths in range
        raise OutsidePolicy(_("That is not one of the times we offer. Please pick from the list."))
    return moment.astimezone(UTC).replace(microsecond=0)


def clean_line(value: str, *, label: str, limit: int, required: bool) -> str:
    """`value` stripped; InvalidDetails when it spans lines, is missing or is too long."""
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


def clean_details(details: ClientDetails, *, email_required: bool = True) -> ClientDetails:
    """Name, email and phone checked. The studio may book by phone alone
    (email_required=False): then an email or a phone number is still needed."""
    name = clean_line(details.name, label=_("Name"), limit=MAX_NAME, required=True)
    email = clean_line(details.email or "", label=_("Email"), limit=254, required=email_required)
    if email:
        try:
            validate_email(email)
        except ValidationError:
            raise InvalidDetails(_("Please give a valid email address.")) from None
    phone = clean_line(details.phone, label=_("Phone"), limit=MAX_PHONE, required=False)
    if phone:
        phone = phones.normalised(phone, StudioProfile.load().country)
    if not email and not phone:
        raise InvalidDetails(_("Give an email address or a phone number."))
    return ClientDetails(name=name, email=email, phone=phone)


def sqlstate(exc: Exception) -> str | None:
    cause = exc.__cause__
    return getattr(cause, "sqlstate", None) or getattr(cause, "pgcode", None)


def save_in_savepoint(save: Callable[[], None], *, attempts: int = 8) -> None:
    """Run `save` in a savepoint, again if PostgreSQL broke a deadlock by aborting it.

    Two transactions inserting overlapping bookings at the same instant can each wait
    for the other under the exclusion constraint; PostgreSQL then aborts one. Retrying
    that one makes it wait for the survivor and get the ordinary overlap error. With many
    writers at once the retries could meet in the same cycle again, so each waits a short
    random while first (at most 0.2 s), which lets one of them through.
    """
    for attempt in range(attempts):
        try:
            with transaction.atomic():
                save()
            return
        except OperationalError as exc:
            if sqlstate(exc) not in RETRYABLE_SQLSTATES or attempt == attempts - 1:
                raise
            logger.info("Retrying a booking write after %s", sqlstate(exc))
            time.sleep(_jitter.uniform(0, min(0.2, 0.01 * 2**attempt)))


def violation(exc: IntegrityError) -> str:
    """Which rule an IntegrityError broke: overlap, reference, idempotency or other."""
    cause = exc.__cause__
    diag = getattr(cause, "diag", None)
    constraint = (getattr(diag, "constraint_name", None) or "") if diag else ""
    text = f"{constraint} {exc}".lower()
    if sqlstate(exc) == "23P01" or "booking_no_overlap" in text:
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
        Problem.NOTICE: ngettext(
            "We need at least %(hours)d hour's notice for a booking. Please choose a later time.",
            "We need at least %(hours)d hours' notice for a booking. Please choose a later time.",
            studio.min_notice_hours,
        )
        % {"hours": studio.min_notice_hours},
        Problem.BEYOND_WINDOW: ngettext(
            "We take bookings up to %(days)d day ahead. Please choose an earlier date.",
            "We take bookings up to %(days)d days ahead. Please choose an earlier date.",
            studio.max_advance_days,
        )
        % {"days": studio.max_advance_days},
        Problem.NOT_A_SLOT: _("That is not one of the times we offer. Please pick from the list."),
        Problem.CLOSED: _("That time is outside the studio's working hours."),
    }
    return messages[problem]


def client_problem(
    problem: Problem | None, blocked: Interval, *, exclude: Booking | None = None
) -> Problem | None:
    """A client's view of `problem`: busy time that holds no booking is time off.

    Time off is never offered, so a start inside it is not one of the times offered,
    not a time someone else has just taken (one query, only when the start is busy).
    """
    if problem is Problem.BUSY and clashing_booking(*blocked, exclude=exclude) is None:
        return Problem.NOT_A_SLOT
    return problem


def check_slot(
    start: datetime,
    *,
    studio: StudioProfile,
    shape: SessionShape,
    now: datetime,
    exclude: Booking | None = None,
) -> None:
    """Raise OutsidePolicy or SlotTaken unless a client may take `start` right now."""
    rules = rules_for(studio)
    blocked = shape.blocked(start)
    busy = busy_time(*blocked, exclude=exclude)
    problem = availability.check_start(start, rules=rules, session=shape, busy=busy, now=now)
    if problem is None:
        return
    problem = client_problem(problem, blocked, exclude=exclude)
    if problem is Problem.BUSY:
        raise SlotTaken(
            nearest=nearest_free_starts(start, rules=rules, shape=shape, now=now, exclude=exclude)
        )
    raise OutsidePolicy(policy_message(problem, studio), problem=problem)


def override_label(problem: Problem, studio: StudioProfile, *, calendars: bool = False) -> str:
    """The rule a studio booking overrides, named as the "book anyway" box says it.

    calendars: the blocked time is busy time read from the photographer's calendars
    rather than time off entered here.
    """
    if problem is Problem.TIME_OFF and calendars:
        return _("during busy time in your calendars")
    if problem is Problem.NOTICE:
        return ngettext(
            "inside the minimum notice of %(hours)d hour",
            "inside the minimum notice of %(hours)d hours",
            studio.min_notice_hours,
        ) % {"hours": studio.min_notice_hours}
    return {
        Problem.CLOSED: _("outside working hours"),
        Problem.TIME_OFF: _("during time off"),
    }[problem]


def check_studio_slot(
    start: datetime,
    *,
    studio: StudioProfile,
    shape: SessionShape,
    now: datetime,
    exclude: Booking | None = None,
    allow: Collection[Problem] = (),
) -> list[str]:
    """Raise unless the studio may book `start`: OutsidePolicy for the past, SlotTaken
    (naming the booking) over another booking, NeedsOverride for working hours, notice
    or time off (or busy time in the photographer's calendars) not in `allow`. Returns
    the rules overridden, in words. Three queries. The database constraint still has the
    last word on overlaps."""
    blocked = shape.blocked(start)
    clashing = clashing_booking(*blocked, exclude=exclude)
    time_off = list(
        TimeOff.objects.filter(start__lt=blocked[1], end__gt=blocked[0]).values_list("start", "end")
    )
    calendar_busy = [(interval.start, interval.end) for interval in busy_between(*blocked)]
    problems = availability.studio_problems(
        start,
        rules=rules_for(studio),
        session=shape,
        bookings=[(clashing.blocked_start, clashing.blocked_end)] if clashing else [],
        time_off=time_off + calendar_busy,
        now=now,
    )
    calendars = bool(calendar_busy) and not time_off
    if Problem.PAST in problems:
        raise OutsidePolicy(policy_message(Problem.PAST, studio), problem=Problem.PAST)
    if Problem.BUSY in problems:
        message = _("That time overlaps booking %(ref)s.") % {"ref": clashing.reference}
        raise SlotTaken(message, clashing=clashing)
    missing = [problem for problem in problems if problem in OVERRIDABLE and problem not in allow]
    if missing:
        labels = [override_label(problem, studio, calendars=calendars) for problem in missing]
        message = _("That time is %(rules)s. Book it anyway only if you mean to.") % {
            "rules": _(" and ").join(labels)
        }
        raise NeedsOverride(message, problems=missing, labels=labels)
    return [
        override_label(problem, studio, calendars=calendars)
        for problem in problems
        if problem in OVERRIDABLE
    ]


def taken_after_race(start, *, studio, shape, now, exclude=None, by_studio=False) -> SlotTaken:
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


def check_change_notice(booking: Booking, now: datetime, studio: StudioProfile) -> None:
    if now > booking.change_deadline:
        contact = studio.phone or studio.email
        message = ngettext(
            "Changes made online need at least %(hours)d hour's notice, and your session is "
            "sooner than that. Please contact the studio%(contact)s.",
            "Changes made online need at least %(hours)d hours' notice, and your session is "
            "sooner than that. Please contact the studio%(contact)s.",
            booking.change_notice_hours,
        ) % {
            "hours": booking.change_notice_hours,
            "contact": f" ({contact})" if contact else "",
        }
        raise OutsidePolicy(message, problem=Problem.NOTICE)


def locked(booking: Booking) -> Booking:
    """The booking re-read under a row lock on it alone, held until the transaction ends.

    Only the booking's own row: with select_related, a plain FOR UPDATE also locks the
    session type and the client, and new bookings' foreign-key checks (FOR KEY SHARE, at
    COMMIT) then deadlock against a move waiting on their rows. NO KEY UPDATE leaves
    other rows free to refer to this one (its reminders).
    """
    return (
        Booking.objects.select_for_update(of=("self",), no_key=True)
        .select_related("session_type", "client")
        .get(pk=booking.pk)
    )


@dataclass(frozen=True)
class Side:
    """Who books or moves: the client within every rule, or the studio, which may book over
    the rules named in `allow` (never over another booking)."""

    by_studio: bool
    allow: Collection[Problem] = ()

    def check(self, start, *, studio, shape, now, exclude=None) -> tuple[str, ...]:
        """Raise unless this side may take `start`; the rules overridden, in words."""
        if self.by_studio:
            return tuple(
                check_studio_slot(
                    start, studio=studio, shape=shape, now=now, exclude=exclude, allow=self.allow
                )
            )
        check_slot(start, studio=studio, shape=shape, now=now, exclude=exclude)
        return ()

    def taken(self, start, *, studio, shape, now, exclude=None) -> SlotTaken:
        """The refusal when the database's constraint saw another booking first."""
        return taken_after_race(
            start, studio=studio, shape=shape, now=now, exclude=exclude, by_studio=self.by_studio
        )


CLIENT = Side(by_studio=False)
