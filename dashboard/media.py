"""Inspiration images for staff: originals and small WebP thumbnails, both in private storage."""

import mimetypes
from pathlib import PurePosixPath

from django.http import FileResponse

from bookings.models import InspirationImage
from studio.images import rendition

THUMB_WIDTH = 360


def thumbnail_name(image: InspirationImage) -> str:
    """The private-storage name of the image's thumbnail, made on first use."""
    storage = image.image.storage
    if not storage.exists(image.image.name):
        raise FileNotFoundError(image.image.name)
    # Named after the original's (unique) file name, so a reused row id never meets a stale file.
    name = f"thumbs/{PurePosixPath(image.image.name).with_suffix('')}-{THUMB_WIDTH}.webp"
    if not storage.exists(name):
        with image.image.open("rb") as original:
            thumb = rendition(original, THUMB_WIDTH)
        storage.save(name, thumb.content)
    return name


def stream(storage, name: str) -> FileResponse:
    """A response streaming one private file; raises FileNotFoundError when it is gone."""
    content_type = mimetypes.guess_type(name)[0] or "application/octet-stream"
    response = FileResponse(storage.open(name, "rb"), content_type=content_type)
    # Nothing in an image response may run or be framed, whatever its bytes.
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response
