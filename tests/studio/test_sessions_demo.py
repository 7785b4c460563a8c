"""Demo session types come with covers drawn by the project itself."""

import io

import pytest
from django.core.management import call_command
from PIL import Image

from studio.demo import draw_cover
from studio.models import SessionKind, SessionType
from tests.studio.images import media_files

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("kind", SessionKind.values)
def test_drawn_cover_is_a_real_landscape_jpeg(kind):
    with Image.open(io.BytesIO(draw_cover(kind))) as image:
        assert image.format == "JPEG"
        assert image.width > image.height >= 1000
        # Not a flat fill: a composition has a real range of tones.
        low, high = image.convert("L").getextrema()
        assert high - low > 100


def test_seed_gives_every_type_a_cover_with_renditions_and_alt_text(settings):
    call_command("seed_demo", "--no-login", stdout=io.StringIO())
    for session_type in SessionType.objects.all():
        cover = session_type.cover_image
        assert cover is not None, session_type.slug
        assert (session_type.cover_small_width, session_type.cover_large_width) == (480, 1200)
        assert cover.alt.startswith("Illustration:")
    assert len(media_files(settings)) == 3 * SessionType.objects.count()


def test_seeding_again_keeps_covers_and_writes_no_files(settings):
    call_command("seed_demo", "--no-login", stdout=io.StringIO())
    before = media_files(settings)
    names = list(SessionType.objects.order_by("pk").values_list("cover", flat=True))
    call_command("seed_demo", "--no-login", stdout=io.StringIO())
    assert media_files(settings) == before
    assert list(SessionType.objects.order_by("pk").values_list("cover", flat=True)) == names
