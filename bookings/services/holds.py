"""A booking awaiting its deposit holds its time until paid or until the hold runs out.

The payments app decides when (Stripe says paid, through its webhook, the sweep or the
return page; its sweep finds holds past `hold_until`) and calls these services, the only
writers of an online deposit's `deposit_paid` and of those transitions.
"""

from __future__ import annotations

from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from studio.models import StudioProfile

from .. import reminders
from ..models import Booking
from .booking import alert_new_booking, log_on_commit
from .checks import locked
from .errors import BookingError

Status = Booking.Status


def settle_hold(*, booking: Booking, now: datetime | None = None) -> Booking:
    """Deposit paid: the held booking becomes confirmed (or pending when the studio
    confirms each booking) and its confirmation email goes out. Idempotent.

    Raises BookingError when the booking no longer holds its time (expired or cancelled):
    the caller refunds that payment.
    """
    now = now or timezone.now()
    with transaction.atomic():
        booking = locked(booking)
        if booking.deposit_paid and booking.status in (Status.CONFIRMED, Status.PENDING):
            return booking
        if booking.status != Status.AWAITING_PAYMENT:
            raise BookingError(_("This booking no longer holds its time."))
        studio = StudioProfile.load()
        booking.status = Status.PENDING if studio.require_confirmation else Status.CONFIRMED
        booking.deposit_paid = True
        booking.hold_until = None
        booking.save(update_fields=["status", "deposit_paid", "hold_until", "updated_at"])
        reminders.plan_reminders(booking, notify=True, now=now)
        alert_new_booking(booking, now=now)
        log_on_commit("booking.deposit_paid", booking)
    return booking


def hold_at_least(*, booking: Booking, until: datetime) -> Booking:
    """Keep a held booking's time until at least `until` (Checkout cannot close sooner than
    Stripe allows). Does nothing to a booking that is not awaiting payment. Sends nothing."""
    with transaction.atomic():
        booking = locked(booking)
        if booking.status == Status.AWAITING_PAYMENT and (
            booking.hold_until is None or booking.hold_until < until
        ):
            booking.hold_until = until
            booking.save(update_fields=["hold_until", "updated_at"])
    return booking


def expire_hold(*, booking: Booking, now: datetime | None = None) -> Booking:
    """The deposit was not paid in time: release the time and tell the client once.

    Does nothing to a booking that is not awaiting payment or whose hold has not run out.
    """
    now = now or timezone.now()
    with transaction.atomic():
        booking = locked(booking)
        if booking.status != Status.AWAITING_PAYMENT:
            return booking
        if booking.hold_until is not None and booking.hold_until > now:
            return booking
        booking.status = Status.EXPIRED
        booking.save(update_fields=["status", "updated_at"])
        reminders.plan_reminders(booking, notify=True, now=now)
        log_on_commit("booking.hold_expired", booking)
    return booking


def expire_now(*, booking: Booking, now: datetime | None = None) -> Booking:
    """Stripe says the checkout is over before our hold ran out: release the time now."""
    now = now or timezone.now()
    with transaction.atomic():
        booking = locked(booking)
        if booking.status == Status.AWAITING_PAYMENT:
            booking.hold_until = now
            booking.save(update_fields=["hold_until", "updated_at"])
        return expire_hold(booking=booking, now=now)


def deposit_refunded(*, booking: Booking) -> Booking:
    """An online deposit was refunded in full while the booking stands: it is owed again.
    Sends nothing. Idempotent."""
    with transaction.atomic():
        booking = locked(booking)
        if not booking.deposit_paid:
            return booking
        booking.deposit_paid = False
        booking.save(update_fields=["deposit_paid", "updated_at"])
        reminders.plan_reminders(booking, notify=False)
    return booking
