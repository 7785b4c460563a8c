"""Images parked for drafts: swept once abandoned, never while a live draft or a booking holds them.

Real files under the temporary PRIVATE_MEDIA_ROOT each test gets (tests/conftest.py), real
sessions in the database; file ages are set with os.utime.
"""

import os
from dataclasses import asdict
from datetime import timedelta
from importlib import import_module
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from bookings import drafts, tasks
from bookings.services import ClientDetails, book
from studio.images import clean_image
from tests.bookings.booking_setup import NOW, headshot, jpeg_upload, open_studio, wednesday

pytestmark = pytest.mark.django_db


def park(count: int = 1) -> list[drafts.ParkedImage]:
    images = [drafts.NamedImage.of(clean_image(jpeg_upload()), "look.jpg") for _ in range(count)]
    return drafts.park_images(images)


def on_disk(image) -> Path:
    path = image.path if isinstance(image, drafts.ParkedImage) else image
    return Path(settings.PRIVATE_MEDIA_ROOT) / path


def age(image, hours: float) -> None:
    moment = (timezone.now() - timedelta(hours=hours)).timestamp()
    os.utime(on_disk(image), (moment, moment))


def live_session_holding(images: list[drafts.ParkedImage]):
    store = import_module(settings.SESSION_ENGINE).SessionStore()
    draft = drafts.Draft(slug="headshot", start=wednesday("10:00").isoformat(), images=images)
    store[drafts.SESSION_KEY] = asdict(draft)
    store.create()
    return store


def test_images_of_a_draft_abandoned_past_the_set_hours_are_swept(settings):
    settings.STUDIO_DRAFT_IMAGE_HOURS = 24
    (old,) = park()
    (recent,) = park()
    age(old, 25)
    age(recent, 23)
    assert drafts.sweep_stale() == 1
    assert not on_disk(old).exists()
    assert not on_disk(old).parent.exists()  # its emptied folder goes too
    assert on_disk(recent).exists()


def test_the_hours_come_from_the_setting(settings):
    settings.STUDIO_DRAFT_IMAGE_HOURS = 2
    (image,) = park()
    age(image, 3)
    assert drafts.sweep_stale() == 1
    assert not on_disk(image).exists()


def test_images_a_live_session_still_holds_are_kept_until_it_expires():
    held = park(2)
    for image in held:
        age(image, 24 * 5)  # the client went away for days but may come back to book
    store = live_session_holding(held)
    assert drafts.sweep_stale() == 0
    assert all(on_disk(image).exists() for image in held)
    Session.objects.filter(pk=store.session_key).update(
        expire_date=timezone.now() - timedelta(seconds=1)
    )
    assert drafts.sweep_stale() == 2
    assert not any(on_disk(image).exists() for image in held)


def test_a_finished_bookings_images_are_never_swept():
    open_studio()
    parked = park()
    booking = book(
        session_type=headshot(),
        start=wednesday("10:00"),
        client=ClientDetails("Ada Lovelace", "ada@example.com"),
        images=drafts.unpark(parked),
        now=NOW,
    )
    drafts.delete_parked(parked[0].path)  # what the flow does once booked
    (stored,) = booking.images.all()
    assert not stored.image.name.startswith(drafts.DRAFTS_DIR)
    age(stored.image.name, 24 * 365)
    stray = Path(settings.PRIVATE_MEDIA_ROOT) / "elsewhere.jpg"
    stray.write_bytes(b"not a draft")
    age("elsewhere.jpg", 24 * 365)
    assert drafts.sweep_stale() == 0
    assert on_disk(stored.image.name).exists() and stray.exists()


def test_nothing_parked_yet_sweeps_nothing():
    assert drafts.sweep_stale() == 0


def test_beat_sweeps_draft_images_every_hour(settings):
    entry = settings.CELERY_BEAT_SCHEDULE["sweep-draft-images"]
    assert entry["task"] == tasks.sweep_draft_images.name == "bookings.tasks.sweep_draft_images"
    assert entry["schedule"] == 3600.0
    settings.STUDIO_DRAFT_IMAGE_HOURS = 24
    (image,) = park()
    age(image, 25)
    assert tasks.sweep_draft_images() == 1
    assert not on_disk(image).exists()
