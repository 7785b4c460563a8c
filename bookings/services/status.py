"""The photographer's status changes: confirm, record the outcome, mark the deposit."""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from studio.formatting import day_month
from studio.models import StudioProfile

from .. import reminders
from ..models import Booking, Client
from .checks import locked
from .errors import BookingError


def confirm(*, booking: Booking, notify: bool = True) -> Booking:
    """Pending -> confirmed (the photographer accepts). Confirming twice is harmless."""
    with transaction.atomic():
        booking = locked(booking)
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
        booking = locked(booking)
        if booking.status == Booking.Status.CANCELLED:
            raise BookingError(_("A cancelled booking has no outcome."))
        if booking.start > now:
            raise BookingError(
                _("This session starts on %(when)s; record how it went afterwards.")
                % {"when": day_month(booking.start.astimezone(StudioProfile.load().tz))}
            )
        if booking.status == status:
            return booking
        booking.status = status
        booking.save(update_fields=["status", "updated_at"])
        reminders.plan_reminders(booking, notify=notify, now=now)
    return booking


def mark_deposit_paid(*, booking: Booking, paid: bool = True) -> Booking:
    """Record whether a deposit paid by the written instructions has been paid. Sends
    nothing. Refuses a deposit taken online: only Stripe's word (payments) changes it."""
    with transaction.atomic():
        booking = locked(booking)
        if booking.deposit_online:
            raise BookingError(
                _("This deposit is paid online; only the payment provider can mark it paid.")
            )
        if booking.deposit_paid == paid:
            return booking
        booking.deposit_paid = paid
        booking.save(update_fields=["deposit_paid", "updated_at"])
        reminders.plan_reminders(booking, notify=False)
    return booking


def set_private_notes(*, booking: Booking, notes: str) -> Booking:
    """Replace the studio's private notes on a booking. Sends nothing; clients never see them."""
    with transaction.atomic():
        booking = locked(booking)
        booking.private_notes = (notes or "").strip()
        booking.save(update_fields=["private_notes", "updated_at"])
    return booking


def set_client_notes(*, client: Client, notes: str) -> Client:
    """Replace the studio's private notes about a client. Sends nothing; clients never see them."""
    client.private_notes = (notes or "").strip()
    client.save(update_fields=["private_notes"])
    return client
