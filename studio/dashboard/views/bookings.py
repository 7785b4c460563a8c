from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.utils import timezone

from bookings.models import InspirationImage

from .. import media
from ..access import staff_required
from ..answers import answer_rows
from ..selectors.bookings import booking_detail as load_booking
from ..selectors.bookings import client_history


def _booking_or_404(reference: str):
    booking = load_booking(reference)
    if booking is None:
        raise Http404("No such booking")
    return booking


@staff_required
def booking_detail(request, reference):
    booking = _booking_or_404(reference)
    intake = booking.intake
    context = {
        "booking": booking,
        "history": client_history(booking),
        "answers": answer_rows(intake.answers if intake else None),
        "chose_other_kind": bool(intake and intake.recommended_kind != booking.session_type.kind),
        "now": timezone.now(),
    }
    return render(request, "dashboard/booking_detail.html", context)


@staff_required
def booking_image(request, reference, pk, size="full"):
    image = get_object_or_404(InspirationImage, pk=pk, booking__reference=reference)
    try:
        name = media.thumbnail_name(image) if size == "thumb" else image.image.name
        return media.stream(image.image.storage, name)
    except (FileNotFoundError, OSError) as exc:
        raise Http404("The image file is missing") from exc
