"""The upload gate: real photos pass re-encoded and stripped; everything else is refused."""

import io
import struct
import zlib

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from studio.images import SafeImageField, clean_image, rendition

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


def test_clean_jpeg_is_reencoded_upright_without_exif():
    data = jpeg_bytes(120, 80, exif=exif_with_gps_and_rotation())
    assert Image.open(io.BytesIO(data)).getexif().get_ifd(GPS_IFD)

    result = clean_image(upload(data))

    kept = Image.open(result.content)
    assert kept.format == "JPEG"
    assert (kept.width, kept.height) == (80, 120) == (result.width, result.height)
    assert not kept.getexif()
    assert b"CameraMaker" not in result.content.read()


def test_transparent_png_stays_png_and_drops_trailing_bytes():
    buffer = io.BytesIO()
    Image.new("RGBA", (40, 40), (0, 0, 0, 0)).save(buffer, format="PNG")
    data = buffer.getvalue() + b"<script>alert(1)</script>"
    result = clean_image(upload(data, "a.png", "image/png"))
    result.content.seek(0)
    body = result.content.read()
    assert Image.open(io.BytesIO(body)).format == "PNG"
    assert b"<script>" not in body


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"just some text, not an image", "notes.txt", "not an image"),
        (jpeg_bytes(400, 300)[:-600], "cut.jpg", "not an image"),
        (
            b'<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
            "x.svg",
            "not an image",
        ),
        (png_bomb(), "bomb.png", "too large"),
    ],
    ids=["text", "truncated-jpeg", "svg", "decompression-bomb"],
)
def test_unusable_files_are_refused_with_a_message(data, name, message):
    with pytest.raises(ValidationError) as excinfo:
        clean_image(upload(data, name))
    assert message in " ".join(excinfo.value.messages)


def test_gif_is_refused_as_an_unsupported_format():
    buffer = io.BytesIO()
    Image.new("RGB", (10, 10)).save(buffer, format="GIF")
    with pytest.raises(ValidationError, match="JPEG, PNG or WebP"):
        clean_image(upload(buffer.getvalue(), "a.gif", "image/gif"))


def test_oversized_file_is_refused_before_decoding():
    big = upload(b"\xff\xd8" + b"\x00" * (20 * 1024 * 1024), "huge.jpg")
    with pytest.raises(ValidationError, match="limit is 10"):
        clean_image(big, max_bytes=10 * 1024 * 1024)


def test_rendition_is_webp_no_wider_than_asked_and_never_upscaled():
    clean = clean_image(upload(jpeg_bytes(1600, 900)))
    small = rendition(clean.content, 480)
    assert (small.width, small.height) == (480, 270)
    assert Image.open(small.content).format == "WEBP"
    tiny = clean_image(upload(jpeg_bytes(300, 200)))
    assert rendition(tiny.content, 480).width == 300


def test_form_field_returns_clean_image_and_reports_errors():
    field = SafeImageField(required=False)
    assert field.clean(None) is None
    assert field.clean(upload(jpeg_bytes())).width == 120
    with pytest.raises(ValidationError):
        field.clean(upload(b"nope", "x.jpg"))
