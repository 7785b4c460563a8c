from django.shortcuts import get_object_or_404, render

from studio.models import SessionType

from .models import Booking


def choose_session(request):
    return render(request, "bookings/choose.html", {"session_types": SessionType.objects.active()})


def manage(request, token):
    booking = get_object_or_404(
        Booking.objects.select_related("session_type", "client"), manage_token=token
    )
    return render(request, "bookings/manage.html", {"booking": booking})
