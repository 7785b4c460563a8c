"""Refunds, and the every-minute sweep that releases holds and settles cancellations."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime, timedelta

from django.db import transaction
from django.db.models import Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings import reminders
from bookings import services as bookings
from bookings.models import Booking, Reminder

from .. import gateway
from ..models import Payment
from .common import BookingStatus, Kind, PaymentError, alert_studio, log, record
from .settle import TAKEN, accept_session, apply_refunded_total, lock_pair

BATCH = 50
# A sweep that dies mid-way leaves its claims; another takes the rows over after this.
CLAIM_FOR = timedelta(minutes=5)
# After an outage, a refund is tried again this much later; after a refusal, this much
# times 4 for each refusal so far (5 min, 20 min, 80 min), then it is left to the studio.
OUTAGE_PAUSE = timedelta(minutes=5)
REFUSAL_PAUSE = timedelta(minutes=5)
REFUNDABLE = (Payment.Status.PAID, Payment.Status.KEPT, Payment.Status.PART_REFUNDED)


def refund(*, payment: Payment, reason: str, now: datetime | None = None) -> Payment:
    """Refund what is left of a paid deposit through Stripe. Never refunds twice (row locks,
    booking then payment, and an idempotency key per amount already refunded).

    Raises PaymentError when there is nothing to refund or Stripe says no. A refusal is
    recorded with Stripe's reason, counted and paused before the sweep tries again (after
    `Payment.MAX_REFUND_ATTEMPTS` the studio is alerted and it stops); an outage is
    recorded and tried again after a short pause.
    """
    now = now or timezone.now()
    with transaction.atomic():
        booking, payment = lock_pair(payment.booking_id)
        if payment is None or payment.status not in REFUNDABLE:
            raise PaymentError(_("There is no paid deposit to refund."))
        if not payment.payment_intent_id:
            raise PaymentError(_("Stripe has not told us which payment to refund yet."))
        left = payment.amount - payment.refunded_amount
        done = gateway.minor_units(payment.refunded_amount, payment.currency)
        key = f"deposit-refund-{booking.reference}" + (f"-after-{done}" if done else "")
        try:
            result = gateway.refund(
                payment_intent=payment.payment_intent_id,
                amount=left,
                currency=payment.currency,
                key=key,
            )
        except gateway.GatewayError as exc:
            failed = exc
            _refund_failed(payment, booking, exc, reason, now)
        else:
            failed = None
            payment.refund_retry_at = None
            apply_refunded_total(
                payment=payment,
                booking=booking,
                total=payment.refunded_amount + result.amount,
                refund_id=result.id,
            )
            record(
                payment,
                Kind.REFUND_ISSUED,
                booking=booking,
                stripe_object_id=result.id,
                amount=result.amount,
                currency=payment.currency,
                note=reason,
            )
    if failed is not None:
        raise PaymentError(_("Stripe did not accept the refund: %(why)s") % {"why": failed.message})
    log.info("payments.refunded", extra={"reference": booking.reference})
    return payment


def _refund_failed(payment, booking, exc: gateway.GatewayError, reason: str, now) -> None:
    if not exc.refused:
        payment.refund_retry_at = now + OUTAGE_PAUSE
        payment.save(update_fields=["refund_retry_at", "updated_at"])
        record(payment, Kind.GATEWAY_ERROR, booking=booking, note=f"{reason}: {exc.message}")
        return
    payment.refund_attempts += 1
    payment.refund_retry_at = now + REFUSAL_PAUSE * 4 ** (payment.refund_attempts - 1)
    giving_up = payment.refund_attempts >= Payment.MAX_REFUND_ATTEMPTS
    payment.save(update_fields=["refund_attempts", "refund_retry_at", "updated_at"])
    note = f"{reason}: {exc.message}"
    if giving_up:
        note += f" (tried {payment.refund_attempts} times; the sweep stops here)"
    record(payment, Kind.REFUND_REFUSED, booking=booking, note=note)
    if giving_up:
        alert_studio(booking, note)


@dataclass
class SweepResult:
    released: int = 0
    settled: int = 0
    closed: int = 0
    refunded: int = 0
    kept: int = 0
    failed: int = 0


def sweep(*, now: datetime | None = None) -> SweepResult:
    """Release holds past their time (one email each) unless Stripe says they were paid
    (then settle them as the webhook would), close checkouts nobody needs any more,
    refund deposits due back and record the ones kept.

    Safe to run again and side by side: each step looks only at what is still undone,
    claims its payments (`skip_locked`, then a stamp other sweeps skip) before asking
    Stripe, and works through everything due in batches, so rows Stripe keeps failing on
    never hold back the rest.
    """
    now = now or timezone.now()
    result = SweepResult()
    _release_unopened(now, result)
    payments = Payment.objects.all()
    overdue = payments.filter(
        booking__status=BookingStatus.AWAITING_PAYMENT, booking__hold_until__lte=now
    )
    _each_claimed(overdue.order_by("booking__hold_until", "pk"), now, _release, result)
    stale = payments.filter(status=Payment.Status.OPEN).exclude(
        booking__status=BookingStatus.AWAITING_PAYMENT
    )
    _each_claimed(stale.order_by("pk"), now, _close, result)
    to_settle = payments.filter(
        status__in=(Payment.Status.PAID, Payment.Status.PART_REFUNDED),
        booking__status__in=(BookingStatus.CANCELLED, BookingStatus.EXPIRED),
        refund_attempts__lt=Payment.MAX_REFUND_ATTEMPTS,
    ).filter(Q(refund_retry_at__isnull=True) | Q(refund_retry_at__lte=now))
    _each_claimed(to_settle.order_by("pk"), now, _settle, result)
    return result


def _release_unopened(now: datetime, result: SweepResult) -> None:
    """Holds past their time whose client never opened Checkout: nothing to ask Stripe."""
    overdue = Booking.objects.filter(
        status=BookingStatus.AWAITING_PAYMENT, hold_until__lte=now, payment__isnull=True
    ).order_by("hold_until", "pk")
    seen: set[int] = set()
    while batch := list(overdue.exclude(pk__in=seen).values_list("pk", flat=True)[:BATCH]):
        seen.update(batch)
        for booking_id in batch:
            if _expire(booking_id, now):
                result.released += 1


Handler = Callable[[Payment, datetime, "SweepResult"], None]


def _each_claimed(queryset: QuerySet, now: datetime, handle: Handler, result) -> None:
    """Claim the rows of `queryset` in batches and hand each to `handle`, until none is left.

    A claim is a row lock taken with SKIP LOCKED (rows another sweep is claiming are
    passed over, not waited for) and a `claimed_until` stamp, so a second sweep leaves
    the row alone while this one calls Stripe outside any transaction. Claims are given
    back at the end; a sweep that dies leaves them to lapse after CLAIM_FOR.
    """
    stamp = now + CLAIM_FOR
    claimed: list[int] = []
    try:
        while True:
            with transaction.atomic():
                free = queryset.filter(Q(claimed_until__isnull=True) | Q(claimed_until__lt=now))
                batch = list(
                    free.select_for_update(skip_locked=True, of=("self",)).values_list(
                        "pk", flat=True
                    )[:BATCH]
                )
                Payment.objects.filter(pk__in=batch).update(claimed_until=stamp)
            if not batch:
                return
            claimed.extend(batch)
            for payment in Payment.objects.filter(pk__in=batch).select_related("booking"):
                handle(payment, now, result)
    finally:
        Payment.objects.filter(pk__in=claimed, claimed_until=stamp).update(claimed_until=None)


def _expire(booking_id: int, now: datetime) -> bool:
    """Release a hold past its time, unless it was settled meanwhile. Locks booking then
    payment; True when this call released it."""
    with transaction.atomic():
        booking, payment = lock_pair(booking_id)
        if booking.status != BookingStatus.AWAITING_PAYMENT:
            return False
        if booking.hold_until is not None and booking.hold_until > now:
            return False
        if payment is not None and payment.status in TAKEN:
            return False
        bookings.expire_hold(booking=booking, now=now)
        if payment is not None and payment.status == Payment.Status.OPEN:
            payment.status = Payment.Status.EXPIRED
            payment.save(update_fields=["status", "updated_at"])
        record(payment, Kind.HOLD_EXPIRED, booking=booking)
    return True


def _release(payment: Payment, now: datetime, result: SweepResult) -> None:
    if payment.status == Payment.Status.OPEN and payment.checkout_session_id:
        try:
            session = gateway.expire_checkout(payment.checkout_session_id)
        except gateway.GatewayError as exc:
            # Released all the same: a payment that still comes in is refunded (late payment).
            record(payment, Kind.GATEWAY_ERROR, note=exc.message)
            result.failed += 1
        else:
            if session.paid:
                # Paid, and the webhook has not told us (yet, or ever): settle it now.
                row = accept_session(booking_id=payment.booking_id, session=session, now=now)
                if row is not None and row.kind == Kind.PAID:
                    row.note = "confirmed by asking Stripe (no webhook yet)"
                    row.save(update_fields=["note"])
                    result.settled += 1
                if row is None or row.kind != Kind.MISMATCH:
                    return  # settled, here or by the webhook meanwhile
            # Complete but not paid (a method that settles later; Checkout is card-only,
            # so only a session made elsewhere) or expired: the hold's end decides.
    if _expire(payment.booking_id, now):
        result.released += 1


def _close(payment: Payment, now: datetime, result: SweepResult) -> None:
    if payment.checkout_session_id:
        try:
            session = gateway.expire_checkout(payment.checkout_session_id)
        except gateway.GatewayError:
            log.warning("payments.close_failed", extra={"reference": payment.booking.reference})
            result.failed += 1
            return
        if session.paid:
            # Paid after the booking stopped waiting: recorded late, refunded below.
            accept_session(booking_id=payment.booking_id, session=session, now=now)
            return
    with transaction.atomic():
        _booking, payment = lock_pair(payment.booking_id)
        if payment.status != Payment.Status.OPEN:
            return
        payment.status = Payment.Status.EXPIRED
        payment.save(update_fields=["status", "updated_at"])
        record(payment, Kind.CHECKOUT_EXPIRED, stripe_object_id=payment.checkout_session_id)
    result.closed += 1


def _settle(payment: Payment, now: datetime, result: SweepResult) -> None:
    booking = payment.booking
    # A booking that never took this payment (paid after its hold ended, or after it was
    # cancelled while awaiting payment) gives it back, whatever the deadline.
    never_taken = not booking.deposit_paid
    if never_taken or booking.deposit_refund_due:
        if never_taken:
            reason = "paid after the booking stopped holding its time"
        elif booking.cancelled_by == "studio":
            reason = "cancelled by the studio"
        else:
            reason = "cancelled before the change-notice deadline"
        try:
            refund(payment=payment, reason=reason, now=now)
        except PaymentError:
            result.failed += 1
            return
        if never_taken:
            with transaction.atomic():
                reminders.plan_notice(booking, kind=Reminder.Kind.LATE_REFUND)
        result.refunded += 1
        return
    updated = Payment.objects.filter(
        pk=payment.pk, status__in=(Payment.Status.PAID, Payment.Status.PART_REFUNDED)
    ).update(status=Payment.Status.KEPT, updated_at=timezone.now())
    if updated:
        record(
            payment,
            Kind.KEPT,
            amount=payment.kept_amount,
            currency=payment.currency,
            note="cancelled by or for the client after the change-notice deadline",
        )
        result.kept += 1
