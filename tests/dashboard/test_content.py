import pytest
from django.urls import reverse

from guides.models import Guide, Tip
from tests.factories import GuideFactory, SessionTypeFactory, TipFactory

pytestmark = pytest.mark.django_db

TIP = {
    "category": "grooming",
    "title": "Matte, not shiny",
    "body": "A little powder keeps the **forehead** from shining under the lights.",
    "for_headshot": "on",
    "order": 3,
    "use_in_reminders": "on",
}


def test_guides_page_lists_guides_and_tips_by_category(staff_client):
    GuideFactory(title="Before your headshot")
    TipFactory(title="Bring two tops", category="wardrobe")
    TipFactory(title="Sleep well", category="relaxation")
    html = staff_client.get(reverse("dashboard:guides")).content.decode()
    assert "Before your headshot" in html
    assert html.index("Wardrobe") < html.index("Bring two tops")
    assert "Relaxation and mindset" in html


def test_new_tip_is_saved(staff_client):
    response = staff_client.post(reverse("dashboard:tip_new"), TIP)
    assert response.status_code == 302
    tip = Tip.objects.get()
    assert tip.kinds == ["headshot"]
    assert tip.use_in_reminders


def test_edit_tip_shows_a_safe_preview_and_saves(staff_client):
    tip = TipFactory(body="Wear **solid** colours.")
    url = reverse("dashboard:tip_edit", args=[tip.pk])
    assert "<strong>solid</strong>" in staff_client.get(url).content.decode()
    assert staff_client.post(url, TIP | {"title": "Powder"}).status_code == 302
    tip.refresh_from_db()
    assert (tip.title, tip.category) == ("Powder", "grooming")


def test_a_tip_needs_at_least_one_kind_and_a_title(staff_client):
    data = {key: value for key, value in TIP.items() if key != "for_headshot"} | {"title": ""}
    response = staff_client.post(reverse("dashboard:tip_new"), data)
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["for_headshot"] == ["Choose at least one kind of session for this tip."]
    assert "title" in errors
    assert "A little powder" in response.content.decode()  # the body typed is kept
    assert not Tip.objects.exists()


def test_tip_is_deleted_by_post_only(staff_client):
    tip = TipFactory()
    url = reverse("dashboard:tip_delete", args=[tip.pk])
    assert staff_client.get(url).status_code == 405
    assert Tip.objects.exists()
    assert staff_client.post(url).status_code == 302
    assert not Tip.objects.exists()


def test_guide_slug_must_be_unique_and_valid(staff_client):
    GuideFactory(slug="headshots")
    data = {"title": "Another", "slug": "headshots", "kind": "", "intro": "", "order": 0}
    response = staff_client.post(reverse("dashboard:guide_new"), data)
    assert response.status_code == 400
    assert response.context["form"].errors["slug"]
    response = staff_client.post(reverse("dashboard:guide_new"), data | {"slug": "no spaces"})
    assert response.context["form"].errors["slug"]
    assert (
        staff_client.post(reverse("dashboard:guide_new"), data | {"slug": "b"}).status_code == 302
    )
    assert Guide.objects.filter(slug="b", is_published=False).exists()


def test_session_types_are_listed(staff_client):
    SessionTypeFactory(name="Team headshots", is_active=False)
    html = staff_client.get(reverse("dashboard:session_types")).content.decode()
    assert "Team headshots" in html and "Hidden" in html


def _session_type_data(session_type, **changes):
    from django.forms.models import model_to_dict

    from studio.forms import SessionTypeForm

    fields = [name for name in SessionTypeForm.Meta.fields if name != "cover"]
    data = {k: v for k, v in model_to_dict(session_type, fields=fields).items() if v is not None}
    data["is_active"] = "on" if session_type.is_active else ""
    return data | changes


def _jpeg(name="cover.jpg", size=(900, 600)):
    import io

    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", size, "salmon").save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"price": "-1"}, "price", "greater than or equal to 0"),
        ({"deposit": "500"}, "deposit", "cannot be more than the price"),
        ({"duration_minutes": "5"}, "duration_minutes", "greater than or equal to 15"),
        ({"name": ""}, "name", "required"),
    ],
)
def test_session_type_mistakes_are_marked_by_the_field(staff_client, changes, field, message):
    session_type = SessionTypeFactory(price=200, deposit=50)
    url = reverse("dashboard:session_type_edit", args=[session_type.pk])
    response = staff_client.post(url, _session_type_data(session_type, **changes))
    assert response.status_code == 400
    assert any(message in error for error in response.context["form"].errors[field])
    session_type.refresh_from_db()
    assert session_type.price == 200


def test_session_type_saves_with_a_clean_cover_and_its_renditions(staff_client):
    session_type = SessionTypeFactory(name="Headshot")
    url = reverse("dashboard:session_type_edit", args=[session_type.pk])
    data = _session_type_data(session_type, name="Studio headshot", cover=_jpeg())
    data["cover_alt"] = "A smiling person against grey"
    response = staff_client.post(url, data)
    assert response.status_code == 302, response.context and response.context["form"].errors
    session_type.refresh_from_db()
    assert session_type.name == "Studio headshot"
    assert session_type.cover and session_type.cover_small and session_type.cover_large
    assert session_type.cover_small_width == 480
    html = staff_client.get(url).content.decode()
    assert session_type.cover_small.url in html


def test_session_type_refuses_a_file_that_is_not_an_image(staff_client):
    from django.core.files.uploadedfile import SimpleUploadedFile

    session_type = SessionTypeFactory()
    url = reverse("dashboard:session_type_edit", args=[session_type.pk])
    fake = SimpleUploadedFile("cover.jpg", b"<svg onload=alert(1)>", content_type="image/jpeg")
    response = staff_client.post(url, _session_type_data(session_type, cover=fake))
    assert response.status_code == 400
    assert response.context["form"].errors["cover"]
    session_type.refresh_from_db()
    assert not session_type.cover


def test_new_session_type(staff_client):
    template = SessionTypeFactory.build(slug="family-portrait", name="Family portrait")
    data = _session_type_data(template)
    response = staff_client.post(reverse("dashboard:session_type_new"), data)
    assert response.status_code == 302
    from studio.models import SessionType

    assert SessionType.objects.get(slug="family-portrait").name == "Family portrait"


def test_a_tip_edited_here_shows_on_the_public_guide_at_once(client, staff_client):
    from django.test import Client

    guide = GuideFactory(kind="headshot", slug="headshot-guide", is_published=True)
    tip = TipFactory(title="Bring two tops", category="wardrobe", for_headshot=True)
    visitor = Client()
    assert "Bring two tops" in visitor.get(f"/guides/{guide.slug}/").content.decode()
    data = TIP | {"category": "wardrobe", "title": "Bring three tops"}
    staff_client.post(reverse("dashboard:tip_edit", args=[tip.pk]), data)
    page = visitor.get(f"/guides/{guide.slug}/").content.decode()
    assert "Bring three tops" in page and "Bring two tops" not in page
