"""Settings › Your calendars: connect the photographer's own calendars, read them now.

Connecting a calendar reads it at once, in the request (about a second;
at most the read's deadline and its parsing budget), so the page says straight away
whether it worked and, if not, why. "Refresh now" asks the worker.
"""

from django.conf import settings
from django.contrib import messages
from django.db import transaction
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_POST

from calendars import kicks
from calendars import services as calendar_services
from calendars.models import Calendar

from .. import audit
from ..access import staff_required
from ..forms import ConnectedCalendarForm
from ..selectors.calendars import connected_calendars

# What the record keeps of a calendar: never its address, which is a secret.
RECORDED = ("name", "all_day_blocks")


def _first_read(request, calendar: Calendar, done: str) -> None:
    """Read the calendar now and say how it went, in words for the photographer."""
    result = calendar_services.sync_calendar(calendar_id=calendar.pk)
    if result.outcome == "busy":  # a read of it is already running: the page will show it
        _refresh(request, calendar, done)
    elif result.outcome == "failed":
        messages.warning(
            request,
            _(
                "%(name)s is connected, but reading it failed: %(error)s Until a read "
                "works, its events do not block bookings. It is tried again every "
                "%(minutes)d minutes."
            )
            % {
                "name": calendar.name,
                "error": result.error,
                "minutes": settings.CALENDAR_REFRESH_MINUTES,
            },
        )
    else:
        messages.success(
            request,
            ngettext(
                "%(done)s %(count)d busy time in the coming weeks now blocks bookings.",
                "%(done)s %(count)d busy times in the coming weeks now block bookings.",
                result.events,
            )
            % {"done": done, "count": result.events},
        )


def _refresh(request, calendar: Calendar, done: str) -> None:
    if kicks.request_refresh(calendar.pk):
        messages.success(request, done)
    else:
        messages.warning(
            request,
            _(
                "%(name)s will be read at the next regular refresh (the task queue is not "
                "answering)."
            )
            % {"name": calendar.name},
        )


@staff_required
def calendars(request):
    form = ConnectedCalendarForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        if not form.cleaned_data["url"]:
            form.add_error("url", _("This field is required."))
        else:
            with transaction.atomic():
                calendar = calendar_services.add_calendar(**form.cleaned_data)
                audit.record(
                    actor=request.user,
                    action="settings.added",
                    target=calendar,
                    after=audit.values(calendar, RECORDED),  # never the secret address
                )
            _first_read(
                request, calendar, _("%(name)s connected and read.") % {"name": calendar.name}
            )
            return redirect("dashboard:settings_calendars")
    context = {
        "form": form,
        "calendars": connected_calendars(),
        "refresh_minutes": settings.CALENDAR_REFRESH_MINUTES,
    }
    status = 400 if form.errors else 200
    return render(request, "dashboard/settings_calendars.html", context, status=status)


@staff_required
def calendar_edit(request, pk):
    calendar = get_object_or_404(Calendar, pk=pk)
    initial = {"name": calendar.name, "all_day_blocks": calendar.all_day_blocks}
    form = ConnectedCalendarForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        with audit.tracked(
            actor=request.user, action="settings.changed", target=calendar, fields=RECORDED
        ):
            calendar_services.update_calendar(
                calendar=calendar,
                name=data["name"],
                url=data["url"] or calendar.url,
                all_day_blocks=data["all_day_blocks"],
            )
        _refresh(
            request, calendar, _("%(name)s saved; reading it again now.") % {"name": calendar.name}
        )
        return redirect("dashboard:settings_calendars")
    status = 400 if form.errors else 200
    context = {"form": form, "calendar": calendar}
    return render(request, "dashboard/settings_calendar_edit.html", context, status=status)


@staff_required
@require_POST
def calendar_refresh(request, pk):
    calendar = get_object_or_404(Calendar, pk=pk)
    _refresh(
        request,
        calendar,
        _("Reading %(name)s now; reload this page in a moment.") % {"name": calendar.name},
    )
    return redirect("dashboard:settings_calendars")


@staff_required
@require_POST
def calendar_delete(request, pk):
    calendar = get_object_or_404(Calendar, pk=pk)
    with transaction.atomic():
        audit.removed(actor=request.user, target=calendar, fields=RECORDED)
        calendar_services.remove_calendar(calendar=calendar)
    messages.success(
        request,
        _("%(name)s disconnected; its busy times no longer block bookings.")
        % {"name": calendar.name},
    )
    return redirect("dashboard:settings_calendars")
