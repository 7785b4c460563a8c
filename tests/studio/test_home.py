import pytest

from tests.factories import SessionTypeFactory, StudioProfileFactory

pytestmark = pytest.mark.django_db


def test_home_shows_studio_from_profile_and_offer(client):
    StudioProfileFactory(name="Lumen & Grain", phone="+44 20 0000 0000")
    SessionTypeFactory(name="Crisp headshot", summary="Tight and bright.")
    response = client.get("/")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Lumen &amp; Grain" in body
    assert "Crisp headshot" in body
    assert "+44 20 0000 0000" in body
    assert 'href="#main"' in body


def test_unknown_page_is_a_friendly_404(client):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert "could not find" in response.content.decode()
