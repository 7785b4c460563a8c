from datetime import timedelta

from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext
from django.views.decorators.http import require_POST

from bookings import reminders as outbox
from bookings.models import Reminder
from bookings.selectors import sessions_on
from bookings.studio_emails import build_studio_message
from studio.models import StudioProfile, TimeOff, TimeOffSeries, WorkingHours
from studio.site import absolute

from .. import audit, services
from ..access import staff_required
from ..forms import (
    BookingRulesForm,
    ReminderSettingsForm,
    StudioAlertsForm,
    StudioProfileForm,
    TimeOffForm,
    WorkingHoursFormSet,
)
from ..selectors.settings import bookings_during, upcoming_time_off

# One page shape for the three forms over the studio profile: form, title, one-line intro.
PROFILE_FORMS = {
    "profile": (
        StudioProfileForm,
        gettext_lazy("Studio profile"),
        gettext_lazy("What clients see in the footer, in emails and in calendar invitations."),
    ),
    "rules": (
        BookingRulesForm,
        gettext_lazy("Booking rules"),
        gettext_lazy(
            "How clients may book, move and cancel online. Bookings already made keep the "
            "cancellation notice they agreed to."
        ),
    ),
    "reminders": (
        ReminderSettingsForm,
        gettext_lazy("Reminder emails"),
        gettext_lazy(
            "When each reminder goes out, for new and moved bookings and, if you say so, "
            "for the reminders already planned."
        ),
    ),
    "alerts": (
        StudioAlertsForm,
        gettext_lazy("Studio alerts"),
        gettext_lazy(
            "Emails to you, never to clients: when a client books, moves or cancels, when a "
            "booking waits for your confirmation, and a digest of the day's sessions."
        ),
    ),
}


def _profile_form(request, section: str):
    form_class, title, intro = PROFILE_FORMS[section]
    # The reminders' timing reaches the reminders already planned, if the studio says so.
    extra = {"waiting": outbox.waiting_count()} if section == "reminders" else {}
    # A copy of its own: a form that fails validation must not change the row the page shows.
    form = form_class(
        request.POST or None, instance=StudioProfile.objects.get(pk=request.studio.pk), **extra
    )
    if request.method == "POST" and form.is_valid():
        audit.save_form(actor=request.user, form=form)
        messages.success(request, _("%(section)s saved.") % {"section": title})
        if form.cleaned_data.get("replan"):
            moved = outbox.replan_waiting()
            messages.success(
                request,
                ngettext(
                    "%(n)d planned reminder moved to the new timing.",
                    "%(n)d planned reminders moved to the new timing.",
                    moved,
                )
                % {"n": moved},
            )
        return redirect(f"dashboard:settings_{section}")
    status = 400 if form.errors else 200
    context = {"form": form, "section": section, "title": title, "intro": intro}
    return render(request, "dashboard/settings_form.html", context, status=status)


@staff_required
def profile(request):
    return _profile_form(request, "profile")


@staff_required
def rules(request):
    return _profile_form(request, "rules")


@staff_required
def reminders(request):
    return _profile_form(request, "reminders")


@staff_required
def alerts(request):
    return _profile_form(request, "alerts")


def _hours_now() -> dict:
    """The opening hours as the record keeps them: one line per range."""
    rows = WorkingHours.objects.order_by("weekday", "start")
    return {"opening hours": "; ".join(str(row) for row in rows)}


@staff_required
def hours(request):
    formset = WorkingHoursFormSet(request.POST or None, queryset=WorkingHours.objects.all())
    if request.method == "POST" and formset.is_valid():
        with transaction.atomic():
            before = _hours_now()
            formset.save()
            old, new = audit.changed(before, _hours_now())
            if old or new:
                audit.record(
                    actor=request.user,
                    action="settings.changed",
                    target=StudioProfile.load(),
                    before=old,
                    after=new,
                )
        messages.success(request, _("Opening hours saved."))
        return redirect("dashboard:settings_hours")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "dashboard/settings_hours.html",
        {"formset": formset, "section": "hours"},
        status=status,
    )


@staff_required
def time_off(request):
    now = timezone.now()
    form = TimeOffForm(request.POST or None, now=now)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            created = form.save()
            audit.record(
                actor=request.user,
                action="settings.added",
                target=created,
                after=audit.values(created, ["start", "end", "reason"]),
            )
        messages.success(request, _("Time off added; those times are no longer offered."))
        clashes = bookings_during(created.start, created.end)
        if clashes:
            references = ", ".join(booking.reference for booking in clashes)
            messages.warning(
                request,
                ngettext(
                    "This booking falls in the new time off and still stands: %(refs)s.",
                    "These bookings fall in the new time off and still stand: %(refs)s.",
                    len(clashes),
                )
                % {"refs": references},
            )
        return redirect("dashboard:settings_time_off")
    context = {"form": form, "periods": upcoming_time_off(now=now), "section": "time_off"}
    return render(
        request, "dashboard/settings_time_off.html", context, status=400 if form.errors else 200
    )


@staff_required
@require_POST
def time_off_delete(request, pk):
    period = get_object_or_404(TimeOff, pk=pk)
    with transaction.atomic():
        audit.removed(actor=request.user, target=period, fields=["start", "end", "reason"])
        services.delete_time_off(time_off=period)
    messages.success(request, _("Time off removed; those times can be booked again."))
    back = request.POST.get("next", "")
    if back.startswith("/dashboard/") and url_has_allowed_host_and_scheme(
        back, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return redirect(back)  # the calendar it was removed from
    return redirect("dashboard:settings_time_off")


@staff_required
def calendar_feed(request):
    key = request.studio.calendar_feed_key
    url = absolute("dashboard:feed", key) if key else ""
    return render(
        request, "dashboard/settings_feed.html", {"feed_url": url, "section": "calendar_feed"}
    )


@staff_required
@require_POST
def calendar_feed_rotate(request):
    had_key = bool(request.studio.calendar_feed_key)
    with transaction.atomic():
        services.rotate_feed_key()
        # The key itself is a secret: the record says only that it changed.
        audit.record(
            actor=request.user,
            action="settings.changed",
            target=StudioProfile.load(),
            before={"calendar feed address": "old" if had_key else "none"},
            after={"calendar feed address": "new"},
        )
    if had_key:
        messages.success(request, _("New feed address made; the old one no longer works."))
    else:
        messages.success(request, _("Your calendar feed is ready."))
    return redirect("dashboard:settings_calendar_feed")


@staff_required
@require_POST
def time_off_series_delete(request, pk):
    series = get_object_or_404(TimeOffSeries, pk=pk)
    with transaction.atomic():
        audit.record(
            actor=request.user,
            action="settings.removed",
            target=series,
            before=audit.values(series, ["reason"]),
        )
        services.delete_series(series=series)
    messages.success(request, _("Weekly time off removed; those times can be booked again."))
    return redirect("dashboard:settings_time_off")


@staff_required
def digest_preview(request):
    """Tomorrow's digest as it would be written now (sent to no one)."""
    tomorrow = timezone.localdate() + timedelta(days=1)
    row = Reminder(kind=Reminder.Kind.DIGEST, digest_day=tomorrow, due_at=timezone.now())
    message = build_studio_message(row, studio=request.studio)
    context = {
        "section": "alerts",
        "day": tomorrow,
        "subject": message.subject,
        "body": message.body,
        "empty": not sessions_on(tomorrow, request.studio),
    }
    return render(request, "dashboard/settings_digest_preview.html", context)
