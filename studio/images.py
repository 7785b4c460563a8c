"""The one gate every uploaded image passes: verify, refuse, strip, re-encode.

Only JPEG, PNG and WebP that Pillow can fully decode within a pixel budget get
through. What is kept is a fresh encoding of the pixels (EXIF, GPS, comments and
anything appended to the file are gone), turned upright first.
"""

import io
import uuid
import warnings
from dataclasses import dataclass

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _
from PIL import Image, ImageOps, UnidentifiedImageError

ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}


@dataclass(frozen=True)
class CleanImage:
    content: ContentFile
    width: int
    height: int


def _limits(max_bytes: int | None, max_pixels: int | None) -> tuple[int, int]:
    return (
        max_bytes or settings.STUDIO_MAX_UPLOAD_BYTES,
        max_pixels or settings.STUDIO_MAX_IMAGE_PIXELS,
    )


def _open_checked(data: bytes, max_pixels: int) -> Image.Image:
    """Open and fully decode, refusing anything that is not a modest JPEG/PNG/WebP."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            probe = Image.open(io.BytesIO(data))
            if probe.format not in ALLOWED_FORMATS:
                raise ValidationError(
                    _("Please upload a JPEG, PNG or WebP photo (this file is %(format)s)."),
                    code="format",
                    params={"format": probe.format or _("unknown")},
                )
            if probe.width * probe.height > max_pixels:
                raise ValidationError(
                    _("This image is too large (%(w)s×%(h)s pixels); please send a smaller one."),
                    code="pixels",
                    params={"w": probe.width, "h": probe.height},
                )
            probe.verify()
            image = Image.open(io.BytesIO(data))
            image.load()
        except ValidationError:
            raise
        except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
            raise ValidationError(
                _("This image is too large to process; please send a smaller one."),
                code="pixels",
            ) from exc
        except (
            UnidentifiedImageError,
            OSError,
            SyntaxError,
            ValueError,
        ) as exc:
            raise ValidationError(
                _("This file is not an image we can use (it is damaged or not a photo)."),
                code="invalid",
            ) from exc
    return image


def clean_image(uploaded, *, max_bytes: int | None = None, max_pixels: int | None = None):
    """Verify an uploaded file and return a re-encoded, metadata-free copy.

    Raises ValidationError with a message for the person uploading.
    """
    max_bytes, max_pixels = _limits(max_bytes, max_pixels)
    size = getattr(uploaded, "size", None)
    if size is not None and size > max_bytes:
        raise ValidationError(
            _("This file is %(size)s; the limit is %(limit)s."),
            code="size",
            params={"size": filesizeformat(size), "limit": filesizeformat(max_bytes)},
        )
    uploaded.seek(0)
    data = uploaded.read(max_bytes + 1)
    if len(data) > max_bytes:
        raise ValidationError(
            _("This file is larger than %(limit)s."),
            code="size",
            params={"limit": filesizeformat(max_bytes)},
        )
    image = _open_checked(data, max_pixels)
    image = ImageOps.exif_transpose(image)
    has_alpha = image.mode in ("RGBA", "LA") or (image.mode == "P" and "transparency" in image.info)
    buffer = io.BytesIO()
    if has_alpha:
        image = image.convert("RGBA")
        image.save(buffer, format="PNG", optimize=True)
        extension = "png"
    else:
        image = image.convert("RGB")
        image.save(buffer, format="JPEG", quality=88, optimize=True, progressive=True, exif=b"")
        extension = "jpg"
    return CleanImage(
        content=ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}.{extension}"),
        width=image.width,
        height=image.height,
    )


def rendition(content, width: int) -> CleanImage:
    """A WebP copy at most `width` pixels wide (never upscaled) of an already clean image."""
    content.seek(0)
    with Image.open(content) as source:
        image = source.copy()
    if image.width > width:
        height = round(image.height * width / image.width)
        image = image.resize((width, height), Image.Resampling.LANCZOS)
    buffer = io.BytesIO()
    image.save(buffer, format="WEBP", quality=82, method=4)
    return CleanImage(
        content=ContentFile(buffer.getvalue(), name=f"{uuid.uuid4().hex}-{width}.webp"),
        width=image.width,
        height=image.height,
    )


class SafeImageField(forms.FileField):
    """A form field whose cleaned value is a CleanImage (or None when left empty)."""

    default_error_messages = {
        "invalid_image": _("This file is not an image we can use."),
    }

    def __init__(self, *args, max_bytes: int | None = None, **kwargs):
        self.max_bytes = max_bytes
        kwargs.setdefault(
            "widget", forms.ClearableFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"})
        )
        super().__init__(*args, **kwargs)

    def to_python(self, data):
        uploaded = super().to_python(data)
        if uploaded is None:
            return None
        return clean_image(uploaded, max_bytes=self.max_bytes)
