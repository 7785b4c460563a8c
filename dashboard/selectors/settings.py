"""Reads for the settings pages."""

from datetime import datetime

from django.db.models import QuerySet

from bookings.models import Booking
from studio.models import TimeOff


def upcoming_time_off(*, now: datetime) -> list[TimeOff]:
    """Time off that has not ended yet, soonest first. 1 query."""
    return list(TimeOff.objects.filter(end__gt=now).select_related("series").order_by("start"))


def bookings_during(start: datetime, end: datetime) -> list[Booking]:
    """Active bookings whose session overlaps [start, end). 1 query."""
    return list(
        Booking.objects.holding_time().filter(start__lt=end, end__gt=start).order_by("start")
    )


def feed_bookings() -> QuerySet:
    """Pending and confirmed bookings with client and type, for the calendar feed. 1 query."""
    return Booking.objects.holding_time().select_related("client", "session_type").order_by("start")
