"""The upload gate: real photos pass re-encoded and stripped; everything else is refused."""

import io

import pytest
from django.core.exceptions import ValidationError
from PIL import Image

from studio.images import SafeImageField, clean_image, rendition
from tests.studio.images import GPS_IFD, exif_with_gps_and_rotation, jpeg_bytes, png_bomb, upload


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
