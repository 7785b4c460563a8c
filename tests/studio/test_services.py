"""Cover images: stored with renditions, replaced cleanly, never half-saved."""

import io
from pathlib import Path

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, transaction
from PIL import Image

from studio import services
from studio.images import clean_image
from studio.models import SessionType
from studio.services import remove_cover, set_cover
from tests.factories import SessionTypeFactory
from tests.studio.images import exif_with_gps_and_rotation, jpeg_bytes, media_files

pytestmark = pytest.mark.django_db


def clean(width=1600, height=1000, **kwargs):
    data = jpeg_bytes(width, height, **kwargs)
    return clean_image(SimpleUploadedFile("photo.jpg", data, content_type="image/jpeg"))


def test_set_cover_stores_clean_original_and_two_webp_renditions(settings):
    session_type = SessionTypeFactory()

    set_cover(session_type=session_type, image=clean(1600, 1000))

    session_type.refresh_from_db()
    assert (session_type.cover_width, session_type.cover_height) == (1600, 1000)
    assert (session_type.cover_small_width, session_type.cover_small_height) == (480, 300)
    assert (session_type.cover_large_width, session_type.cover_large_height) == (1200, 750)
    with Image.open(session_type.cover_small.path) as small:
        assert (small.format, small.size) == ("WEBP", (480, 300))
    with Image.open(session_type.cover_large.path) as large:
        assert (large.format, large.size) == ("WEBP", (1200, 750))
    with Image.open(session_type.cover.path) as original:
        assert original.format == "JPEG"
    assert media_files(settings) == {
        session_type.cover.name,
        session_type.cover_small.name,
        session_type.cover_large.name,
    }


def test_stored_cover_has_no_gps_or_camera_data():
    session_type = SessionTypeFactory()
    set_cover(session_type=session_type, image=clean(exif=exif_with_gps_and_rotation()))
    session_type.refresh_from_db()
    for field in (session_type.cover, session_type.cover_small, session_type.cover_large):
        data = Path(field.path).read_bytes()
        assert b"CameraMaker" not in data
        with Image.open(io.BytesIO(data)) as image:
            assert not image.getexif().get_ifd(0x8825)
    # The rotation was applied to the pixels before the EXIF went.
    assert session_type.cover_width < session_type.cover_height


def test_small_image_is_never_upscaled_and_srcset_has_no_duplicates():
    session_type = SessionTypeFactory()
    set_cover(session_type=session_type, image=clean(300, 200))
    session_type.refresh_from_db()
    assert session_type.cover_small_width == session_type.cover_large_width == 300
    cover = session_type.cover_image
    assert cover.srcset.endswith(" 300w") and ", " not in cover.srcset
    assert (cover.width, cover.height) == (300, 200)


def test_replacing_a_cover_deletes_the_old_files_after_commit(
    settings, django_capture_on_commit_callbacks
):
    session_type = SessionTypeFactory()
    with django_capture_on_commit_callbacks(execute=True):
        set_cover(session_type=session_type, image=clean(colour=(10, 20, 30)))
    first = media_files(settings)
    assert len(first) == 3

    with django_capture_on_commit_callbacks(execute=True):
        set_cover(session_type=session_type, image=clean(colour=(200, 20, 30)))

    now = media_files(settings)
    assert len(now) == 3
    assert not now & first


def test_old_files_stay_until_the_change_commits(settings, django_capture_on_commit_callbacks):
    session_type = SessionTypeFactory()
    with django_capture_on_commit_callbacks(execute=True):
        set_cover(session_type=session_type, image=clean())
    first = media_files(settings)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        set_cover(session_type=session_type, image=clean(colour=(1, 2, 3)))
    assert first <= media_files(settings)
    for callback in callbacks:  # the commit: the old files go
        callback()
    assert not first & media_files(settings)


def test_failure_while_saving_the_row_leaves_no_new_files(settings, monkeypatch):
    session_type = SessionTypeFactory()
    with transaction.atomic():
        set_cover(session_type=session_type, image=clean())
    before = media_files(settings)
    previous = SessionType.objects.get(pk=session_type.pk).cover.name

    def broken_save(self, *args, **kwargs):
        raise DatabaseError("disk full")

    monkeypatch.setattr(SessionType, "save", broken_save)
    with pytest.raises(DatabaseError):
        set_cover(session_type=session_type, image=clean(colour=(9, 9, 9)))

    assert media_files(settings) == before
    assert SessionType.objects.get(pk=session_type.pk).cover.name == previous


def test_failure_while_making_renditions_leaves_no_files(settings, monkeypatch):
    session_type = SessionTypeFactory()
    calls = []

    def failing_store(session_type, field_name, image):
        if calls:
            raise OSError("no space left on device")
        calls.append(field_name)
        return original_store(session_type, field_name, image)

    original_store = services._store
    monkeypatch.setattr(services, "_store", failing_store)
    with pytest.raises(OSError):
        set_cover(session_type=session_type, image=clean())

    assert media_files(settings) == set()
    session_type.refresh_from_db()
    assert not session_type.cover
    assert session_type.cover_image is None


def test_remove_cover_clears_fields_and_files(settings, django_capture_on_commit_callbacks):
    session_type = SessionTypeFactory()
    with django_capture_on_commit_callbacks(execute=True):
        set_cover(session_type=session_type, image=clean())
    with django_capture_on_commit_callbacks(execute=True):
        remove_cover(session_type=session_type)
    session_type.refresh_from_db()
    assert not session_type.cover and not session_type.cover_small and not session_type.cover_large
    assert session_type.cover_width is None
    assert media_files(settings) == set()


def test_unsaved_session_type_cannot_get_a_cover(settings):
    with pytest.raises(ValueError, match="Save the session type"):
        set_cover(session_type=SessionTypeFactory.build(), image=clean())
    assert media_files(settings) == set()
