"""A booking's own values checked before any write, and the client they are for."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from django.db import connection
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from studio.images import CleanImage
from studio.models import SessionType

from ..availability import Problem
from ..models import Client, IntakeResponse
from .checks import MAX_IMAGES, MAX_LOCATION, MAX_NOTES, MAX_PURPOSE, clean_line, utc_start
from .errors import ClientDetails, InvalidDetails, NeedsOverride


@dataclass(frozen=True)
class Request:
    """A booking's own values, checked: what both sides' bookings write alike."""

    session_type: SessionType
    start: datetime
    people: int
    purpose: str
    notes: str
    on_location: bool
    location: str
    images: tuple[CleanImage, ...]
    intake: IntakeResponse | None
    idempotency_key: str | None

    def fields(self) -> dict:
        """The Booking fields these values fill as they are, with the type's price."""
        return {
            "people": self.people,
            "purpose": self.purpose,
            "notes": self.notes,
            "on_location": self.on_location,
            "location": self.location,
            "intake": self.intake,
            "price": self.session_type.price,
            "deposit": self.session_type.deposit,
            "idempotency_key": self.idempotency_key,
        }


def clean_request(
    *,
    session_type: SessionType,
    start: datetime,
    people: int,
    purpose: str,
    notes: str,
    on_location: bool | None,
    location: str,
    images: Sequence[CleanImage] = (),
    intake: IntakeResponse | None = None,
    idempotency_key: str | None = None,
    allow_more_people: bool | None = None,
) -> Request:
    """The values checked; InvalidDetails or OutsidePolicy naming the first one wrong.
    allow_more_people: None for a client (never more than the type takes); for the
    studio, False asks "book anyway" (NeedsOverride) and True books the larger group."""
    start = utc_start(start)
    if not session_type.is_active:
        raise InvalidDetails(_("This session type is not offered at the moment."))
    check_people(session_type, people, allow_more=allow_more_people)
    purpose = clean_line(
        purpose, label=_("What the photos are for"), limit=MAX_PURPOSE, required=False
    )
    notes = (notes or "").strip()
    if len(notes) > MAX_NOTES:
        raise InvalidDetails(
            ngettext(
                "Notes are limited to %(n)d character.",
                "Notes are limited to %(n)d characters.",
                MAX_NOTES,
            )
            % {"n": MAX_NOTES}
        )
    on_location, location = where(session_type, on_location, location)
    if len(images) > MAX_IMAGES:
        raise InvalidDetails(
            ngettext("Up to %(n)d image, please.", "Up to %(n)d images, please.", MAX_IMAGES)
            % {"n": MAX_IMAGES}
        )
    return Request(
        session_type=session_type,
        start=start,
        people=int(people),
        purpose=purpose,
        notes=notes,
        on_location=on_location,
        location=location,
        images=tuple(images),
        intake=intake,
        idempotency_key=idempotency_key or None,
    )


def client_for(details: ClientDetails) -> Client:
    """The client with this email (any case), created on first booking. Race-safe. A
    client without an email is always a new row (merge duplicates from their page)."""
    if not details.email:
        return Client.objects.create(name=details.name, email=None, phone=details.phone)
    client = Client.objects.filter(email__iexact=details.email).order_by("pk").first()
    if client is None:
        client = _insert_client(details)
        if client is not None:
            return client
        # Someone booked with the same email a moment ago; theirs is the record.
        client = Client.objects.get(email__iexact=details.email)
    if details.phone and not client.phone:
        client.phone = details.phone
        client.save(update_fields=["phone"])
    return client


def _insert_client(details: ClientDetails) -> Client | None:
    """The new client, or None when the email (any case) is already someone's.

    One INSERT that skips a conflict instead of failing: no savepoint around it, which
    a booking's transaction would otherwise pay for every first-time client.
    """
    client = Client(name=details.name, email=details.email, phone=details.phone)
    client.created_at = timezone.now()
    names = ("name", "email", "phone", "private_notes", "created_at")
    fields = [Client._meta.get_field(name) for name in names]
    values = [f.get_db_prep_save(getattr(client, f.attname), connection) for f in fields]
    quote = connection.ops.quote_name
    columns = ", ".join(quote(f.column) for f in fields)
    # Only the model's own table and column names are put into the text; values are bound.
    sql = (
        f"INSERT INTO {quote(Client._meta.db_table)} ({columns})"  # noqa: S608
        f" VALUES ({', '.join(['%s'] * len(fields))}) ON CONFLICT DO NOTHING"
        f" RETURNING {quote(Client._meta.pk.column)}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, values)
        row = cursor.fetchone()
    if row is None:
        return None
    client.pk = row[0]
    client._state.adding = False
    client._state.db = connection.alias
    return client


MAX_GROUP = 50  # the studio's own "book anyway" still has a sane ceiling


def check_people(session_type: SessionType, people, *, allow_more: bool | None) -> int:
    """The number of people, within the type's maximum unless the studio books anyway."""
    people = int(people)
    limit = ngettext(
        "This session is for %(max)d person.",
        "This session is for 1 to %(max)d people.",
        session_type.max_people,
    ) % {"max": session_type.max_people}
    if not 1 <= people <= MAX_GROUP:
        raise InvalidDetails(limit)
    if people <= session_type.max_people or allow_more:
        return people
    if allow_more is None:
        raise InvalidDetails(limit)
    label = _("for more people than the session takes (%(max)d)") % {"max": session_type.max_people}
    raise NeedsOverride(
        _("That is %(rules)s. Book it anyway only if you mean to.") % {"rules": label},
        problems=[Problem.GROUP_SIZE],
        labels=[label],
    )


def where(session_type: SessionType, on_location: bool | None, location: str):
    """(on_location, place) for a booking of this type; InvalidDetails without a place."""
    if session_type.location == SessionType.Location.STUDIO:
        return False, ""
    if on_location is None:
        on_location = session_type.location == SessionType.Location.LOCATION
    if not on_location:
        return False, ""
    place = clean_line(location, label=_("The place"), limit=MAX_LOCATION, required=True)
    return True, place
