"""One booking with everything its dashboard page shows, and filtered booking lists."""

from datetime import date, datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Prefetch, Q, QuerySet

from bookings.models import Booking, Reminder
from payments.models import PaymentEvent
from studio.walltime import day_start

from .agenda import NEW_BOOKINGS_DAYS, with_reminder_counts
from .clients import client_filter


def booking_detail(reference: str) -> Booking | None:
    """The booking with client, type, intake, deposit, images, messages, money events and
    money taken offline loaded. 5 queries."""
    return (
        Booking.objects.select_related(
            "client",
            "session_type",
            "intake",
            "intake__chosen_session_type",
            "intake__started_from",
            "payment",
        )
        .prefetch_related(
            "images",
            Prefetch("reminders", queryset=Reminder.objects.order_by("due_at", "pk")),
            Prefetch("payment_events", queryset=PaymentEvent.objects.order_by("created_at", "pk")),
            "money_entries",
        )
        .filter(reference=reference)
        .first()
    )


def client_history(booking: Booking) -> list[Booking]:
    """The client's other bookings, newest first. 1 query."""
    return list(
        Booking.objects.filter(client_id=booking.client_id)
        .exclude(pk=booking.pk)
        .select_related("session_type")
        .order_by("-start")
    )


BOOKING_FILTERS = ("upcoming", "pending", "new", "past", "cancelled", "all")


def booking_list(*, show: str, now: datetime) -> QuerySet:
    """Bookings for the list page: upcoming, pending, new (7 days), past, cancelled or all."""
    bookings = with_reminder_counts(Booking.objects.select_related("client", "session_type"))
    if show == "pending":
        return bookings.filter(status=Booking.Status.PENDING).order_by("start")
    if show == "new":
        return (
            bookings.sessions()
            .filter(created_at__gte=now - timedelta(days=NEW_BOOKINGS_DAYS))
            .order_by("-created_at")
        )
    if show == "past":
        return bookings.sessions().filter(start__lt=now).order_by("-start")
    if show == "cancelled":
        return bookings.filter(status=Booking.Status.CANCELLED).order_by("-start")
    if show == "all":
        return bookings.order_by("-start")
    return bookings.holding_time().filter(start__gte=now).order_by("start")


def filter_bookings(
    bookings: QuerySet,
    *,
    tz: ZoneInfo,
    q: str = "",
    status: str = "",
    kind: str = "",
    first: date | None = None,
    last: date | None = None,
    unpaid: bool = False,
) -> QuerySet:
    """Narrow a booking list: search (client's name, email, phone; the reference), status,
    session kind, studio dates first..last, and deposits still owed. Adds no query."""
    if q := q.strip():
        bookings = bookings.filter(client_filter(q, prefix="client__") | Q(reference__iexact=q))
    if status:
        bookings = bookings.filter(status=status)
    if kind:
        bookings = bookings.filter(session_type__kind=kind)
    if first:
        bookings = bookings.filter(start__gte=day_start(first, tz))
    if last:
        bookings = bookings.filter(start__lt=day_start(last + timedelta(days=1), tz))
    if unpaid:
        bookings = bookings.sessions().filter(deposit__gt=0, deposit_paid=False)
    return bookings


def failed_reminders() -> list[Reminder]:
    """Messages that could not be delivered, with their booking and client. 1 query."""
    return list(
        Reminder.objects.filter(state=Reminder.State.FAILED)
        .select_related("booking", "booking__client", "booking__session_type")
        .order_by("-due_at")
    )
