import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from guides.models import Guide, Tip
from studio.models import SessionKind, SessionType, StudioProfile, WorkingHours

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "studio": list(StudioProfile.objects.values_list("pk", "name")),
        "types": list(SessionType.objects.order_by("slug").values_list("slug", "kind", "price")),
        "hours": WorkingHours.objects.count(),
        "guides": Guide.objects.count(),
        "tips": Tip.objects.count(),
        "users": get_user_model().objects.count(),
    }


def test_seed_demo_is_idempotent(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    first = snapshot()
    call_command("seed_demo")
    assert snapshot() == first
    kinds = set(SessionType.objects.values_list("kind", flat=True))
    assert kinds == {SessionKind.HEADSHOT, SessionKind.PORTRAIT, SessionKind.HYBRID}
    assert get_user_model().objects.get(username=settings.STUDIO_DEMO_USERNAME).is_staff


def test_seed_demo_refuses_known_password_login_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="Refusing"):
        call_command("seed_demo")
    assert not get_user_model().objects.exists()


def test_seed_demo_without_login_loads_content_in_production(settings):
    settings.DEBUG = False
    call_command("seed_demo", "--no-login")
    assert SessionType.objects.count() == 3
    assert not get_user_model().objects.exists()
