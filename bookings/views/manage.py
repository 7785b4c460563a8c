"""The client's own page at /manage/<token>/: the booking as it is now, reschedule, cancel.

The token is 192 random bits; a wrong or expired one is a 404. GET never changes
anything (mail scanners open links): cancelling and moving are POSTs behind a
confirmation page.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from studio.models import StudioProfile

from .. import flow, services
from ..calendar import booking_ics
from ..forms import (
    CancelForm,
    RescheduleForm,
)
from ..models import Booking
from ..selectors import booking_for_token, shape_of_booking
from .common import MANAGE_RATE, booking_context, check_start_for, limit_posts


def _managed(token: str) -> Booking:
    booking = booking_for_token(token)
    if booking is None:
        raise Http404
    return booking


@require_GET
@never_cache
def manage(request, token):
    booking = _managed(token)
    return render(request, "bookings/manage.html", booking_context(request, booking))


@require_GET
@never_cache
def manage_ics(request, token):
    booking = _managed(token)
    cancelled = booking.status == Booking.Status.CANCELLED
    response = HttpResponse(
        booking_ics(booking, method="CANCEL" if cancelled else "PUBLISH"),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{booking.reference}.ics"'
    return response


@require_http_methods(["GET", "POST"])
@limit_posts("manage", MANAGE_RATE)
@never_cache
def manage_cancel(request, token):
    booking = _managed(token)
    form = CancelForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.cancel(booking=booking, reason=form.cleaned_data["reason"])
        except services.BookingError as exc:
            form.add_error(None, exc.message)
        else:
            messages.success(request, _("Your booking is cancelled. The time is free for others."))
            return redirect("bookings:manage", token=token)
    status = 400 if request.method == "POST" else 200
    context = booking_context(request, booking, form=form)
    return render(request, "bookings/manage_cancel.html", context, status=status)


@require_GET
@never_cache
def manage_reschedule(request, token):
    booking = _managed(token)
    month = flow.slot_calendar(
        studio=StudioProfile.load(),
        shape=shape_of_booking(booking),
        now=timezone.now(),
        month_param=request.GET.get("month"),
        day_param=request.GET.get("date"),
        exclude=booking,
    )
    context = booking_context(
        request,
        booking,
        calendar=month,
        page_url=reverse("bookings:manage_reschedule", args=[token]),
        slots_url=reverse("bookings:manage_slots", args=[token]),
        time_url=reverse("bookings:manage_move", args=[token]),
    )
    return render(request, "bookings/manage_reschedule.html", context)


@require_GET
@never_cache
def manage_slots(request, token):
    booking = booking_for_token(token)
    if booking is None:
        return JsonResponse({"error": _("No such booking.")}, status=404)
    answer = flow.slots_payload(
        studio=StudioProfile.load(),
        shape=shape_of_booking(booking),
        now=timezone.now(),
        day_param=request.GET.get("date"),
        month_param=request.GET.get("month"),
        exclude=booking,
    )
    return JsonResponse(answer.body, status=answer.status)


@require_http_methods(["GET", "POST"])
@limit_posts("manage", MANAGE_RATE)
@never_cache
def manage_move(request, token):
    booking = _managed(token)
    data = request.POST if request.method == "POST" else request.GET
    form = RescheduleForm(data)
    start = form.cleaned_data["start"] if form.is_valid() else None
    if request.method == "GET":
        check = check_start_for(None, start, exclude=booking, shape=shape_of_booking(booking))
        if not check.ok:
            messages.error(request, check.message)
            return redirect(reverse("bookings:manage_reschedule", args=[token]))
        return _move_page(request, booking, form, start)
    if start is None:
        messages.error(request, _("Please choose one of the times offered."))
        return redirect(reverse("bookings:manage_reschedule", args=[token]))
    try:
        services.reschedule(booking=booking, start=start)
    except services.SlotTaken as exc:
        return _move_page(request, booking, form, start, taken=exc, status=409)
    except services.BookingError as exc:
        return _move_page(request, booking, form, start, error=exc.message, status=400)
    messages.success(request, _("Done: your session has moved. Here is your booking as it is now."))
    return redirect("bookings:manage", token=token)


def _move_page(request, booking, form, start, *, taken=None, error="", status=200):
    studio = StudioProfile.load()
    context = booking_context(
        request,
        booking,
        form=form,
        new_start=flow.time_slot(start, studio),
        new_end=flow.time_slot(start + (booking.end - booking.start), studio),
        taken=taken,
        nearest=[flow.time_slot(s, studio) for s in taken.nearest] if taken else [],
        error=error,
    )
    return render(request, "bookings/manage_move.html", context, status=status)
