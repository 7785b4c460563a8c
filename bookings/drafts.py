"""The booking in progress, kept in the visitor's session between the steps.

A draft holds what the client typed and the inspiration images they chose (already
verified and re-encoded, parked in private storage under drafts/). Nothing here is
a booking: `services.book` makes one from a draft at the final POST, after which the
draft and its parked files are discarded. Images of drafts abandoned for longer than
STUDIO_DRAFT_IMAGE_HOURS are deleted by an hourly beat task (`sweep_stale`).
"""

from __future__ import annotations

import logging
import os
import posixpath
import secrets
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime, timedelta
from importlib import import_module

from django.conf import settings
from django.core.files.base import ContentFile
from django.utils import timezone

from studio.images import CleanImage

from .models import private_storage

logger = logging.getLogger(__name__)

SESSION_KEY = "booking_draft"
DONE_KEY = "booking_done"
DRAFTS_DIR = "drafts"


@dataclass
class ParkedImage:
    path: str
    width: int
    height: int
    original_name: str = ""


@dataclass
class NamedImage:
    """A clean image with the name it had on the client's device (shown to staff)."""

    content: ContentFile
    width: int
    height: int
    original_name: str = ""

    @classmethod
    def of(cls, image: CleanImage, original_name: str) -> NamedImage:
        return cls(image.content, image.width, image.height, original_name[:200])


def new_key() -> str:
    """The draft's idempotency key: one booking per draft, however often it is posted."""
    return secrets.token_urlsafe(24)


@dataclass
class Draft:
    slug: str
    start: str  # ISO 8601, UTC
    name: str = ""
    email: str = ""
    phone: str = ""
    people: int = 1
    purpose: str = ""
    notes: str = ""
    on_location: bool = False
    location: str = ""
    images: list[ParkedImage] = field(default_factory=list)
    key: str = field(default_factory=new_key)
    # False while the draft only keeps the images of a details form sent back with errors.
    details_checked: bool = True

    @property
    def start_at(self) -> datetime:
        return datetime.fromisoformat(self.start).astimezone(UTC)

    def details(self) -> dict:
        return {
            "name": self.name,
            "email": self.email,
            "phone": self.phone,
            "people": self.people,
            "purpose": self.purpose,
            "notes": self.notes,
            "where": "place" if self.on_location else "studio",
            "location": self.location,
        }


def load(session, slug: str) -> Draft | None:
    """The session's draft for this session type, if it has one and it is well formed."""
    data = session.get(SESSION_KEY)
    if not isinstance(data, dict) or data.get("slug") != slug:
        return None
    try:
        images = [ParkedImage(**image) for image in data.get("images", [])]
        draft = Draft(**{**data, "images": images})
        draft.start_at  # noqa: B018 - validates the stored start
    except (TypeError, ValueError):
        return None
    return draft


def save(session, draft: Draft) -> None:
    """Store the draft, deleting parked images the previous draft had and this one dropped."""
    previous = session.get(SESSION_KEY)
    if isinstance(previous, dict):
        keep = {image.path for image in draft.images}
        for image in previous.get("images", []):
            if isinstance(image, dict) and image.get("path") not in keep:
                delete_parked(image.get("path", ""))
    session[SESSION_KEY] = asdict(draft)


def discard(session, *, keep_files: bool = False) -> None:
    """Forget the session's draft and, unless told otherwise, delete its parked files."""
    data = session.pop(SESSION_KEY, None)
    if keep_files or not isinstance(data, dict):
        return
    for image in data.get("images", []):
        delete_parked(image.get("path", ""))


def park_images(images: list[NamedImage]) -> list[ParkedImage]:
    """Write clean images under drafts/<random>/ and describe them for the session."""
    folder = posixpath.join(DRAFTS_DIR, secrets.token_hex(16))
    parked = []
    for image in images:
        path = private_storage.save(posixpath.join(folder, image.content.name), image.content)
        parked.append(ParkedImage(path, image.width, image.height, image.original_name))
    return parked


def unpark(parked: list[ParkedImage]) -> list[NamedImage]:
    """The parked images as clean images ready for services.book (missing ones skipped)."""
    images = []
    for image in parked:
        if not _is_parked_path(image.path) or not private_storage.exists(image.path):
            continue
        try:
            with private_storage.open(image.path, "rb") as handle:
                content = ContentFile(handle.read(), name=posixpath.basename(image.path))
        except FileNotFoundError:
            continue  # a parallel request just booked with this draft and tidied up
        images.append(NamedImage(content, image.width, image.height, image.original_name))
    return images


def delete_parked(path: str) -> None:
    if _is_parked_path(path):
        private_storage.delete(path)
        _remove_if_empty(posixpath.dirname(path))


def _remove_if_empty(folder: str) -> None:
    try:
        os.rmdir(private_storage.path(folder))
    except OSError:
        pass  # not empty, or already gone


def _is_parked_path(path: str) -> bool:
    # Only ever touch our own folder, whatever a session might contain.
    normal = posixpath.normpath(path or "")
    return normal.startswith(DRAFTS_DIR + "/") and ".." not in normal.split("/")


def sweep_stale(*, now: datetime | None = None) -> int:
    """Delete images parked by abandoned drafts; returns how many. Idempotent.

    Abandoned means parked more than STUDIO_DRAFT_IMAGE_HOURS ago and held by no
    unexpired session: a client who comes back days later still books with their images.
    Only files under drafts/ are touched; a booking's own images are stored elsewhere.
    """
    now = now or timezone.now()
    cutoff = now - timedelta(hours=settings.STUDIO_DRAFT_IMAGE_HOURS)
    try:
        folders, _files = private_storage.listdir(DRAFTS_DIR)
    except FileNotFoundError:
        return 0
    old = []
    for folder in folders:
        base = posixpath.join(DRAFTS_DIR, folder)
        try:
            for name in private_storage.listdir(base)[1]:
                path = posixpath.join(base, name)
                if private_storage.get_modified_time(path) < cutoff:
                    old.append(path)
        except FileNotFoundError:
            continue  # booked or replaced meanwhile: the flow deleted it
    held = _held_by_live_sessions(now) if old else set()
    abandoned = [path for path in old if path not in held]
    for path in abandoned:
        delete_parked(path)
    return len(abandoned)


def _held_by_live_sessions(now: datetime) -> set[str]:
    """The parked paths named by the drafts of sessions that have not expired."""
    engine = import_module(settings.SESSION_ENGINE)
    # Sessions kept in the database only: with an engine whose sessions cannot be listed
    # (cache, signed cookies) this raises, rather than delete what a live draft holds.
    sessions = engine.SessionStore.get_model_class().objects.filter(expire_date__gt=now)
    store = engine.SessionStore()
    held = set()
    for data in sessions.values_list("session_data", flat=True).iterator():
        draft = store.decode(data).get(SESSION_KEY)
        if not isinstance(draft, dict) or not isinstance(draft.get("images"), list):
            continue
        for image in draft["images"]:
            if isinstance(image, dict) and isinstance(image.get("path"), str):
                held.add(posixpath.normpath(image["path"]))
    return held
