"""The clients CSV export: one row per client, safe to open in a spreadsheet."""

import re
from collections.abc import Iterable, Iterator
from datetime import datetime

from django.utils.translation import gettext as _

from bookings.models import Client

# A cell starting with one of these is run as a formula by spreadsheet programs.
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
# A phone number ("+44 7700 900123") holds no name a formula could call: left as written.
PHONE_NUMBER = re.compile(r"\+[0-9 ()-]+")
# Excel reads a CSV as UTF-8 (accents and all) only when it starts with this mark.
BYTE_ORDER_MARK = "\ufeff"


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    if PHONE_NUMBER.fullmatch(text):
        return text
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _day(moment: datetime | None, tz) -> str:
    return moment.astimezone(tz).date().isoformat() if moment else ""


def client_rows(clients: Iterable[Client], tz) -> Iterator[list[str]]:
    """Header then one row per client (expects search_clients' annotations)."""
    yield [
        _("Name"),
        _("Email"),
        _("Phone"),
        _("Bookings"),
        _("Completed"),
        _("No-shows"),
        _("First session"),
        _("Last session"),
        _("Next session"),
        _("Client since"),
    ]
    for client in clients:
        yield [
            safe_cell(client.name),
            safe_cell(client.email or ""),
            safe_cell(client.phone),
            str(client.booking_count),
            str(client.completed_count),
            str(client.no_show_count),
            _day(client.first_start, tz),
            _day(client.last_start, tz),
            _day(client.next_start, tz),
            _day(client.created_at, tz),
        ]
