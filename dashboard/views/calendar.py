from django.shortcuts import render
from django.utils import timezone

from ..access import staff_required
from ..selectors.calendar import month_calendar, week_calendar
from ._params import day_or, month_or


@staff_required
def month(request):
    today = timezone.localdate()
    shown = month_or(request.GET.get("month"), today)
    calendar = month_calendar(month=shown, today=today, tz=request.studio.tz)
    return render(request, "dashboard/calendar_month.html", {"calendar": calendar})


@staff_required
def week(request):
    today = timezone.localdate()
    shown = day_or(request.GET.get("date"), today)
    calendar = week_calendar(day=shown, today=today, tz=request.studio.tz)
    return render(request, "dashboard/calendar_week.html", {"calendar": calendar})
