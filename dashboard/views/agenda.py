from django.core.paginator import Paginator
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bookings.clashes import mark_clashes

from ..access import staff_required
from ..booking_forms import BookingFilterForm
from ..selectors import agenda as agenda_selectors
from ..selectors import bookings as booking_selectors
from ..selectors.calendars import calendar_warnings

LIST_TITLES = {
    "upcoming": _("Upcoming bookings"),
    "pending": _("Awaiting your confirmation"),
    "new": _("New bookings (last 7 days)"),
    "past": _("Past sessions"),
    "cancelled": _("Cancelled bookings"),
    "all": _("All bookings"),
}


@staff_required
def home(request):
    now = timezone.now()
    today = timezone.localdate(now)
    days = agenda_selectors.agenda(today=today, tz=request.studio.tz)
    mark_clashes(booking for day in days for booking in day.bookings)
    context = {
        "today": days[0],
        "week": days[1:],
        "counters": agenda_selectors.counters(now=now),
        "calendar_warnings": calendar_warnings(now=now),
    }
    return render(request, "dashboard/home.html", context)


@staff_required
def booking_list(request):
    show = request.GET.get("show", "upcoming")
    if show not in booking_selectors.BOOKING_FILTERS:
        show = "upcoming"
    form = BookingFilterForm(request.GET)
    bookings = booking_selectors.filter_bookings(
        booking_selectors.booking_list(show=show, now=timezone.now()),
        tz=request.studio.tz,
        **form.filters(),
    )
    page = Paginator(bookings, 50).get_page(request.GET.get("page"))
    page.object_list = mark_clashes(page.object_list)
    kept = request.GET.copy()
    for name in ("show", "page"):
        kept.pop(name, None)
    context = {
        "page": page,
        "show": show,
        "title": LIST_TITLES[show],
        "filters": LIST_TITLES,
        "form": form,
        "filtered": bool(form.filters()),
        "kept": kept.urlencode(),
    }
    status = 400 if form.errors else 200
    return render(request, "dashboard/booking_list.html", context, status=status)


@staff_required
def failed_emails(request):
    reminders = booking_selectors.failed_reminders()
    return render(request, "dashboard/failed_emails.html", {"reminders": reminders})
