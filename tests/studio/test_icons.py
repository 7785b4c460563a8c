"""The site's icons: at the root where clients look for them, and linked from every page."""

import io
import re

import pytest
from django.contrib.staticfiles import finders
from PIL import Image

pytestmark = pytest.mark.django_db

YEAR = 365 * 24 * 60 * 60


@pytest.mark.parametrize(
    ("path", "content_type", "image_format", "size"),
    [
        ("/favicon.ico", "image/x-icon", "ICO", (48, 48)),
        ("/apple-touch-icon.png", "image/png", "PNG", (180, 180)),
        ("/apple-touch-icon-precomposed.png", "image/png", "PNG", (180, 180)),
    ],
)
def test_root_icons_are_real_images_kept_for_a_year(client, path, content_type, image_format, size):
    response = client.get(path)
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    image = Image.open(io.BytesIO(response.content))
    assert image.format == image_format
    assert image.size == size
    max_age = int(re.search(r"max-age=(\d+)", response["Cache-Control"]).group(1))
    assert "public" in response["Cache-Control"]
    assert max_age >= YEAR
    assert "Set-Cookie" not in response


def test_root_icon_refuses_writes(client):
    assert client.post("/favicon.ico").status_code == 405


def test_every_page_links_its_icons_to_files_that_exist(client):
    page = client.get("/").content.decode()
    links = re.findall(r'<link rel="(icon|apple-touch-icon)" href="/static/([^"]+)"', page)
    assert {rel for rel, _path in links} == {"icon", "apple-touch-icon"}
    for _rel, path in links:
        assert finders.find(path), path
