"""Inspiration images for staff: originals and small WebP thumbnails, both in private storage."""

import mimetypes

from django.http import FileResponse

from bookings.models import InspirationImage
from studio.images import rendition

THUMB_WIDTH = 360


def thumbnail_name(image: InspirationImage) -> str:
    """The private-storage name of the image's thumbnail, made on first use."""
    storage = image.image.storage
    name = f"thumbs/{image.pk}-{THUMB_WIDTH}.webp"
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
