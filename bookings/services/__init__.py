"""The only writers of bookings: import everything from here.

book/reschedule/cancel live in services/booking.py, the photographer's status changes
in services/status.py, the shared rules in services/checks.py.
"""

from .booking import Booked, book, book_for_studio, cancel
from .changes import change_booking, restore
from .checks import (
    CONTROL_CHARS,
    MAX_IMAGES,
    MAX_LOCATION,
    MAX_NAME,
    MAX_NOTES,
    MAX_PHONE,
    MAX_PURPOSE,
    check_slot,
    check_studio_slot,
    new_manage_token,
    new_reference,
    policy_message,
)
from .clients import merge_clients, note, update_client
from .errors import (
    BookingError,
    ClientDetails,
    ClientOnFile,
    InvalidDetails,
    NeedsOverride,
    OutsidePolicy,
    SlotTaken,
)
from .holds import deposit_refunded, expire_hold, expire_now, hold_at_least, settle_hold
from .moves import move_for_studio, reschedule
from .rights import client_data, erase_client, export_client
from .status import confirm, mark_deposit_paid, set_client_notes, set_outcome, set_private_notes

__all__ = [
    "CONTROL_CHARS",
    "MAX_IMAGES",
    "MAX_LOCATION",
    "MAX_NAME",
    "MAX_NOTES",
    "MAX_PHONE",
    "MAX_PURPOSE",
    "Booked",
    "BookingError",
    "ClientDetails",
    "ClientOnFile",
    "InvalidDetails",
    "NeedsOverride",
    "OutsidePolicy",
    "SlotTaken",
    "book",
    "book_for_studio",
    "cancel",
    "change_booking",
    "client_data",
    "deposit_refunded",
    "check_slot",
    "check_studio_slot",
    "confirm",
    "expire_hold",
    "erase_client",
    "expire_now",
    "export_client",
    "hold_at_least",
    "mark_deposit_paid",
    "merge_clients",
    "note",
    "move_for_studio",
    "new_manage_token",
    "new_reference",
    "policy_message",
    "reschedule",
    "restore",
    "set_client_notes",
    "set_outcome",
    "set_private_notes",
    "settle_hold",
    "update_client",
]
