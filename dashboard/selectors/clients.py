"""Clients: search, one client's bookings with their answers, and the CSV export rows."""

from datetime import datetime

from django.db.models import Count, Exists, F, Max, Min, OuterRef, Q, QuerySet, Value
from django.db.models.functions import Replace
from django.db.models.lookups import Contains

from bookings.models import Booking, Client
from studio import phones
from studio.models import StudioProfile


def _with_booking_summary(clients: QuerySet, now: datetime) -> QuerySet:
    # A cancelled or expired booking held no session: neither someone's first nor their last.
    held = Q(bookings__status__in=Booking.SESSION_STATUSES)
    return clients.annotate(
        booking_count=Count("bookings", distinct=True),
        completed_count=Count(
            "bookings", filter=Q(bookings__status=Booking.Status.COMPLETED), distinct=True
        ),
        no_show_count=Count(
            "bookings", filter=Q(bookings__status=Booking.Status.NO_SHOW), distinct=True
        ),
        cancelled_count=Count(
            "bookings", filter=Q(bookings__status=Booking.Status.CANCELLED), distinct=True
        ),
        first_start=Min("bookings__start", filter=held),
        last_start=Max("bookings__start", filter=held & Q(bookings__start__lt=now)),
        next_start=Min(
            "bookings__start",
            filter=Q(bookings__start__gte=now, bookings__status__in=Booking.ACTIVE_STATUSES),
        ),
    )


PHONE_PUNCTUATION = (" ", "-", "(", ")", ".", "/")


def bare_phone(field: str):
    """The phone number in `field` without its spaces and punctuation (SQL, any database)."""
    expression = F(field)
    for mark in PHONE_PUNCTUATION:
        expression = Replace(expression, Value(mark), Value(""))
    return expression


def phone_digits(query: str) -> str:
    """The digits of a query that looks like (part of) a phone number, else ""."""
    if not query or any(ch.isalpha() or ch == "@" for ch in query):
        return ""
    digits = "".join(ch for ch in query if ch.isdigit())
    return digits if len(digits) >= 4 else ""


def client_filter(query: str, prefix: str = "") -> Q:
    """Who `query` finds: name, email or phone (however it is spaced) containing it."""
    q = (
        Q(**{f"{prefix}name__icontains": query})
        | Q(**{f"{prefix}email__icontains": query})
        | Q(**{f"{prefix}phone__icontains": query})
    )
    if digits := phone_digits(query):
        q |= Q(Contains(bare_phone(f"{prefix}phone"), digits))
        # Stored as "+44 7700 900123": "07700 900123" finds it by its international digits.
        if full := phones.search_digits(query, StudioProfile.load().country):
            q |= Q(Contains(bare_phone(f"{prefix}phone"), full))
    return q


def _matching(clients: QuerySet, query: str) -> QuerySet:
    query = query.strip()
    if not query:
        return clients
    by_reference = Booking.objects.filter(client=OuterRef("pk"), reference__iexact=query)
    return clients.filter(client_filter(query) | Exists(by_reference))


def search_clients(query: str, *, now: datetime) -> QuerySet:
    """Clients whose name, email or phone contains `query`, or who hold that booking reference."""
    return _with_booking_summary(_matching(Client.objects.all(), query), now).order_by("name", "pk")


def client_matches(query: str, *, limit: int = 10) -> list[Client]:
    """The first `limit` clients `query` finds (as search_clients), by name. 1 query."""
    return list(_matching(Client.objects.all(), query).order_by("name", "pk")[:limit])


def client_bookings(client: Client) -> list[Booking]:
    """A client's bookings, newest first, with type and intake answers. 1 query."""
    return list(
        client.bookings.select_related(
            "session_type", "intake", "intake__chosen_session_type"
        ).order_by("-start")
    )


def client_with_summary(pk: int, *, now: datetime) -> Client | None:
    """One client with the counts and dates of their bookings (as the list shows). 1 query."""
    return _with_booking_summary(Client.objects.filter(pk=pk), now).first()


def possible_duplicates(client: Client, *, limit: int = 5) -> list[Client]:
    """Other clients with the same name (any case) or the same phone however it is spaced."""
    same = Q(name__iexact=client.name.strip())
    if digits := phone_digits(client.phone):
        same |= Q(Contains(bare_phone("phone"), digits))
    return list(Client.objects.filter(same).exclude(pk=client.pk).order_by("pk")[:limit])
