"""The photographer's changes to one booking. Each is a POST handed to a booking service."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from bookings import reminders, services
from bookings.models import Booking, Reminder
from payments import services as payments
from payments.models import Payment
from studio.formatting import day_and_clock
from studio.models import StudioProfile

from .. import audit
from ..access import staff_required
from ..booking_forms import (
    ChangeBookingForm,
    DepositForm,
    OfflinePaymentForm,
    OutcomeForm,
    PriceChangeForm,
    PrivateNotesForm,
    RestoreForm,
    StudioCancelForm,
    StudioRescheduleForm,
)
from ..selectors.calendar import day_calendar, opening_hours
from ._params import day_or
from .bookings import booking_or_404, render_booking

REFUND_FIELDS = ("status", "refunded_amount")
OUTCOME_DONE = {
    Booking.Status.COMPLETED: gettext_lazy("Marked as completed."),
    Booking.Status.NO_SHOW: gettext_lazy("Marked as a no-show."),
}


def _booking(reference: str) -> Booking:
    """The booking an action changes, with what its messages mention. 1 query."""
    return get_object_or_404(
        Booking.objects.select_related("client", "session_type"), reference=reference
    )


def _back(booking):
    return redirect("dashboard:booking", booking.reference)


def _when(moment) -> str:
    return day_and_clock(timezone.localtime(moment), StudioProfile.load())


def _moved_message(moved: services.Booked) -> str:
    text = _("Moved to %(when)s.") % {"when": _when(moved.booking.start)}
    if moved.overridden:
        text += " " + _("Booked anyway: %(rules)s.") % {"rules": _(", ").join(moved.overridden)}
    return text


def _apply(request, booking, action, success: str, *, record: str, fields=("status",)):
    """Run one service call, recorded (`record`, the booking's `fields` before and after);
    its refusal becomes a message, never an error page."""
    try:
        with audit.tracked(actor=request.user, action=record, target=booking, fields=fields):
            action()
    except services.BookingError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(request, success)
    return _back(booking)


@staff_required
@require_POST
def confirm(request, reference):
    booking = _booking(reference)
    return _apply(
        request,
        booking,
        lambda: services.confirm(booking=booking),
        _("Booking confirmed."),
        record="booking.confirmed",
    )


@staff_required
@require_POST
def deposit(request, reference):
    booking = _booking(reference)
    form = DepositForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose whether the deposit is paid."))
        return _back(booking)
    paid = form.cleaned_data["paid"]
    done = _("Deposit marked as paid.") if paid else _("Deposit marked as not paid.")
    return _apply(
        request,
        booking,
        lambda: services.mark_deposit_paid(booking=booking, paid=paid),
        done,
        record="booking.deposit",
        fields=("deposit_paid",),
    )


@staff_required
@require_POST
def refund(request, reference):
    booking = _booking(reference)
    payment = Payment.objects.filter(booking=booking).first()
    if payment is None:
        messages.error(request, _("This booking has no deposit paid online."))
        return _back(booking)
    before = audit.values(payment, REFUND_FIELDS)
    try:
        # Not one transaction with the record: the refund's own commits wrap Stripe's call.
        payment = payments.refund(payment=payment, reason="refunded by the studio")
    except payments.PaymentError as exc:
        messages.error(request, exc.message)
    else:
        old, new = audit.changed(before, audit.values(payment, REFUND_FIELDS))
        audit.record(
            actor=request.user, action="booking.refund", target=booking, before=old, after=new
        )
        messages.success(request, _("The deposit is refunded through Stripe."))
    return _back(booking)


def _money(request, booking, form, form_name: str, action, success: str, *, record: str):
    """A money form, recorded with what was entered: its errors and the service's refusal
    stay on the booking page."""
    if not form.is_valid():
        return render_booking(
            request, booking_or_404(booking.reference), status=400, **{form_name: form}
        )
    try:
        with transaction.atomic():
            action(form.cleaned_data)
            audit.record(actor=request.user, action=record, target=booking, after=form.cleaned_data)
    except payments.PaymentError as exc:
        form.add_error(None, exc.message)
        return render_booking(
            request, booking_or_404(booking.reference), status=400, **{form_name: form}
        )
    messages.success(request, success)
    return redirect(reverse("dashboard:booking", args=[booking.reference]) + "#balance")


@staff_required
@require_POST
def take_payment(request, reference):
    booking = _booking(reference)
    return _money(
        request,
        booking,
        OfflinePaymentForm(request.POST),
        "payment_form",
        lambda data: payments.record_offline_payment(booking=booking, **data),
        _("Payment recorded."),
        record="booking.payment",
    )


@staff_required
@require_POST
def change_price(request, reference):
    booking = _booking(reference)
    return _money(
        request,
        booking,
        PriceChangeForm(request.POST),
        "price_form",
        lambda data: payments.change_price(booking=booking, **data),
        _("Price changed."),
        record="booking.price",
    )


@staff_required
@require_POST
def outcome(request, reference):
    booking = _booking(reference)
    form = OutcomeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Choose completed or no-show."))
        return _back(booking)
    status = form.cleaned_data["status"]
    done = OUTCOME_DONE[status]
    return _apply(
        request,
        booking,
        lambda: services.set_outcome(booking=booking, status=status),
        done,
        record="booking.outcome",
    )


@staff_required
@require_POST
def notes(request, reference):
    booking = _booking(reference)
    form = PrivateNotesForm(request.POST)
    if not form.is_valid():
        return render_booking(request, booking_or_404(reference), status=400, notes_form=form)
    with audit.tracked(
        actor=request.user, action="booking.notes", target=booking, fields=["private_notes"]
    ):
        services.set_private_notes(booking=booking, notes=form.cleaned_data["private_notes"])
    messages.success(request, _("Private notes saved."))
    return _back(booking)


@staff_required
@require_POST
def cancel(request, reference):
    booking = _booking(reference)
    form = StudioCancelForm(request.POST)
    if not form.is_valid():
        return render_booking(request, booking_or_404(reference), status=400, cancel_form=form)
    notify = form.cleaned_data["notify"]
    done = (
        _("Booking cancelled; the client is told by email.")
        if notify
        else _("Booking cancelled without emailing the client.")
    )
    call = lambda: services.cancel(  # noqa: E731 - one call, read where it is used
        booking=booking,
        by_studio=True,
        client_asked=form.cleaned_data["client_asked"],
        notify=notify,
        reason=form.cleaned_data["reason"],
    )
    return _apply(
        request, booking, call, done, record="booking.cancelled", fields=("status", "cancel_reason")
    )


@staff_required
def reschedule(request, reference):
    booking = _booking(reference)
    form = StudioRescheduleForm(request.POST or None)
    clash, taken = None, False
    if request.method == "POST" and form.is_valid():
        notify = form.cleaned_data["notify"]
        try:
            with audit.tracked(
                actor=request.user, action="booking.moved", target=booking, fields=("start", "end")
            ):
                moved = services.move_for_studio(
                    booking=booking,
                    start=form.cleaned_data["start"],
                    notify=notify,
                    allow=form.allowed(),
                )
        except services.NeedsOverride as exc:
            form.ask_override(exc)
        except services.SlotTaken as exc:
            clash, taken = exc.clashing, True
            form.add_error(None, exc.message)
        except services.BookingError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _moved_message(moved))
            return _back(booking)
    local = timezone.localtime(booking.start)
    if request.method == "GET":
        form = StudioRescheduleForm(initial={"date": local.date(), "time": local.time()})
    chosen = form.cleaned_data.get("date") if form.is_bound else None
    day = chosen or day_or(request.GET.get("date"), local.date())
    context = {
        "booking": booking,
        "form": form,
        "clash": clash,
        "day": day_calendar(day=day, today=timezone.localdate(), tz=request.studio.tz),
        "hours": opening_hours(day),
    }
    status = 409 if taken else 400 if form.errors else 200
    return render(request, "dashboard/reschedule.html", context, status=status)


@staff_required
@require_POST
def resend(request, reference, pk):
    booking = _booking(reference)
    reminder = get_object_or_404(Reminder, pk=pk, booking=booking)
    try:
        with transaction.atomic():
            reminders.resend(reminder=reminder)
            audit.record(
                actor=request.user,
                action="booking.email_resent",
                target=booking,
                after={"email": reminder.get_kind_display()},
            )
    except reminders.ReminderError as exc:
        messages.error(request, exc.message)
    else:
        messages.success(
            request,
            _("“%(kind)s” will be sent again in a moment.") % {"kind": reminder.get_kind_display()},
        )
    return redirect(reverse("dashboard:booking", args=[booking.reference]) + "#emails")


def _overridden(text: str, done: services.Booked) -> str:
    if done.overridden:
        text += " " + _("Booked anyway: %(rules)s.") % {"rules": _(", ").join(done.overridden)}
    return text


def _refused(request, booking, form, form_name: str, exc: services.BookingError):
    """A refusal on the booking page beside the form; "book anyway" boxes when asked."""
    if isinstance(exc, services.NeedsOverride):
        form.ask_override(exc)
    else:
        form.add_error(None, exc.message)
    status = 409 if isinstance(exc, services.SlotTaken) else 400
    clash = getattr(exc, "clashing", None)
    page = booking_or_404(booking.reference)
    return render_booking(request, page, status=status, clash=clash, **{form_name: form})


# What a change of the booking itself can alter, for the record of staff actions.
CHANGED_FIELDS = ["session_type", "people", "on_location", "location", "start", "end", "price"]


@staff_required
@require_POST
def change(request, reference):
    booking = _booking(reference)
    form = ChangeBookingForm(request.POST, booking=booking)
    if not form.is_valid():
        page = booking_or_404(reference)
        return render_booking(request, page, status=400, change_form=form)
    data = form.cleaned_data
    try:
        with audit.tracked(
            actor=request.user, action="booking.changed", target=booking, fields=CHANGED_FIELDS
        ):
            done = services.change_booking(
                booking=booking,
                session_type=data["session_type"],
                people=data["people"],
                on_location=data["on_location"],
                location=data["location"],
                notify=data["notify"],
                allow=form.allowed(),
            )
    except services.BookingError as exc:
        return _refused(request, booking, form, "change_form", exc)
    messages.success(request, _overridden(_("Booking changed."), done))
    return _back(booking)


@staff_required
@require_POST
def restore(request, reference):
    booking = _booking(reference)
    form = RestoreForm(request.POST)
    if not form.is_valid():
        return render_booking(request, booking_or_404(reference), status=400, restore_form=form)
    try:
        with audit.tracked(
            actor=request.user, action="booking.restored", target=booking, fields=["status"]
        ):
            done = services.restore(
                booking=booking, notify=form.cleaned_data["notify"], allow=form.allowed()
            )
    except services.BookingError as exc:
        return _refused(request, booking, form, "restore_form", exc)
    messages.success(request, _overridden(_("Booking restored: it is on again."), done))
    return _back(booking)
