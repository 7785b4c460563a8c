"""Image files for the studio tests: photos with and without camera data, a PNG bomb, and
what landed in the media folder."""

import io
import struct
import zlib
from pathlib import Path

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

GPS_IFD = 0x8825


def jpeg_bytes(width=120, height=80, *, exif=None, colour=(180, 90, 60)):
    buffer = io.BytesIO()
    image = Image.new("RGB", (width, height), colour)
    kwargs = {"exif": exif} if exif is not None else {}
    image.save(buffer, format="JPEG", **kwargs)
    return buffer.getvalue()


def upload(data, name="photo.jpg", content_type="image/jpeg"):
    return SimpleUploadedFile(name, data, content_type=content_type)


def exif_with_gps_and_rotation():
    exif = Image.Exif()
    exif[0x0112] = 6  # orientation: rotate 90° clockwise to display
    exif[0x010F] = "CameraMaker"
    exif.get_ifd(GPS_IFD).update({1: "N", 2: (53.0, 47.0, 46.0), 3: "W", 4: (1.0, 32.0, 52.0)})
    return exif.tobytes()


def png_bomb(width=30000, height=30000):
    """A tiny PNG that claims a huge canvas: IHDR says 30000x30000, the data is a stub."""

    def chunk(kind, data):
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    ihdr = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    idat = zlib.compress(b"\x00" * 1024)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", ihdr) + chunk(b"IDAT", idat) + chunk(b"IEND", b"")


def media_files(settings) -> set[str]:
    """Every file under MEDIA_ROOT, relative to it."""
    root = Path(settings.MEDIA_ROOT)
    if not root.exists():
        return set()
    return {str(path.relative_to(root)) for path in root.rglob("*") if path.is_file()}
