"""Block time in two clicks from the calendar or the agenda: time off underneath."""

from datetime import date

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .. import audit, services
from ..access import staff_required
from ..forms import TimeOffForm
from ..selectors.calendar import day_calendar, opening_hours
from ..selectors.settings import bookings_during
from ._params import day_or, time_or


def _initial(request) -> tuple[dict, date, list]:
    """The form's initial values, the day and its opening hours. The day and times are
    the ones the link chose; else the day's opening hours, or the whole day if closed."""
    day = day_or(request.GET.get("date"), timezone.localdate())
    hours = opening_hours(day)
    default_start = hours[0].start if hours else None
    default_end = hours[-1].end if hours else None
    return (
        {
            "start_date": day,
            "end_date": day,
            "start_time": time_or(request.GET.get("start"), default_start),
            "end_time": time_or(request.GET.get("end"), default_end),
        },
        day,
        hours,
    )


@staff_required
def block_time(request):
    initial, day, hours = _initial(request)
    form = TimeOffForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with transaction.atomic():
            if data.get("repeat_until"):
                blocked = form.save()  # the first of a weekly series
                done = _("Time blocked every week; clients can no longer book it.")
            else:
                blocked = services.block_time(
                    start=data["start"], end=data["end"], reason=data["reason"]
                )
                done = _("Time blocked; clients can no longer book it.")
            audit.record(
                actor=request.user,
                action="settings.added",
                target=blocked,
                after=audit.values(blocked, ["start", "end", "reason"]),
            )
        messages.success(request, done)
        _warn_about_bookings(request, blocked)
        week = timezone.localtime(blocked.start).date().isoformat()
        return redirect(reverse("dashboard:calendar_week") + f"?date={week}")
    context = {
        "form": form,
        "day": day_calendar(day=day, today=timezone.localdate(), tz=request.studio.tz),
        "hours": hours,
        "keep": {},
    }
    return render(request, "dashboard/block_time.html", context, status=400 if form.errors else 200)


def _warn_about_bookings(request, blocked) -> None:
    clashes = bookings_during(blocked.start, blocked.end)
    if clashes:
        messages.warning(
            request,
            ngettext(
                "This booking falls in the blocked time and still stands: %(refs)s.",
                "These bookings fall in the blocked time and still stand: %(refs)s.",
                len(clashes),
            )
            % {"refs": ", ".join(booking.reference for booking in clashes)},
        )
