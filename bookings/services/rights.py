"""A client's data rights: everything the studio holds about them as one file, and
erasure on request. Both are on the client's history (the record says that, not what)."""

from __future__ import annotations

import io
import json
import zipfile
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ..intake import describe_answers
from ..models import Booking, Client, HistoryEntry, InspirationImage, IntakeResponse
from .checks import locked
from .clients import note
from .errors import BookingError

What = HistoryEntry.What


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def client_data(client: Client) -> dict:
    """What the studio holds about one client, in plain JSON-able values."""
    bookings = []
    for booking in client.bookings.select_related("session_type", "intake").order_by("start"):
        intake = booking.intake
        bookings.append(
            {
                "reference": booking.reference,
                "session": booking.session_type.name,
                "start": _iso(booking.start),
                "end": _iso(booking.end),
                "status": booking.status,
                "people": booking.people,
                "purpose": booking.purpose,
                "place": booking.location if booking.on_location else "",
                "notes": booking.notes,
                "private_notes": booking.private_notes,
                "price": str(booking.price),
                "deposit": str(booking.deposit),
                "cancel_reason": booking.cancel_reason,
                "answers": [
                    {"question": str(question), "answer": str(answer)}
                    for question, answer in (describe_answers(intake.answers) if intake else [])
                ],
                "emails": [
                    {"kind": row.kind, "state": row.state, "sent_at": _iso(row.sent_at)}
                    for row in booking.reminders.order_by("due_at", "pk")
                ],
                "images": [
                    {"file": f"images/{image.pk}-{_basename(image)}", "name": image.original_name}
                    for image in booking.images.all()
                ],
                "changes": [
                    {"at": _iso(entry.at), "what": entry.what, "summary": entry.summary}
                    for entry in booking.history.order_by("at", "pk")
                ],
            }
        )
    return {
        "client": {
            "name": client.name,
            "email": client.email,
            "phone": client.phone,
            "private_notes": client.private_notes,
            "created_at": _iso(client.created_at),
        },
        "bookings": bookings,
    }


def _basename(image: InspirationImage) -> str:
    return image.image.name.rsplit("/", 1)[-1]


def export_client(*, client: Client, now: datetime | None = None) -> bytes:
    """One client's data as a zip file (data.json and their images), the export on their
    history."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        data = client_data(client)
        archive.writestr("data.json", json.dumps(data, ensure_ascii=False, indent=2))
        for image in InspirationImage.objects.filter(booking__client=client):
            try:
                with image.image.open("rb") as file:
                    archive.writestr(f"images/{image.pk}-{_basename(image)}", file.read())
            except (FileNotFoundError, OSError):
                continue  # a file already gone is simply not in the export
    note(what=What.CLIENT_EXPORTED, client=client, summary=_("Data exported as a file."), now=now)
    return buffer.getvalue()


def erase_client(*, client: Client, now: datetime | None = None) -> Client:
    """Erase a client on request: name, email, phone and notes anonymised, their images
    deleted, the wizard's answers and the words on their bookings cleared; the bookings
    stay as anonymous rows for the studio's accounts. Refused while a session is still
    to come (cancel it first)."""
    now = now or timezone.now()
    stored: list = []
    with transaction.atomic():
        client = Client.objects.select_for_update().get(pk=client.pk)
        bookings = Booking.objects.filter(client=client)
        upcoming = bookings.filter(status__in=Booking.ACTIVE_STATUSES, end__gt=now)
        if upcoming.exists():
            raise BookingError(
                _("This client has a session still to come; cancel it before erasing them.")
            )
        for booking in bookings:
            locked(booking)
        images = InspirationImage.objects.filter(booking__client=client)
        stored = [(image.image.storage, image.image.name) for image in images]
        images.delete()
        IntakeResponse.objects.filter(bookings__client=client).update(answers={}, notes=[])
        bookings.update(notes="", private_notes="", purpose="", location="", cancel_reason="")
        # The history's words may name them (old names, emails, places): kept as events only.
        HistoryEntry.objects.filter(client=client).update(summary="")
        client.name = _("Erased client %(pk)d") % {"pk": client.pk}
        client.email, client.phone, client.private_notes = None, "", ""
        client.save()
        note(what=What.CLIENT_ERASED, client=client, summary="", now=now)
        transaction.on_commit(lambda: _delete_files(stored))
    return client


def _delete_files(stored) -> None:
    """The images and any thumbnail made of them (thumbs/<name without suffix>-<width>.webp)."""
    for storage, name in stored:
        storage.delete(name)
        folder, _sep, file = f"thumbs/{name}".rpartition("/")
        stem = file.rsplit(".", 1)[0]
        try:
            _dirs, files = storage.listdir(folder)
        except (FileNotFoundError, OSError):
            continue
        for other in files:
            if other.startswith(f"{stem}-"):
                storage.delete(f"{folder}/{other}")
