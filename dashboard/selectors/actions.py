"""Reads of the record of staff actions."""

from django.db.models import QuerySet

from bookings.models import Booking

from ..audit import ACTIONS
from ..models import StaffAction


def with_words(rows) -> list[StaffAction]:
    rows = list(rows)
    for row in rows:
        row.words = ACTIONS.get(row.action, row.action)
    return rows


def for_booking(booking: Booking, limit: int = 50) -> list[StaffAction]:
    """The booking's own rows, newest first. 1 query, whatever this process has cached
    (the content type is matched in the same query, not looked up before it)."""
    meta = Booking._meta
    rows = StaffAction.objects.filter(
        target_type__app_label=meta.app_label,
        target_type__model=meta.model_name,
        target_id=str(booking.pk),
    )
    return with_words(rows[:limit])


def for_client(client_id: int, limit: int = 50) -> list[StaffAction]:
    """Every row about the client or one of their bookings, newest first. 1 query."""
    return with_words(StaffAction.objects.filter(client_id=client_id)[:limit])


def search(*, action: str = "", actor: str = "", query: str = "") -> QuerySet:
    """The whole record, filtered by kind of action, who, and what it touched."""
    rows = StaffAction.objects.all()
    if action:
        rows = rows.filter(action=action)
    if actor:
        rows = rows.filter(actor_label=actor)
    if query:
        rows = rows.filter(target_label__icontains=query)
    return rows
