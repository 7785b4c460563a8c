"""Who may use the dashboard: active staff who finished signing in.

Anonymous visitors are sent to the login page; a logged-in person who is not staff
gets a 403 page (sending them to log in again would loop); staff past the password but
not the second factor are sent to it (signin.policy). Every dashboard view runs
with the studio's time zone active, so times render as the photographer reads them.
"""

from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache

from studio.models import StudioProfile

from .signin.policy import is_staff, passed
from .signin.views import second_step_url

__all__ = ["is_staff", "staff_required"]


def staff_required(view):
    """Refuse anyone but signed-in active staff; render in the studio's zone; never cache."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        if not is_staff(request.user):
            return render(request, "dashboard/403.html", status=403)
        if not passed(request):
            return redirect(second_step_url(request.user, request.get_full_path()))
        request.studio = StudioProfile.load()
        with timezone.override(request.studio.tz):
            return view(request, *args, **kwargs)

    return never_cache(wrapped)
