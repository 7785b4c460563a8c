"""SessionTypeForm and the admin that uses it: covers go through the gate or not at all."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.models import model_to_dict

from studio.forms import SessionTypeForm
from studio.models import SessionType
from tests.factories import SessionTypeFactory, StaffUserFactory
from tests.studio.images import jpeg_bytes, media_files, png_bomb

pytestmark = pytest.mark.django_db

BAD_UPLOADS = {
    "text": ("notes.jpg", b"these are my notes, not a photo", "not an image"),
    "truncated-jpeg": ("cut.jpg", jpeg_bytes(800, 600)[:-900], "not an image"),
    "svg": (
        "logo.svg",
        b'<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"><circle r="4"/></svg>',
        "not an image",
    ),
    "decompression-bomb": ("bomb.png", png_bomb(30000, 30000), "too large"),
    "twenty-megabytes": ("huge.jpg", b"\xff\xd8\xff\xe0" + b"\x00" * (20 * 1024 * 1024), "limit"),
}


def form_data(**overrides):
    data = {
        "kind": "headshot",
        "name": "Studio headshot",
        "slug": "studio-headshot",
        "summary": "A clear, friendly picture of you.",
        "purpose": "Profiles and bios.",
        "uses": "LinkedIn",
        "suits": "Job seekers",
        "duration_minutes": 45,
        "buffer_before_minutes": 0,
        "buffer_after_minutes": 15,
        "price": "185.00",
        "deposit": "50.00",
        "deposit_method": "instructions",
        "max_people": 1,
        "location": "studio",
        "looks": 2,
        "cover_alt": "Soft grey backdrop",
        "is_active": "on",
        "order": 1,
    }
    data.update(overrides)
    return data


def edit_data(session_type, **overrides):
    data = {
        key: value
        for key, value in model_to_dict(session_type).items()
        if key in SessionTypeForm.Meta.fields and key != "cover" and value is not None
    }
    data["is_active"] = "on" if session_type.is_active else ""
    data.update(overrides)
    return data


def photo(name="cover.jpg", width=1600, height=1000):
    return SimpleUploadedFile(name, jpeg_bytes(width, height), content_type="image/jpeg")


def test_new_session_type_with_cover_gets_renditions(settings):
    form = SessionTypeForm(data=form_data(), files={"cover": photo()})
    assert form.is_valid(), form.errors

    session_type = form.save()

    session_type.refresh_from_db()
    assert session_type.cover_large_width == 1200
    assert session_type.cover_small_width == 480
    assert len(media_files(settings)) == 3


@pytest.mark.parametrize("case", BAD_UPLOADS, ids=list(BAD_UPLOADS))
def test_unusable_cover_is_refused_beside_the_field_and_nothing_is_stored(settings, case):
    name, data, message = BAD_UPLOADS[case]
    upload = SimpleUploadedFile(name, data, content_type="image/jpeg")

    form = SessionTypeForm(data=form_data(), files={"cover": upload})

    assert not form.is_valid()
    assert message in " ".join(form.errors["cover"])
    assert set(form.errors) == {"cover"}, "other fields keep their values and raise nothing"
    assert not SessionType.objects.exists()
    assert media_files(settings) == set()


def test_editing_without_a_new_file_keeps_the_cover(settings):
    form = SessionTypeForm(data=form_data(), files={"cover": photo()})
    assert form.is_valid()
    session_type = form.save()
    before = media_files(settings)

    form = SessionTypeForm(data=edit_data(session_type, name="Renamed"), instance=session_type)
    assert form.is_valid(), form.errors
    form.save()

    session_type.refresh_from_db()
    assert session_type.name == "Renamed"
    assert session_type.cover_image is not None
    assert media_files(settings) == before


def test_clear_checkbox_removes_the_cover(settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        form = SessionTypeForm(data=form_data(), files={"cover": photo()})
        assert form.is_valid()
        session_type = form.save()

    with django_capture_on_commit_callbacks(execute=True):
        form = SessionTypeForm(
            data=edit_data(session_type, **{"cover-clear": "on"}), instance=session_type
        )
        assert form.is_valid(), form.errors
        form.save()

    session_type.refresh_from_db()
    assert not session_type.cover
    assert session_type.cover_image is None
    assert media_files(settings) == set()


def test_bad_upload_on_edit_keeps_the_existing_cover(settings):
    form = SessionTypeForm(data=form_data(), files={"cover": photo()})
    assert form.is_valid()
    session_type = form.save()
    before = media_files(settings)

    bad = SimpleUploadedFile("x.jpg", b"nope", content_type="image/jpeg")
    form = SessionTypeForm(
        data=edit_data(session_type), files={"cover": bad}, instance=session_type
    )

    assert not form.is_valid()
    session_type.refresh_from_db()
    assert session_type.cover_image is not None
    assert media_files(settings) == before


def test_slug_of_the_comparison_page_is_reserved():
    form = SessionTypeForm(data=form_data(slug="headshot-or-portrait"))
    assert not form.is_valid()
    assert "address of another page" in form.errors["slug"][0]


def test_deposit_above_price_is_reported_on_the_deposit_field():
    form = SessionTypeForm(data=form_data(price="100.00", deposit="150.00"))
    assert not form.is_valid()
    assert "cannot be more than the price" in form.errors["deposit"][0]


@pytest.fixture
def admin_client(client):
    user = StaffUserFactory(is_superuser=True)
    client.force_login(user)
    return client


def test_admin_add_with_cover_makes_renditions(admin_client, settings):
    response = admin_client.post(
        "/admin/studio/sessiontype/add/", {**form_data(), "cover": photo()}
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    session_type = SessionType.objects.get(slug="studio-headshot")
    assert session_type.cover_small_width == 480
    assert len(media_files(settings)) == 3

    change = admin_client.get(f"/admin/studio/sessiontype/{session_type.pk}/change/")
    assert session_type.cover_small.url in change.content.decode()


@pytest.mark.parametrize("case", ["svg", "decompression-bomb", "truncated-jpeg"])
def test_admin_refuses_bad_cover_with_a_message(admin_client, settings, case):
    name, data, message = BAD_UPLOADS[case]
    response = admin_client.post(
        "/admin/studio/sessiontype/add/",
        {**form_data(), "cover": SimpleUploadedFile(name, data, content_type="image/png")},
    )
    assert response.status_code == 200
    assert message in response.content.decode()
    assert not SessionType.objects.exists()
    assert media_files(settings) == set()


def test_admin_change_replaces_cover(admin_client, settings, django_capture_on_commit_callbacks):
    session_type = SessionTypeFactory(slug="replace-me")
    url = f"/admin/studio/sessiontype/{session_type.pk}/change/"
    with django_capture_on_commit_callbacks(execute=True):
        admin_client.post(url, {**edit_data(session_type), "cover": photo("one.jpg")})
    first = media_files(settings)
    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(url, {**edit_data(session_type), "cover": photo("two.jpg")})
    assert response.status_code == 302
    now = media_files(settings)
    assert len(first) == len(now) == 3
    assert not first & now


def test_admin_delete_removes_the_cover_files(
    admin_client, settings, django_capture_on_commit_callbacks
):
    session_type = SessionTypeFactory(slug="gone")
    form = SessionTypeForm(
        data=edit_data(session_type), files={"cover": photo()}, instance=session_type
    )
    assert form.is_valid(), form.errors
    form.save()
    assert len(media_files(settings)) == 3

    with django_capture_on_commit_callbacks(execute=True):
        response = admin_client.post(
            f"/admin/studio/sessiontype/{session_type.pk}/delete/", {"post": "yes"}
        )

    assert response.status_code == 302
    assert not SessionType.objects.exists()
    assert media_files(settings) == set()


def test_help_text_states_the_configured_limit(settings):
    settings.STUDIO_MAX_UPLOAD_BYTES = 5 * 1024 * 1024
    assert "5.0\xa0MB" in str(SessionTypeForm().fields["cover"].help_text)
