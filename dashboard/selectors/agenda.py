"""Today and the week ahead, and the counters on the dashboard's first page."""

from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, QuerySet

from bookings.models import Booking, Reminder
from studio.walltime import day_range, local_date


@dataclass
class AgendaDay:
    date: date
    bookings: list[Booking] = field(default_factory=list)


@dataclass(frozen=True)
class Counters:
    new_bookings: int
    pending: int
    failed_emails: int


NEW_BOOKINGS_DAYS = 7


def with_reminder_counts(bookings: QuerySet) -> QuerySet:
    """Annotate each booking with how many of its messages are sent, planned and failed."""
    return bookings.annotate(
        reminders_sent=Count("reminders", filter=Q(reminders__state=Reminder.State.SENT)),
        reminders_planned=Count(
            "reminders",
            filter=Q(reminders__state__in=[Reminder.State.PENDING, Reminder.State.SENDING]),
        ),
        reminders_failed=Count("reminders", filter=Q(reminders__state=Reminder.State.FAILED)),
    )


def agenda(*, today: date, tz: ZoneInfo, days: int = 7) -> list[AgendaDay]:
    """Every day from `today` for `days` days with its bookings (cancelled left out). 1 query."""
    start, end = day_range(today, today + timedelta(days=days - 1), tz)
    bookings = with_reminder_counts(
        Booking.objects.sessions()
        .starting_between(start, end)
        .select_related("client", "session_type")
    ).order_by("start")
    by_day = {
        today + timedelta(days=offset): AgendaDay(today + timedelta(days=offset))
        for offset in range(days)
    }
    for booking in bookings:
        by_day[local_date(booking.start, tz)].bookings.append(booking)
    return list(by_day.values())


def counters(*, now: datetime) -> Counters:
    """New bookings (last 7 days), bookings awaiting confirmation, failed emails. 2 queries."""
    totals = Booking.objects.aggregate(
        new_bookings=Count(
            "pk",
            filter=Q(created_at__gte=now - timedelta(days=NEW_BOOKINGS_DAYS))
            & Q(status__in=Booking.SESSION_STATUSES),
        ),
        pending=Count("pk", filter=Q(status=Booking.Status.PENDING)),
    )
    failed = Reminder.objects.filter(state=Reminder.State.FAILED).count()
    return Counters(
        new_bookings=totals["new_bookings"], pending=totals["pending"], failed_emails=failed
    )
