from django.shortcuts import render

from .models import SessionType


def session_list(request):
    return render(
        request, "studio/session_list.html", {"session_types": SessionType.objects.active()}
    )
