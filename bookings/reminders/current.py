"""Whether a message is still worth sending: the one rule the sender, "resend" and the
dashboard's "Resend" button all read, so the button is offered exactly when the resend
is accepted and the sender then sends it.

A client's message is current while it is about the booking's present time (the
cancellation is about the booking, whatever its time), fits the booking's status and is
still useful (`schedule.useful_until`). A studio alert is current whatever became of the
booking since (the studio hears of every event) while it is switched on and has an
address to go to; a digest while its day lasts and has sessions.
"""

from datetime import datetime

from django.utils.translation import gettext as _

from studio.models import StudioProfile

from .. import reminder_kinds
from ..models import Booking, Reminder
from . import digest, schedule
from .schedule import Rules

State = Reminder.State
Kind = Reminder.Kind

SKIP_MOVED = "Not sent: the booking was moved; this was about the old time."
SKIP_CANCELLED = "Not sent: the booking was cancelled."
SKIP_STATUS = "Not sent: the booking's status changed and this message no longer fits."
SKIP_SWITCHED_OFF = "Not sent: this studio alert is switched off in the settings."
SKIP_NO_STUDIO_ADDRESS = "Not sent: the studio has no email address for alerts."
SKIP_NO_CLIENT_ADDRESS = "Not sent: the client has no email address (call them instead)."

RESENDABLE_STATES = (State.SENT, State.FAILED, State.SKIPPED)


def alert_skip_reason(kind: str, studio: StudioProfile) -> str:
    """Why a studio message cannot go now ("" if it can): switched off, or nowhere to send."""
    if not reminder_kinds.switched_on(kind, studio):
        return SKIP_SWITCHED_OFF
    if not studio.alert_recipient:
        return SKIP_NO_STUDIO_ADDRESS
    return ""


def why_not_send(
    reminder: Reminder, *, rules: Rules, moment: datetime, studio: StudioProfile
) -> str:
    """Why this message should not go at `moment` ("" if it is current); no writes."""
    if reminder.kind in reminder_kinds.FOR_STUDIO:
        reason = alert_skip_reason(reminder.kind, studio)
        if not reason and reminder.kind == Kind.DIGEST:
            reason = digest.why_not_send(reminder, studio, moment)
        return reason
    booking = reminder.booking
    # Checked at sending, not planning: an email added later still gets what is due.
    if not booking.client.email:
        return SKIP_NO_CLIENT_ADDRESS
    if reminder.kind != Kind.CANCELLED and reminder.booking_version != booking.version:
        return SKIP_MOVED
    if not reminder_kinds.fits(reminder.kind, booking.status):
        return SKIP_CANCELLED if booking.status == Booking.Status.CANCELLED else SKIP_STATUS
    limit = schedule.useful_until(reminder.kind, start=booking.start, end=booking.end, rules=rules)
    if limit is not None and moment >= limit:
        return schedule.SKIP_TOO_LATE
    return ""


def why_not_resend(
    reminder: Reminder, *, rules: Rules, moment: datetime, studio: StudioProfile
) -> str:
    """Why "send it again" is refused for this message ("" if it may go again), in words
    for the photographer: it is on its way already, or it would not be sent (`why_not_send`).
    """
    if reminder.state == State.SENDING:
        return _("This message is being sent right now.")
    if reminder.state not in RESENDABLE_STATES:
        return _("This message is already waiting to be sent.")
    reason = why_not_send(reminder, rules=rules, moment=moment, studio=studio)
    return _refusals().get(reason, reason)


def _refusals() -> dict[str, str]:
    """The sender's skip reasons, as the photographer reads them on a refused resend."""
    return {
        SKIP_MOVED: _("This message was about an earlier time of the booking."),
        SKIP_CANCELLED: _("The booking is cancelled; only the cancellation can be sent."),
        SKIP_STATUS: _("The booking's status has changed and this message no longer fits it."),
        schedule.SKIP_TOO_LATE: _("It is too late for this message to be of use."),
        SKIP_SWITCHED_OFF: _("This studio alert is switched off in the settings."),
        SKIP_NO_STUDIO_ADDRESS: _("The studio has no email address for alerts."),
        SKIP_NO_CLIENT_ADDRESS: _("The client has no email address; call them instead."),
    }
