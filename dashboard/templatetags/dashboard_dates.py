"""How the dashboard writes periods: whole days as the days they cover, not midnights."""

from datetime import time

from django import template
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from studio.formatting import day_and_clock
from studio.walltime import last_day_before

register = template.Library()


@register.simple_tag(takes_context=True)
def period_span(context, period, day_format: str = "D j M Y") -> str:
    """A period's start and end in the current zone, e.g. "Thu 24 Dec 2026 – Sat 26 Dec 2026,
    whole days" for time off from the 24th until the 26th (which ends at midnight on the 27th).
    Times of day in the studio's clock ({% period_span off "D j M" as span %}).
    """
    studio = context["studio"]
    tz = timezone.get_current_timezone()
    start = timezone.localtime(period.start, tz)
    last_day = last_day_before(period.end, tz)
    first = date_format(start, day_format)
    if last_day is None:
        end = day_and_clock(timezone.localtime(period.end, tz), studio, day_format)
        return f"{day_and_clock(start, studio, day_format)} – {end}"
    last = date_format(last_day, day_format)
    if start.time() != time.min:
        until = _("end of %(day)s") % {"day": last}
        return f"{day_and_clock(start, studio, day_format)} – {until}"
    if last_day == start.date():
        return _("%(day)s, all day") % {"day": first}
    return _("%(first)s – %(last)s, whole days") % {"first": first, "last": last}
