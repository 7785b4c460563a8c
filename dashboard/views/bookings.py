from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from bookings import reminders
from bookings.clashes import mark_clashes
from bookings.models import InspirationImage
from bookings.next_steps import map_url
from bookings.reminders.schedule import Rules
from payments.selectors import balance
from studio.models import StudioProfile

from .. import media
from ..access import staff_required
from ..answers import answer_rows
from ..booking_forms import (
    ChangeBookingForm,
    OfflinePaymentForm,
    PriceChangeForm,
    PrivateNotesForm,
    RestoreForm,
    StudioCancelForm,
    StudioRescheduleForm,
)
from ..selectors import actions
from ..selectors.bookings import booking_detail as load_booking
from ..selectors.bookings import client_history


def booking_or_404(reference: str):
    booking = load_booking(reference)
    if booking is None:
        raise Http404("No such booking")
    return booking


def resendable(booking) -> set[int]:
    """Ids of the booking's messages "send it again" accepts (`reminders.why_not_resend`)."""
    studio = StudioProfile.load()
    rules, now = Rules.from_studio(studio), timezone.now()
    return {
        reminder.pk
        for reminder in booking.reminders.all()
        if not reminders.why_not_resend(reminder, rules=rules, moment=now, studio=studio)
    }


def render_booking(request, booking, *, status=200, **forms):
    """The booking page; `forms` replaces any of its action forms (bound, with errors)."""
    intake = booking.intake
    mark_clashes([booking])
    now = timezone.now()
    local_start = timezone.localtime(booking.start)
    context = {
        "booking": booking,
        "history": client_history(booking),
        "answers": answer_rows(intake.answers if intake else None),
        "chose_other_kind": bool(intake and intake.recommended_kind != booking.session_type.kind),
        "now": now,
        "has_started": booking.start <= now,
        "reschedule_form": StudioRescheduleForm(
            initial={"date": local_start.date(), "time": local_start.time()}
        ),
        "cancel_form": StudioCancelForm(),
        "notes_form": PrivateNotesForm(initial={"private_notes": booking.private_notes}),
        "balance": balance(booking, request.studio.tz),
        "payment_form": OfflinePaymentForm(initial={"taken_on": timezone.localdate()}),
        "price_form": PriceChangeForm(),
        "change_form": ChangeBookingForm.for_booking(booking),
        "restore_form": RestoreForm(),
        "changes": booking.history.order_by("-at", "-pk"),
        "resendable": resendable(booking),
        "map_url": map_url(booking.location) if booking.on_location else "",
        "staff_actions": actions.for_booking(booking),
        **forms,
    }
    return render(request, "dashboard/booking_detail.html", context, status=status)


@staff_required
def booking_detail(request, reference):
    return render_booking(request, booking_or_404(reference))


@staff_required
def booking_image(request, reference, pk, size="full"):
    image = get_object_or_404(InspirationImage, pk=pk, booking__reference=reference)
    try:
        name = media.thumbnail_name(image) if size == "thumb" else image.image.name
        return media.stream(image.image.storage, name)
    except (FileNotFoundError, OSError) as exc:
        raise Http404("The image file is missing") from exc
