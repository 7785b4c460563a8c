"""The record of what staff did: one row per change, naming who, when, what, before, after.

`record` is the one writer. Dashboard views and services call it inside the transaction
of the change (`tracked` does both for a change to an object's own fields); the admin
writes it through `AuditedAdmin`. To record a new kind of change, add its name and words
to ACTIONS and call `record` (or `tracked`) where the change is made.
"""

from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from datetime import date, datetime, time
from decimal import Decimal

from django.contrib import admin
from django.contrib.contenttypes.models import ContentType
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bookings.models import Booking, Client

from .models import StaffAction

ACTIONS = {
    "booking.created": _("Booking created"),
    "booking.moved": _("Booking moved"),
    "booking.cancelled": _("Booking cancelled"),
    "booking.confirmed": _("Booking confirmed"),
    "booking.outcome": _("Outcome recorded"),
    "booking.deposit": _("Deposit marked"),
    "booking.price": _("Price changed"),
    "booking.payment": _("Payment recorded"),
    "booking.refund": _("Refund requested"),
    "booking.notes": _("Booking notes edited"),
    "booking.email_resent": _("Email sent again"),
    "client.edited": _("Client edited"),
    "client.merged": _("Clients merged"),
    "client.exported": _("Client's data exported"),
    "client.erased": _("Client erased"),
    "booking.changed": _("Booking changed"),
    "booking.restored": _("Booking restored"),
    "settings.changed": _("Settings changed"),
    "settings.added": _("Added"),
    "settings.removed": _("Removed"),
    "staff.recovery_codes": _("New recovery codes"),
    "admin.added": _("Added in the admin"),
    "admin.changed": _("Changed in the admin"),
    "admin.deleted": _("Deleted in the admin"),
}
# Values that may say who a client is: blanked when the client is erased.
PERSONAL = {"name", "email", "phone", "private_notes", "notes", "location", "cancel_reason"}
ERASED = "(erased)"


def record(
    *,
    actor,
    action: str,
    target: models.Model,
    before: dict | None = None,
    after: dict | None = None,
    via: str = StaffAction.Via.DASHBOARD,
) -> StaffAction:
    """Write one row of the record (in the caller's transaction). Values are kept as text."""
    if action not in ACTIONS:
        raise ValueError(f"Unknown staff action {action!r}: add it to audit.ACTIONS")
    return StaffAction.objects.create(
        actor=actor if getattr(actor, "pk", None) else None,
        actor_label=actor.get_username() if getattr(actor, "pk", None) else "",
        via=via,
        action=action,
        target_type=ContentType.objects.get_for_model(target._meta.model),
        target_id=str(target.pk),
        target_label=label(target)[:200],
        client_id=_client_id(target),
        before={key: text(value) for key, value in (before or {}).items()},
        after={key: text(value) for key, value in (after or {}).items()},
    )


def label(target: models.Model) -> str:
    """How a row names its target: a booking by reference only, never a client's name."""
    if isinstance(target, Booking):
        return target.reference
    return str(target)


def _client_id(target) -> int | None:
    if isinstance(target, Client):
        return target.pk
    return getattr(target, "client_id", None)


def text(value) -> str:
    """A value as the record keeps it: plain text, times in the active (studio's) zone."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M %Z")
    if isinstance(value, date | time | Decimal):
        return value.isoformat() if not isinstance(value, Decimal) else str(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, models.Model):
        return label(value)
    return str(value)


def values(obj: models.Model, fields: Iterable[str]) -> dict:
    """The named fields of `obj` as the record shows them (choices by their words)."""
    found = {}
    for name in fields:
        field = obj._meta.get_field(name)
        if field.many_to_many:
            found[name] = ", ".join(sorted(str(item) for item in getattr(obj, name).all()))
        elif field.choices:
            found[name] = getattr(obj, f"get_{name}_display")()
        elif field.is_relation:
            found[name] = getattr(obj, name)
        else:
            found[name] = field.value_from_object(obj)
    return {key: text(value) for key, value in found.items()}


def changed(before: dict, after: dict) -> tuple[dict, dict]:
    """Only the keys whose values differ."""
    keys = [key for key in {**before, **after} if before.get(key) != after.get(key)]
    return {k: before.get(k, "") for k in keys}, {k: after.get(k, "") for k in keys}


@contextmanager
def tracked(*, actor, action: str, target: models.Model, fields: Iterable[str]) -> Iterator:
    """Run the block in a transaction and record the named fields of `target` as they
    were before and after it (re-read from the database), one row, only if one changed.
    An exception in the block leaves neither the change nor a row."""
    fields = list(fields)
    model = target._meta.model
    with transaction.atomic():
        before = values(model._default_manager.get(pk=target.pk), fields)
        yield
        fresh = model._default_manager.filter(pk=target.pk).first()
        after = values(fresh, fields) if fresh is not None else {}
        old, new = changed(before, after)
        if old or new:
            record(actor=actor, action=action, target=fresh or target, before=old, after=new)


def save_form(
    *, actor, form, changed_action: str = "settings.changed", added_action: str = "settings.added"
):
    """Save a valid ModelForm and record it: its model fields before and after, or the new
    object. Returns the saved object."""
    names = {field.name for field in form._meta.model._meta.get_fields()}
    fields = [name for name in form.fields if name in names]
    if form.instance.pk is None:
        with transaction.atomic():
            saved = form.save()
            record(actor=actor, action=added_action, target=saved, after=values(saved, fields))
        return saved
    with tracked(actor=actor, action=changed_action, target=form.instance, fields=fields):
        return form.save()


def removed(*, actor, target: models.Model, fields: Iterable[str]) -> None:
    """Record that `target` is about to be deleted, with what it held (same transaction)."""
    record(actor=actor, action="settings.removed", target=target, before=values(target, fields))


def anonymise_client(client_id: int, *, label_text: str = ERASED) -> int:
    """Keep the rows about an erased client but nothing that says who they were."""
    rows = list(StaffAction.objects.filter(client_id=client_id))
    client_type = ContentType.objects.get_for_model(Client)
    for row in rows:
        if row.target_type_id == client_type.pk:
            row.target_label = label_text
        row.before = {k: (ERASED if k in PERSONAL and v else v) for k, v in row.before.items()}
        row.after = {k: (ERASED if k in PERSONAL and v else v) for k, v in row.after.items()}
    StaffAction.objects.bulk_update(rows, ["target_label", "before", "after"])
    return len(rows)


def model_fields(obj: models.Model) -> list[str]:
    """The concrete, editable fields of a model, for a whole-object snapshot."""
    return [
        field.name
        for field in obj._meta.concrete_fields
        if field.editable and not field.primary_key and not isinstance(field, models.FileField)
    ] + [field.name for field in obj._meta.concrete_fields if isinstance(field, models.FileField)]


class AuditedAdmin(admin.ModelAdmin):
    """Writes a row for every add, change and delete made through the admin."""

    def save_model(self, request, obj, form, change):
        fields = model_fields(obj)
        before = {}
        if change and obj.pk is not None:
            old = type(obj)._default_manager.filter(pk=obj.pk).first()
            before = values(old, fields) if old is not None else {}
        super().save_model(request, obj, form, change)
        after = values(obj, fields)
        if change:
            old, new = changed(before, after)
            if old or new:
                record(
                    actor=request.user,
                    action="admin.changed",
                    target=obj,
                    before=old,
                    after=new,
                    via=StaffAction.Via.ADMIN,
                )
        else:
            record(
                actor=request.user,
                action="admin.added",
                target=obj,
                after=after,
                via=StaffAction.Via.ADMIN,
            )

    def delete_model(self, request, obj):
        self._deleted(request, [obj])
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        self._deleted(request, list(queryset))
        super().delete_queryset(request, queryset)

    def _deleted(self, request, objects) -> None:
        for obj in objects:
            record(
                actor=request.user,
                action="admin.deleted",
                target=obj,
                before=values(obj, model_fields(obj)),
                via=StaffAction.Via.ADMIN,
            )
