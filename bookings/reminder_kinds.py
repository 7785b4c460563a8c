"""Every kind of message a booking sends, described once.

A kind's `Spec` says when it is due (its `Timing`, which `reminders.schedule` reads),
which booking statuses it fits, its subject, the calendar method of the .ics it carries,
the parts of context its templates show beyond the shared ones (`email_parts`) and its
templates. Planning, sending and rendering all read it from here: adding a kind takes a
`Reminder.Kind` member and its migration, a spec below, and its two templates in
templates/emails/. Both the outbox (`reminders`) and `emails` read this module; it
imports neither (bar `Rules` and `Renderer`, for type hints).

| kind | fits | ideal time | planned after that | once due, useful until |
| --- | --- | --- | --- | --- |
| requested | pending | at once | - | the session starts |
| confirmation | confirmed | at once | - | the session ends |
| rescheduled | confirmed, pending | at once | - | the session ends |
| changed | confirmed, pending (type, people, place) | at once | - | the session ends |
| restored | confirmed, pending (cancellation undone) | at once | - | the session ends |
| cancelled | cancelled | at once | - | always |
| expired | expired (deposit not paid in time) | at once | - | the session starts |
| finish_paying | awaiting payment | when Checkout opens + 10 min | - | the session starts |
| late_refund | expired, cancelled (paid late, refunded) | at once | - | always |
| preparation | confirmed | start - preparation days | at once | the wardrobe email's time |
| wardrobe | confirmed | start - wardrobe days | at once | the day-before email's time |
| day_before | confirmed | start - day-before hours | skipped | 2 h before start |
| thank_you | completed | end + thank-you days | at once | 7 days after its time |

Studio alerts (audience "studio") go to the studio's alert address, never to the client,
through the same outbox. They are planned by the booking services for what a client did
(`planning.plan_alert`), fit every status (the studio hears of each event even if the
booking changed again since) and can each be switched off by a StudioProfile field
(`setting`):

| kind | planned when | setting |
| --- | --- | --- |
| alert_new | a client books (confirmed at once) | alert_new_booking |
| alert_pending | a client books and the studio must confirm | alert_pending |
| alert_moved | a client moves a booking | alert_rescheduled |
| alert_cancelled | a client cancels | alert_cancelled |
| alert_money | a payment that does not match, a refund refused, a payment failed | always on |
| digest | the studio's digest time each day (about a day, not a booking) | alert_digest |

A status's at-once kinds announce a change to it; its timed kinds are planned together.
A message is sent only while the booking's status is one it fits.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from . import email_changes as changes
from . import email_parts as part
from .models import Booking, Reminder

if TYPE_CHECKING:
    from .emails import Renderer
    from .reminders.schedule import Rules

ContextPart = Callable[[Booking, "Renderer"], dict]

Kind = Reminder.Kind
Status = Booking.Status

CLIENT = "client"
STUDIO = "studio"

AT_ONCE = "at once"
BEFORE_START = "before start"
AFTER_END = "after end"
START = "start"
END = "end"


@dataclass(frozen=True)
class Timing:
    """When a kind is due and until when it is worth sending, as plain values.

    Built with `at_once`, `before_start` or `after_end`; `offset` is the wall-clock
    distance from the session under the studio's rules. `reminders.schedule` applies it.
    """

    shape: str
    offset: Callable[[Rules], timedelta] | None = None
    until: str | None = None  # at once: useful until the session's START or END; None: always
    skip_if_late: bool = False  # before the start: planned after its time, skip it
    useful_for: timedelta = timedelta(0)  # after the end: how long after its time

    @classmethod
    def at_once(cls, *, until: str | None) -> Timing:
        return cls(AT_ONCE, until=until)

    @classmethod
    def before_start(
        cls, offset: Callable[[Rules], timedelta], *, skip_if_late: bool = False
    ) -> Timing:
        return cls(BEFORE_START, offset, skip_if_late=skip_if_late)

    @classmethod
    def after_end(cls, offset: Callable[[Rules], timedelta], *, useful_for: timedelta) -> Timing:
        return cls(AFTER_END, offset, useful_for=useful_for)

    @property
    def urgent(self) -> bool:
        """Due at once, and sent even in quiet hours."""
        return self.shape == AT_ONCE


@dataclass(frozen=True)
class Spec:
    """One kind of message: when, for which bookings, and how it reads."""

    kind: str
    fits: tuple[str, ...]  # the booking statuses it is for, the usual one first
    timing: Timing
    subject: Callable[[dict], str]  # from the message's template context
    ics_method: str = ""  # the .ics it carries: REQUEST (an invitation), CANCEL, or none
    audience: str = CLIENT  # who receives it: the client, or the studio (alerts)
    setting: str = ""  # for studio alerts: the StudioProfile switch that turns it on
    # Client emails: what its templates show beyond the shared context (`email_parts`).
    context: tuple[ContextPart, ...] = ()

    @property
    def for_studio(self) -> bool:
        return self.audience == STUDIO

    @property
    def text_template(self) -> str:
        return f"emails/{self.kind}.txt"

    @property
    def html_template(self) -> str:
        return f"emails/{self.kind}.html"


def _studio_alert(kind, subject, *, setting: str, fits=tuple(Status.values)) -> Spec:
    """A message to the studio, sent at once whatever became of the booking since, unless
    the StudioProfile switch `setting` is off."""
    return Spec(
        kind,
        fits=fits,
        timing=Timing.at_once(until=None),
        subject=subject,
        audience=STUDIO,
        setting=setting,
    )


SPECS: dict[str, Spec] = {
    spec.kind: spec
    for spec in (
        Spec(
            Kind.REQUESTED,
            fits=(Status.PENDING,),
            timing=Timing.at_once(until=START),
            subject=lambda c: _("Request received: %(session)s on %(date)s") % c,
        ),
        Spec(
            Kind.CONFIRMATION,
            fits=(Status.CONFIRMED,),
            timing=Timing.at_once(until=END),
            subject=lambda c: _("Booked: %(session)s on %(date)s at %(start_time)s") % c,
            ics_method="REQUEST",
            context=(part.steps, part.urgent),
        ),
        Spec(
            Kind.PREPARATION,
            fits=(Status.CONFIRMED,),
            timing=Timing.before_start(lambda rules: timedelta(days=rules.preparation_days)),
            subject=lambda c: _("Getting ready for your %(session)s on %(short_date)s") % c,
            context=(part.preparation, part.act_now, part.advice),
        ),
        Spec(
            Kind.WARDROBE,
            fits=(Status.CONFIRMED,),
            timing=Timing.before_start(lambda rules: timedelta(days=rules.wardrobe_days)),
            subject=lambda c: _("What to wear on %(weekday)s: your %(session)s") % c,
            context=(part.advice, part.wardrobe),
        ),
        Spec(
            Kind.DAY_BEFORE,
            fits=(Status.CONFIRMED,),
            # Booked within the day, the confirmation has said all this one would.
            timing=Timing.before_start(
                lambda rules: timedelta(hours=rules.day_before_hours), skip_if_late=True
            ),
            subject=lambda c: _("See you %(relative_day)s at %(start_time)s") % c,
            context=(part.steps, part.relative_day, part.calm),
        ),
        Spec(
            Kind.THANK_YOU,
            fits=(Status.COMPLETED,),
            timing=Timing.after_end(
                lambda rules: timedelta(days=rules.thank_you_days), useful_for=timedelta(days=7)
            ),
            subject=lambda c: (
                (
                    _("Thank you for your session with %(studio_name)s")
                    if c["on_location"]
                    else _("Thank you for coming to %(studio_name)s")
                )
                % c
            ),
        ),
        Spec(
            Kind.RESCHEDULED,
            fits=(Status.CONFIRMED, Status.PENDING),
            timing=Timing.at_once(until=END),
            subject=lambda c: _("Moved: your %(session)s is now %(date)s at %(start_time)s") % c,
            ics_method="REQUEST",
            context=(part.steps,),
        ),
        Spec(
            Kind.CANCELLED,
            fits=(Status.CANCELLED,),
            timing=Timing.at_once(until=None),
            subject=lambda c: _("Cancelled: your %(session)s on %(date)s") % c,
            ics_method="CANCEL",
            context=(part.cancellation,),
        ),
        _studio_alert(
            Kind.ALERT_NEW,
            lambda c: _("New booking: %(client_line)s, %(session)s on %(short_date)s") % c,
            setting="alert_new_booking",
        ),
        _studio_alert(
            Kind.ALERT_PENDING,
            lambda c: _("To confirm: %(client_line)s, %(session)s on %(short_date)s") % c,
            setting="alert_pending",
        ),
        _studio_alert(
            Kind.ALERT_MOVED,
            lambda c: _("Moved: %(client_line)s, now %(short_date)s at %(start_time)s") % c,
            setting="alert_rescheduled",
        ),
        _studio_alert(
            Kind.ALERT_CANCELLED,
            lambda c: _("Cancelled by the client: %(client_line)s, %(short_date)s") % c,
            setting="alert_cancelled",
        ),
        # About a day, not a booking: it fits no booking status.
        _studio_alert(Kind.DIGEST, lambda c: c["digest_subject"], setting="alert_digest", fits=()),
        Spec(
            Kind.EXPIRED,
            fits=(Status.EXPIRED,),
            timing=Timing.at_once(until=START),
            subject=lambda c: _("Not booked: the time for your %(session)s was released") % c,
        ),
        # Money problems are the studio's to sort out, so this alert cannot be switched off.
        _studio_alert(
            Kind.ALERT_MONEY,
            lambda c: _("Payment to check: %(client_line)s, %(session)s on %(short_date)s") % c,
            setting="",
        ),
        Spec(
            Kind.FINISH_PAYING,
            fits=(Status.AWAITING_PAYMENT,),
            timing=Timing.at_once(until=START),
            subject=lambda c: _("Your %(session)s on %(short_date)s is held: finish paying") % c,
            context=(part.finish_paying,),
        ),
        Spec(
            Kind.LATE_REFUND,
            fits=(Status.EXPIRED, Status.CANCELLED),
            timing=Timing.at_once(until=None),
            subject=lambda c: _("Refunded: your payment for the %(session)s on %(short_date)s") % c,
        ),
        Spec(
            Kind.CHANGED,
            fits=(Status.CONFIRMED, Status.PENDING),
            timing=Timing.at_once(until=END),
            subject=lambda c: _("Changed: your booking for %(date)s at %(start_time)s") % c,
            ics_method="REQUEST",
            context=(part.steps, changes.what_changed),
        ),
        Spec(
            Kind.RESTORED,
            fits=(Status.CONFIRMED, Status.PENDING),
            timing=Timing.at_once(until=END),
            subject=lambda c: _("Back on: your %(session)s on %(date)s at %(start_time)s") % c,
            ics_method="REQUEST",
            context=(part.steps,),
        ),
    )
}

# The studio's own messages: never planned by plan_reminders, never sent to a client.
FOR_STUDIO = frozenset(kind for kind, spec in SPECS.items() if spec.for_studio)

# Sent even in the studio's quiet hours.
URGENT = frozenset(kind for kind, spec in SPECS.items() if spec.timing.urgent)
# The messages before the session, in the order they go out (each hands over to the next).
BEFORE_SESSION = tuple(kind for kind, spec in SPECS.items() if spec.timing.shape == BEFORE_START)


def fits(kind: str, status: str) -> bool:
    """Whether a message of `kind` is for a booking in `status`."""
    return status in SPECS[kind].fits


def timed_for(status: str) -> tuple[str, ...]:
    """The timed kinds a booking in `status` gets, in the order they go out."""
    return tuple(
        kind
        for kind, spec in SPECS.items()
        if not spec.timing.urgent and not spec.for_studio and status in spec.fits
    )


def switched_on(kind: str, studio) -> bool:
    """Whether the studio wants this message (client messages always go)."""
    setting = SPECS[kind].setting
    return not setting or bool(getattr(studio, setting))
