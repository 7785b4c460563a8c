from django.shortcuts import render

from studio.models import SessionType


def choose_session(request):
    return render(request, "bookings/choose.html", {"session_types": SessionType.objects.active()})
