"""The booking flow and the client's manage page. Thin: a form, one service, a response.

Steps of /book/<slug>/: a day and a time (server-rendered month calendar, enhanced by
static/js/booking.js), the client's details, a review with the policy, and the
confirmation. What the client typed lives in a session draft (bookings/drafts.py)
until the final POST books it. Nothing changes on GET.
"""

from __future__ import annotations

from datetime import timedelta
from functools import wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from django_ratelimit.core import is_ratelimited

from studio.models import SessionType, StudioProfile

from . import drafts, flow, services
from .calendar import booking_ics
from .forms import (
    CancelForm,
    ConfirmForm,
    DetailsForm,
    RescheduleForm,
    parse_start,
    upload_too_large,
)
from .models import Booking, IntakeResponse
from .selectors import booking_for_token, shape_of, shape_of_booking

BOOK_RATE = "20/m"  # POSTs per IP to the booking steps
MANAGE_RATE = "10/m"  # POSTs per IP to reschedule and cancel
INTAKE_KEY = "intake_response_id"


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


def _session_type(slug: str) -> SessionType | None:
    return SessionType.objects.active().filter(slug=slug).first()


def _not_offered(request):
    messages.error(request, _("We don't offer that session. Please choose one of these."))
    return redirect("bookings:choose")


def _intake(request) -> IntakeResponse | None:
    intake_id = request.session.get(INTAKE_KEY)
    if not isinstance(intake_id, int):
        return None
    return IntakeResponse.objects.filter(pk=intake_id).first()


def _book_url(slug: str, **params) -> str:
    url = reverse("bookings:book", args=[slug])
    return f"{url}?{urlencode(params)}" if params else url


# --- choose and calendar -------------------------------------------------------------------


@require_GET
def choose_session(request):
    intake = _intake(request)
    return render(
        request,
        "bookings/choose.html",
        {"session_types": SessionType.objects.active(), "intake": intake},
    )


@require_GET
def book(request, slug):
    session_type = _session_type(slug)
    if session_type is None:
        return _not_offered(request)
    studio = StudioProfile.load()
    month = flow.month_calendar(
        studio=studio,
        shape=shape_of(session_type),
        now=timezone.now(),
        month_param=request.GET.get("month"),
        day_param=request.GET.get("date"),
    )
    return render(
        request,
        "bookings/book.html",
        {
            "session_type": session_type,
            "calendar": month,
            "draft": drafts.load(request.session, slug),
            "intake": _intake(request),
            "page_url": reverse("bookings:book", args=[slug]),
            "slots_url": reverse("bookings:slots", args=[slug]),
            "time_url": reverse("bookings:details", args=[slug]),
            "step": 1,
        },
    )


@require_GET
@never_cache
def slots(request, slug):
    session_type = _session_type(slug)
    if session_type is None:
        return JsonResponse({"error": _("No such session type.")}, status=404)
    status, body = flow.slots_payload(
        studio=StudioProfile.load(),
        shape=shape_of(session_type),
        now=timezone.now(),
        day_param=request.GET.get("date"),
        month_param=request.GET.get("month"),
    )
    return JsonResponse(body, status=status)


# --- details, review, confirmation ---------------------------------------------------------


@require_http_methods(["GET", "POST"])
@limit_posts("booking", BOOK_RATE)
def details(request, slug):
    session_type = _session_type(slug)
    if session_type is None:
        return _not_offered(request)
    draft = drafts.load(request.session, slug)
    intake = _intake(request)
    form_kwargs = {
        "session_type": session_type,
        "ask_purpose": intake is None,
        "parked_images": len(draft.images) if draft else 0,
    }
    if request.method == "GET":
        start = parse_start(request.GET.get("start")) or (draft.start_at if draft else None)
        check = _check(session_type, start)
        if not check.ok:
            messages.error(request, check.message)
            return redirect(_book_url(slug, **_day_param(start)))
        initial = {**(draft.details() if draft else {}), "start": start.isoformat()}
        form = DetailsForm(initial=initial, **form_kwargs)
        return _details_page(request, session_type, form, draft, intake, start=start)
    if upload_too_large(request):
        initial = {**(draft.details() if draft else {}), "start": draft.start if draft else ""}
        form = DetailsForm(initial=initial, **form_kwargs)
        problem = _("That upload is far too large. Please choose smaller images.")
        return _details_page(
            request, session_type, form, draft, intake, problem=problem, status=413
        )
    form = DetailsForm(request.POST, request.FILES, **form_kwargs)
    if not form.is_valid():
        return _details_page(request, session_type, form, draft, intake, status=400)
    check = _check(session_type, form.cleaned_data["start"])
    if not check.ok:
        form.add_error("start", check.message)
        status = 409 if check.nearest is not None else 400
        return _details_page(request, session_type, form, draft, intake, check=check, status=status)
    drafts.save(request.session, _draft_from(form.cleaned_data, slug, draft))
    return redirect("bookings:review", slug=slug)


def _check(session_type, start, *, exclude=None, shape=None):
    return flow.check_chosen_start(
        start,
        studio=StudioProfile.load(),
        shape=shape or shape_of(session_type),
        now=timezone.now(),
        exclude=exclude,
    )


def _day_param(start) -> dict:
    if start is None:
        return {}
    return {"date": start.astimezone(StudioProfile.load().tz).date().isoformat()}


def _draft_from(data: dict, slug: str, previous: drafts.Draft | None) -> drafts.Draft:
    """The new draft from a valid details form; parked images replaced or kept as asked."""
    images = previous.images if previous else []
    if data["images"] or data.get("remove_images"):
        for image in images:
            drafts.delete_parked(image.path)
        images = drafts.park_images(data["images"]) if data["images"] else []
    fields = {key: data.get(key, "") for key in ("name", "email", "phone", "purpose", "notes")}
    return drafts.Draft(
        slug=slug,
        start=data["start"].isoformat(),
        people=data["people"],
        images=images,
        key=previous.key if previous else drafts.new_key(),
        **fields,
    )


def _details_page(
    request, session_type, form, draft, intake, *, start=None, check=None, problem="", status=200
):
    if start is None and form.is_bound:
        start = form.cleaned_data.get("start")
    if start is None and draft is not None:
        start = draft.start_at
    return render(
        request,
        "bookings/details.html",
        {
            "session_type": session_type,
            "form": form,
            "draft": draft,
            "intake": intake,
            "start": flow.time_slot(start, StudioProfile.load().tz) if start else None,
            "check": check,
            "problem": problem,
            "step": 2,
        },
        status=status,
    )


@require_http_methods(["GET", "POST"])
@limit_posts("booking", BOOK_RATE)
def review(request, slug):
    session_type = _session_type(slug)
    if session_type is None:
        return _not_offered(request)
    draft = drafts.load(request.session, slug)
    if draft is None:
        return _no_draft(request, slug)
    if request.method == "GET":
        return _review_page(request, session_type, draft, ConfirmForm(initial={"key": draft.key}))
    form = ConfirmForm(request.POST)
    if not form.is_valid() or form.cleaned_data["key"] != draft.key:
        messages.error(request, _("This page was out of date. Please check the details again."))
        return redirect("bookings:review", slug=slug)
    if form.cleaned_data["start"]:
        draft.start = form.cleaned_data["start"].isoformat()
        drafts.save(request.session, draft)
    try:
        booking = _book_from(draft, session_type, _intake(request))
    except services.SlotTaken as exc:
        return _review_page(request, session_type, draft, form, taken=exc, status=409)
    except services.BookingError as exc:
        return _review_page(request, session_type, draft, form, error=exc.message, status=400)
    drafts.discard(request.session)
    request.session.pop(INTAKE_KEY, None)
    request.session[drafts.DONE_KEY] = {"id": booking.pk, "key": draft.key, "slug": slug}
    return redirect("bookings:confirmed", slug=slug)


def _book_from(draft: drafts.Draft, session_type, intake) -> Booking:
    return services.book(
        session_type=session_type,
        start=draft.start_at,
        client=services.ClientDetails(name=draft.name, email=draft.email, phone=draft.phone),
        people=draft.people,
        purpose=draft.purpose,
        notes=draft.notes,
        intake=intake,
        images=drafts.unpark(draft.images),
        idempotency_key=draft.key,
    )


def _no_draft(request, slug):
    """Review without a draft: a resubmitted final POST, or a stale or forged one."""
    done = request.session.get(drafts.DONE_KEY) or {}
    if (
        request.method == "POST"
        and done.get("slug") == slug
        and request.POST.get("key") == done.get("key")
    ):
        return redirect("bookings:confirmed", slug=slug)
    messages.info(request, _("Please choose a day and time to start your booking."))
    return redirect("bookings:book", slug=slug)


def _review_page(request, session_type, draft, form, *, taken=None, error="", status=200):
    studio = StudioProfile.load()
    tz = studio.tz
    notice = timedelta(hours=studio.change_notice_hours)
    return render(
        request,
        "bookings/review.html",
        {
            "session_type": session_type,
            "draft": draft,
            "form": form,
            "start": flow.time_slot(draft.start_at, tz),
            "intake": _intake(request),
            "taken": taken,
            "nearest": [flow.time_slot(s, tz) for s in taken.nearest] if taken else [],
            "error": error,
            "inside_notice": draft.start_at - notice < timezone.now(),
            "step": 3,
        },
        status=status,
    )


@require_GET
def confirmed(request, slug):
    done = request.session.get(drafts.DONE_KEY) or {}
    booking = (
        Booking.objects.select_related("session_type", "client")
        .filter(pk=done.get("id"), session_type__slug=slug)
        .first()
    )
    if booking is None:
        return redirect("bookings:book", slug=slug)
    return render(request, "bookings/confirmed.html", _booking_context(request, booking))


# --- the client's manage page --------------------------------------------------------------


def _managed(token: str) -> Booking:
    booking = booking_for_token(token)
    if booking is None:
        raise Http404
    return booking


def _booking_context(request, booking: Booking, **extra) -> dict:
    studio = StudioProfile.load()
    manage_path = reverse("bookings:manage", args=[booking.manage_token])
    deadline = booking.start - timedelta(hours=booking.change_notice_hours)
    return {
        "booking": booking,
        "start": flow.time_slot(booking.start, studio.tz),
        "end": flow.time_slot(booking.end, studio.tz),
        "zone_label": flow.zone_label(studio.tz, booking.start),
        "manage_url": request.build_absolute_uri(manage_path),
        "deadline": deadline.astimezone(studio.tz),
        "can_change": booking.is_active and timezone.now() <= deadline,
        **extra,
    }


@require_GET
def manage(request, token):
    booking = _managed(token)
    return render(request, "bookings/manage.html", _booking_context(request, booking))


@require_GET
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
    context = _booking_context(request, booking, form=form)
    return render(request, "bookings/manage_cancel.html", context, status=status)


@require_GET
def manage_reschedule(request, token):
    booking = _managed(token)
    month = flow.month_calendar(
        studio=StudioProfile.load(),
        shape=shape_of_booking(booking),
        now=timezone.now(),
        month_param=request.GET.get("month"),
        day_param=request.GET.get("date"),
        exclude=booking,
    )
    context = _booking_context(
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
    status, body = flow.slots_payload(
        studio=StudioProfile.load(),
        shape=shape_of_booking(booking),
        now=timezone.now(),
        day_param=request.GET.get("date"),
        month_param=request.GET.get("month"),
        exclude=booking,
    )
    return JsonResponse(body, status=status)


@require_http_methods(["GET", "POST"])
@limit_posts("manage", MANAGE_RATE)
def manage_move(request, token):
    booking = _managed(token)
    data = request.POST if request.method == "POST" else request.GET
    form = RescheduleForm(data)
    start = form.cleaned_data["start"] if form.is_valid() else None
    if request.method == "GET":
        check = _check(None, start, exclude=booking, shape=shape_of_booking(booking))
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
    tz = StudioProfile.load().tz
    context = _booking_context(
        request,
        booking,
        form=form,
        new_start=flow.time_slot(start, tz),
        new_end=flow.time_slot(start + (booking.end - booking.start), tz),
        taken=taken,
        nearest=[flow.time_slot(s, tz) for s in taken.nearest] if taken else [],
        error=error,
    )
    return render(request, "bookings/manage_move.html", context, status=status)
