"""What the "changed" email lists: the studio's changes that made the booking's version."""

from __future__ import annotations

from typing import TYPE_CHECKING

from .models import Booking, HistoryEntry

if TYPE_CHECKING:
    from .emails import Renderer

# The changes a client was told about when booking; price changes have their own paper trail.
CLIENT_FACING = (HistoryEntry.What.SESSION_TYPE, HistoryEntry.What.PEOPLE, HistoryEntry.What.PLACE)


def what_changed(booking: Booking, renderer: Renderer) -> dict:
    """The lines "Session: A → B" of this version, oldest first (none for an unsaved sample)."""
    if booking.pk is None:
        return {"changes": []}
    entries = HistoryEntry.objects.filter(
        booking=booking, booking_version=booking.version, what__in=CLIENT_FACING
    ).order_by("at", "pk")
    return {"changes": [entry.summary for entry in entries]}
