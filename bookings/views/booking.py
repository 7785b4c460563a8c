"""The booking flow at /book/<slug>/: a day and a time, details, review, confirmation.

The month calendar is server-rendered (static/js/booking.js only enhances it). What the
client typed lives in a session draft (bookings/drafts.py) until the final POST books
it with the draft's idempotency key. Nothing changes on GET.
"""

from __future__ import annotations

import dataclasses
from urllib.parse import urlencode

from django.contrib import messages
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods

from guides.selectors import guide_for_kind
from studio.content import memoised, public_page
from studio.models import SessionType, StudioProfile

from .. import deposits, drafts, flow, links, next_steps, services
from ..availability import change_deadline
from ..forms import (
    ConfirmForm,
    DetailsForm,
    details_from_answers,
    parse_start,
    upload_too_large,
)
from ..intake.session_keys import BOOKING_SESSION_KEY
from ..models import Booking
from ..selectors import rules_for, shape_of
from .common import (
    BOOK_RATE,
    booking_context,
    check_start_for,
    intake_from,
    limit_posts,
)


def _session_type(slug: str) -> SessionType | None:
    return SessionType.objects.active().filter(slug=slug).first()


def _not_offered(request):
    messages.error(request, _("We don't offer that session. Please choose one of these."))
    return redirect("bookings:choose")


def _book_url(slug: str, **params) -> str:
    url = reverse("bookings:book", args=[slug])
    return f"{url}?{urlencode(params)}" if params else url


@require_GET
def choose_session(request):
    intake = intake_from(request)
    return render(
        request,
        "bookings/choose.html",
        {"session_types": SessionType.objects.active(), "intake": intake},
    )


@require_GET
@never_cache
@public_page(live=True)
def book(request, slug):
    session_type = _session_type(slug)
    if session_type is None:
        return _not_offered(request)
    studio = StudioProfile.load()
    month = flow.slot_calendar(
        studio=studio,
        shape=shape_of(session_type),
        now=timezone.now(),
        month_param=request.GET.get("month"),
        day_param=request.GET.get("date"),
    )
    response = render(
        request,
        "bookings/book.html",
        {
            "session_type": session_type,
            "calendar": month,
            "draft": drafts.load(request.session, slug),
            "intake": intake_from(request),
            "page_url": reverse("bookings:book", args=[slug]),
            "slots_url": reverse("bookings:slots", args=[slug]),
            "time_url": reverse("bookings:details", args=[slug]),
            "step": 1,
        },
    )
    response.unchanged_until = month.unchanged_until
    return response


@require_GET
@never_cache
@public_page(live=True)
def slots(request, slug):
    # Answers are kept until a booking, an edit or the clock changes them (public_page);
    # the rules change only with the studio's content, so a miss costs one query.
    setup = memoised(
        f"slots-setup:{slug}", lambda: _slots_setup(slug), version=request.content_version
    )
    if setup is None:
        return JsonResponse({"error": _("No such session type.")}, status=404)
    studio, shape, rules = setup
    answer = flow.slots_payload(
        studio=studio,
        shape=shape,
        rules=rules,
        now=timezone.now(),
        day_param=request.GET.get("date"),
        month_param=request.GET.get("month"),
    )
    response = JsonResponse(answer.body, status=answer.status)
    response.unchanged_until = answer.unchanged_until
    return response


def _slots_setup(slug: str):
    session_type = _session_type(slug)
    if session_type is None:
        return None
    studio = StudioProfile.load()
    return studio, shape_of(session_type), rules_for(studio)


@require_http_methods(["GET", "POST"])
@limit_posts("booking", BOOK_RATE)
@never_cache
def details(request, slug):
    session_type = _session_type(slug)
    if session_type is None:
        return _not_offered(request)
    draft = drafts.load(request.session, slug)
    intake = intake_from(request)
    form_kwargs = {
        "session_type": session_type,
        "ask_purpose": intake is None,
        "parked_images": len(draft.images) if draft else 0,
    }
    if request.method == "GET":
        start = parse_start(request.GET.get("start")) or (draft.start_at if draft else None)
        check = check_start_for(session_type, start)
        if not check.ok:
            messages.error(request, check.message)
            return redirect(_book_url(slug, **_day_param(start)))
        # A draft holds what the client typed here; before one, the wizard's answers.
        answered = details_from_answers(intake.answers if intake else None, session_type)
        initial = {**(draft.details() if draft else answered.initial), "start": start.isoformat()}
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
        draft = _keep_chosen_images(request, form, slug, draft)
        return _details_page(request, session_type, form, draft, intake, status=400)
    shape = shape_of(session_type, on_location=form.cleaned_data["on_location"])
    check = check_start_for(session_type, form.cleaned_data["start"], shape=shape)
    if not check.ok:
        draft = _keep_chosen_images(request, form, slug, draft)
        form.add_error("start", check.message)
        status = 409 if check.nearest is not None else 400
        return _details_page(request, session_type, form, draft, intake, check=check, status=status)
    drafts.save(request.session, _draft_from(form.cleaned_data, slug, draft))
    return redirect("bookings:review", slug=slug)


def _day_param(start) -> dict:
    if start is None:
        return {}
    return {"date": start.astimezone(StudioProfile.load().tz).date().isoformat()}


def _keep_chosen_images(request, form, slug: str, draft: drafts.Draft | None):
    """Park the good images of a form sent back with errors: browsers forget chosen files.

    A visitor without a draft yet gets one that holds only the images and the time
    (details_checked False), so review still waits for details that pass the form.
    """
    images = form.cleaned_data.get("images")
    start = form.cleaned_data.get("start") or (draft.start_at if draft else None)
    if not images or start is None:
        return draft
    if draft is None:
        draft = drafts.Draft(slug=slug, start=start.isoformat(), details_checked=False)
    draft = dataclasses.replace(draft, images=drafts.park_images(images))
    drafts.save(request.session, draft)
    return draft


def _draft_from(data: dict, slug: str, previous: drafts.Draft | None) -> drafts.Draft:
    """The new draft from a valid details form; parked images replaced or kept as asked."""
    images = previous.images if previous else []
    if data["images"] or data.get("remove_images"):  # replaced ones are deleted on save
        images = drafts.park_images(data["images"]) if data["images"] else []
    fields = {key: data.get(key, "") for key in ("name", "email", "phone", "purpose", "notes")}
    return drafts.Draft(
        slug=slug,
        start=data["start"].isoformat(),
        people=data["people"],
        on_location=data["on_location"],
        location=data["location"],
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
            "answer_notes": details_from_answers(
                intake.answers if intake else None, session_type
            ).notes,
            "start": flow.time_slot(start, StudioProfile.load()) if start else None,
            "check": check,
            "problem": problem,
            "choose_again": _images_to_choose_again(request, form, draft),
            "step": 2,
        },
        status=status,
    )


def _images_to_choose_again(request, form, draft) -> list[str]:
    """The names of the files a form sent back with errors could not keep."""
    if not form.is_bound or not form.errors:
        return []
    kept = {image.original_name for image in draft.images} if draft else set()
    return [f.name for f in request.FILES.getlist("images") if f.name[:200] not in kept]


@require_http_methods(["GET", "POST"])
@limit_posts("booking", BOOK_RATE)
@never_cache
def review(request, slug):
    session_type = _session_type(slug)
    if session_type is None:
        return _not_offered(request)
    draft = drafts.load(request.session, slug)
    if draft is None:
        return _no_draft(request, slug)
    if not draft.details_checked:
        return redirect("bookings:details", slug=slug)
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
        booking = _book_from(draft, session_type, intake_from(request))
    except services.SlotTaken as exc:
        return _review_page(request, session_type, draft, form, taken=exc, status=409)
    except services.BookingError as exc:
        return _review_page(request, session_type, draft, form, error=exc.message, status=400)
    drafts.discard(request.session)
    request.session.pop(BOOKING_SESSION_KEY, None)
    request.session[drafts.DONE_KEY] = {"id": booking.pk, "key": draft.key, "slug": slug}
    if booking.status == Booking.Status.AWAITING_PAYMENT:
        return _on_to_payment(booking)
    return redirect("bookings:confirmed", slug=slug)


class _RepeatPost(HttpResponseRedirect):
    status_code = 307


def _on_to_payment(booking: Booking):
    """Straight on to the deposit: a 307 repeats this POST (its CSRF token included) at the
    payments app's deposit page, which opens Stripe Checkout; without JavaScript too."""
    return _RepeatPost(links.path_to(links.DEPOSIT, booking.manage_token))


def _book_from(draft: drafts.Draft, session_type, intake) -> Booking:
    return services.book(
        session_type=session_type,
        start=draft.start_at,
        client=services.ClientDetails(name=draft.name, email=draft.email, phone=draft.phone),
        people=draft.people,
        purpose=draft.purpose,
        notes=draft.notes,
        on_location=draft.on_location,
        location=draft.location,
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
    pays_online = deposits.takes_deposit_online(session_type)
    response = render(
        request,
        "bookings/review.html",
        {
            "session_type": session_type,
            "draft": draft,
            "form": form,
            "start": flow.time_slot(draft.start_at, studio),
            "intake": intake_from(request),
            "taken": taken,
            "nearest": [flow.time_slot(s, studio) for s in taken.nearest] if taken else [],
            "error": error,
            "inside_notice": timezone.now()
            > change_deadline(draft.start_at, notice_hours=studio.change_notice_hours),
            "pays_online": pays_online,
            "hold_minutes": studio.deposit_hold_minutes,
            "step": 3,
        },
        status=status,
    )
    return deposits.leading_to_payment(response) if pays_online else response


@require_GET
@never_cache
def confirmed(request, slug):
    done = request.session.get(drafts.DONE_KEY) or {}
    booking = (
        Booking.objects.select_related("session_type", "client")
        .filter(pk=done.get("id"), session_type__slug=slug)
        .first()
    )
    if booking is None:
        return redirect("bookings:book", slug=slug)
    if booking.deposit_online and not booking.deposit_paid:
        return redirect(links.path_to(links.DEPOSIT, booking.manage_token))
    steps = next_steps.for_booking(
        booking,
        studio=StudioProfile.load(),
        guide=guide_for_kind(booking.session_type.kind),
        site_url=request.build_absolute_uri("/").rstrip("/"),
    )
    context = booking_context(request, booking, next=steps)
    return render(request, "bookings/confirmed.html", context)
