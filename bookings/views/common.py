"""What the booking and manage views share: rate limits, the intake hand-over, context."""

from __future__ import annotations

from functools import wraps

from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django_ratelimit.core import is_ratelimited

from studio.models import StudioProfile

from .. import flow, links
from ..intake.session_keys import BOOKING_SESSION_KEY
from ..models import Booking, IntakeResponse
from ..selectors import shape_of

BOOK_RATE = "20/m"  # POSTs per IP to the booking steps
MANAGE_RATE = "10/m"  # POSTs per IP to reschedule and cancel


def limit_posts(group: str, rate: str):
    """Rate-limit POSTs per client IP (REMOTE_ADDR only: X-Forwarded-For can be forged)."""

    def decorator(view):
        @wraps(view)
        def wrapped(request, *args, **kwargs):
            if request.method == "POST" and is_ratelimited(
                request, group=group, key="ip", rate=rate, method="POST", increment=True
            ):
                response = import_string(settings.RATELIMIT_VIEW)(request)
                response["Retry-After"] = "60"
                return response
            return view(request, *args, **kwargs)

        return wrapped

    return decorator


def intake_from(request) -> IntakeResponse | None:
    intake_id = request.session.get(BOOKING_SESSION_KEY)
    if isinstance(intake_id, str) and intake_id.isdigit():
        intake_id = int(intake_id)
    if not isinstance(intake_id, int) or isinstance(intake_id, bool):
        return None
    return IntakeResponse.objects.filter(pk=intake_id).first()


def check_start_for(session_type, start, *, exclude=None, shape=None):
    return flow.check_chosen_start(
        start,
        studio=StudioProfile.load(),
        shape=shape or shape_of(session_type),
        now=timezone.now(),
        exclude=exclude,
    )


def booking_context(request, booking: Booking, **extra) -> dict:
    studio = StudioProfile.load()
    manage_path = reverse("bookings:manage", args=[booking.manage_token])
    deadline = booking.change_deadline
    return {
        "booking": booking,
        "start": flow.time_slot(booking.start, studio),
        "end": flow.time_slot(booking.end, studio),
        "zone_label": flow.zone_label(studio.tz, booking.start),
        "manage_url": request.build_absolute_uri(manage_path),
        "deadline": deadline.astimezone(studio.tz),
        "can_change": booking.is_active and timezone.now() <= deadline,
        "deposit_url": links.path_to(links.DEPOSIT, booking.manage_token),
        **extra,
    }
