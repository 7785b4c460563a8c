"""Anonymous daily counters (no person, no session id): bumped by the site, read by insights."""

from datetime import date

from django.db import IntegrityError, transaction
from django.db.models import F, Sum
from django.utils import timezone

from .models import DailyCount

WIZARD_STARTED = "wizard_started"


def bump(name: str, *, day: date | None = None) -> None:
    """Add one to today's count for `name`; safe when called concurrently."""
    day = day or timezone.localdate(timezone.now(), timezone.get_default_timezone())
    if DailyCount.objects.filter(name=name, day=day).update(count=F("count") + 1):
        return
    try:
        with transaction.atomic():
            DailyCount.objects.create(name=name, day=day, count=1)
    except IntegrityError:  # someone created today's row between our update and insert
        DailyCount.objects.filter(name=name, day=day).update(count=F("count") + 1)


def total(name: str, *, since: date) -> int:
    """The sum of `name` from `since` (inclusive) to today. 1 query."""
    return DailyCount.objects.filter(name=name, day__gte=since).aggregate(n=Sum("count"))["n"] or 0
