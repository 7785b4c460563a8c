import pytest

from tests.factories import GuideFactory, StaffUserFactory, TipFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client):
    client.force_login(StaffUserFactory(is_superuser=True))
    return client


def test_tip_admin_previews_the_sanitised_body(admin_client):
    tip = TipFactory(body="Wear **navy**. <script>alert(1)</script>")
    body = admin_client.get(f"/admin/guides/tip/{tip.pk}/change/").content.decode()
    assert "<strong>navy</strong>" in body
    assert "<script>alert(1)" not in body


def test_guide_admin_lists_and_previews(admin_client):
    guide = GuideFactory(intro="Start *here*.")
    assert admin_client.get("/admin/guides/guide/").status_code == 200
    body = admin_client.get(f"/admin/guides/guide/{guide.pk}/change/").content.decode()
    assert "<em>here</em>" in body
    assert admin_client.get("/admin/guides/tip/").status_code == 200
