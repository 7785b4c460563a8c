"""Writes to the studio's own content: session type cover images.

Files and rows move together: new files are written before the row changes and
removed again if anything fails; replaced files are deleted only once the new row
is committed, so a page never points at a missing image.
"""

import logging
from collections.abc import Iterable

from django.core.files.storage import Storage
from django.db import transaction

from .images import CleanImage, rendition
from .models import SessionType

logger = logging.getLogger(__name__)

COVER_SMALL_WIDTH = 480
COVER_LARGE_WIDTH = 1200
COVER_FILE_FIELDS = ("cover", "cover_small", "cover_large")
COVER_FIELDS = (
    *COVER_FILE_FIELDS,
    "cover_width",
    "cover_height",
    "cover_small_width",
    "cover_small_height",
    "cover_large_width",
    "cover_large_height",
)


def _storage() -> Storage:
    return SessionType._meta.get_field("cover").storage


def _store(session_type: SessionType, field_name: str, image: CleanImage) -> str:
    field = SessionType._meta.get_field(field_name)
    name = field.generate_filename(session_type, image.content.name)
    image.content.seek(0)
    return field.storage.save(name, image.content, max_length=field.max_length)


def _delete_files(names: Iterable[str]) -> None:
    storage = _storage()
    for name in names:
        if not name:
            continue
        try:
            storage.delete(name)
        except OSError:
            # The row no longer refers to it; a stray file is not worth failing a request.
            logger.warning("Could not delete replaced cover file %s", name, exc_info=True)


def _locked_cover_names(session_type: SessionType) -> list[str]:
    # NO KEY UPDATE: bookings of this type may still be made while a cover is replaced.
    row = (
        SessionType.objects.select_for_update(no_key=True)
        .only(*COVER_FILE_FIELDS)
        .get(pk=session_type.pk)
    )
    return [getattr(row, name).name for name in COVER_FILE_FIELDS]


def set_cover(*, session_type: SessionType, image: CleanImage) -> SessionType:
    """Store a clean cover plus 480 and 1200 px WebP renditions; delete the ones replaced.

    The session type must already be saved. Atomic with respect to files: if any step
    fails, every file written here is removed and the row keeps its previous cover.
    """
    if session_type.pk is None:
        raise ValueError("Save the session type before giving it a cover.")
    written: list[str] = []
    try:
        small = rendition(image.content, COVER_SMALL_WIDTH)
        large = rendition(image.content, COVER_LARGE_WIDTH)
        values = {}
        for field_name, clean in (("cover", image), ("cover_small", small), ("cover_large", large)):
            stored = _store(session_type, field_name, clean)
            written.append(stored)
            values[field_name] = stored
            values[f"{field_name}_width"] = clean.width
            values[f"{field_name}_height"] = clean.height
        with transaction.atomic():
            replaced = _locked_cover_names(session_type)
            for field_name, value in values.items():
                setattr(session_type, field_name, value)
            session_type.save(update_fields=COVER_FIELDS)
    except BaseException:
        _delete_files(written)
        raise
    transaction.on_commit(lambda: _delete_files(set(replaced) - set(written)))
    return session_type


def remove_cover(*, session_type: SessionType) -> SessionType:
    """Clear the cover and its renditions; the files go once the change is committed."""
    with transaction.atomic():
        replaced = _locked_cover_names(session_type)
        for field_name in COVER_FIELDS:
            setattr(session_type, field_name, "" if field_name in COVER_FILE_FIELDS else None)
        session_type.save(update_fields=COVER_FIELDS)
    transaction.on_commit(lambda: _delete_files(replaced))
    return session_type
