"""The studio's writers of client records: add to the history, edit, merge. Each change
leaves a HistoryEntry in words (the staff action log is another matter)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..models import Booking, Client, HistoryEntry
from .checks import clean_details
from .errors import BookingError, ClientDetails, InvalidDetails

What = HistoryEntry.What
NOTES_LIMIT = 5000


def note(
    *,
    what: str,
    summary: str = "",
    client: Client | None = None,
    booking: Booking | None = None,
    overridden: Sequence[str] = (),
    now: datetime | None = None,
) -> HistoryEntry:
    """One line of history on a booking (and its client) or a client."""
    if client is None and booking is not None:
        client = booking.client
    return HistoryEntry.objects.create(
        client=client,
        booking=booking,
        what=what,
        summary=summary,
        overridden=list(overridden),
        at=now or timezone.now(),
    )


def _changes(client: Client, details: ClientDetails) -> list[str]:
    rows = (
        (_("Name"), client.name, details.name),
        (_("Email"), client.email or "", details.email),
        (_("Phone"), client.phone, details.phone),
    )
    none = _("none")
    return [f"{label}: {old or none} → {new or none}" for label, old, new in rows if old != new]


def differs(client: Client, details: ClientDetails) -> bool:
    """Whether typed details say something other than the record (a name or phone)."""
    same_name = client.name.strip().casefold() == details.name.strip().casefold()
    same_phone = not details.phone or details.phone == client.phone
    return not (same_name and same_phone)


def update_client(
    *,
    client: Client,
    name: str,
    email: str,
    phone: str,
    private_notes: str | None = None,
    now: datetime | None = None,
) -> Client:
    """New details for a client, every change on their history. An email another client
    has is refused (merge the two instead); an email or a phone stays required."""
    details = clean_details(ClientDetails(name, email, phone), email_required=False)
    with transaction.atomic():
        client = Client.objects.select_for_update().get(pk=client.pk)
        if (
            details.email
            and Client.objects.filter(email__iexact=details.email).exclude(pk=client.pk).exists()
        ):
            raise InvalidDetails(_("Another client has this email address; merge the two instead."))
        changes = _changes(client, details)
        client.name, client.email, client.phone = details.name, details.email, details.phone
        if private_notes is not None:
            private_notes = private_notes.strip()[:NOTES_LIMIT]
            if private_notes != client.private_notes:
                changes.append(_("Private notes changed"))
                client.private_notes = private_notes
        if changes:
            client.save()
            note(what=What.CLIENT_UPDATED, client=client, summary="; ".join(changes), now=now)
    return client


def merge_clients(*, keep: Client, duplicate: Client, now: datetime | None = None) -> Client:
    """Fold a duplicate into `keep`: its bookings, private notes and history move; an
    email or phone `keep` lacks is taken over; details that differ are kept in the notes.
    The duplicate row is deleted. Nothing else is lost."""
    if keep.pk == duplicate.pk:
        raise BookingError(_("A client cannot be merged with themselves."))
    with transaction.atomic():
        # Lock both in one order, so two merges of the same pair cannot deadlock.
        rows = Client.objects.select_for_update().filter(pk__in=[keep.pk, duplicate.pk])
        by_pk = {row.pk: row for row in rows.order_by("pk")}
        if len(by_pk) != 2:
            raise BookingError(_("One of these clients no longer exists."))
        keep, duplicate = by_pk[keep.pk], by_pk[duplicate.pk]
        moved = Booking.objects.filter(client=duplicate).update(client=keep)
        HistoryEntry.objects.filter(client=duplicate).update(client=keep)
        extra = _not_carried(keep, duplicate)
        parts = [keep.private_notes, duplicate.private_notes, extra]
        keep.private_notes = "\n\n".join(part for part in parts if part).strip()
        email = duplicate.email if not keep.email else None
        if not keep.phone:
            keep.phone = duplicate.phone
        described = str(duplicate)
        duplicate.delete()  # first: its email is unique and may move to `keep`
        if email:
            keep.email = email
        keep.save()
        note(
            what=What.CLIENT_MERGED,
            client=keep,
            summary=_("%(who)s merged in: %(count)d booking(s) moved.")
            % {"who": described, "count": moved},
            now=now,
        )
    return keep


def _not_carried(keep: Client, duplicate: Client) -> str:
    """The duplicate's details that differ from those kept, as a line for the notes."""
    kept = []
    if duplicate.name.strip().casefold() != keep.name.strip().casefold():
        kept.append(_("name %(v)s") % {"v": duplicate.name})
    if duplicate.email and keep.email and duplicate.email.lower() != keep.email.lower():
        kept.append(_("email %(v)s") % {"v": duplicate.email})
    if duplicate.phone and keep.phone and duplicate.phone != keep.phone:
        kept.append(_("phone %(v)s") % {"v": duplicate.phone})
    if not kept:
        return ""
    return _("Merged from a duplicate, also known by: %(list)s.") % {"list": ", ".join(kept)}
