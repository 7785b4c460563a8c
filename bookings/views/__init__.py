"""Views of the booking flow and the manage page (urls.py names them from here)."""

from .booking import book, choose_session, confirmed, details, review, slots
from .common import BOOK_RATE, MANAGE_RATE
from .manage import (
    manage,
    manage_cancel,
    manage_ics,
    manage_move,
    manage_reschedule,
    manage_slots,
)

__all__ = [
    "BOOK_RATE",
    "MANAGE_RATE",
    "book",
    "choose_session",
    "confirmed",
    "details",
    "manage",
    "manage_cancel",
    "manage_ics",
    "manage_move",
    "manage_reschedule",
    "manage_slots",
    "review",
    "slots",
]
