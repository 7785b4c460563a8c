from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _

from studio.models import SessionKind

from ..access import staff_required
from ..chart import stacked_bars
from ..selectors.insights import (
    bookings_per_kind,
    money_per_month,
    recommendation_uptake,
    wizard_funnel,
)

PERIODS = (3, 6, 12, 24)


@staff_required
def insights(request):
    try:
        months = int(request.GET.get("months", 12))
    except ValueError:
        months = 12
    months = months if months in PERIODS else 12
    today = timezone.localdate()
    tz = request.studio.tz
    rows = bookings_per_kind(today=today, months=months, tz=tz)
    kinds = [kind.value for kind in SessionKind]
    chart = stacked_bars([(f"{row.month:%b %y}", row.counts) for row in rows], kinds)
    since = rows[0].month
    funnel = wizard_funnel(since=since, tz=tz)
    context = {
        "months": months,
        "periods": PERIODS,
        "table": [(row.month, [row.counts.get(k, 0) for k in kinds], row.total) for row in rows],
        "kinds": list(SessionKind),
        "chart": chart,
        "since": since,
        "money": money_per_month(rows=rows, tz=tz),
        "uptake": recommendation_uptake(since=since, tz=tz),
        "funnel": funnel,
        "funnel_rows": [
            (_("Started the wizard"), funnel.started),
            (_("Finished it (answers saved)"), funnel.finished),
            (_("Went on to book"), funnel.booked),
        ],
    }
    return render(request, "dashboard/insights.html", context)
