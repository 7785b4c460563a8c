import pytest
from django.conf import settings
from django.urls import reverse

pytestmark = pytest.mark.django_db


def _login(client, password):
    return client.post(
        reverse("login"),
        {"username": "photographer", "password": password, "next": "/dashboard/"},
        REMOTE_ADDR="203.0.113.9",
    )


def test_staff_log_in_and_land_on_the_dashboard(client, staff_user, studio):
    response = _login(client, "correct-horse-battery")
    assert response.status_code == 302 and response["Location"] == "/dashboard/"
    assert client.get("/dashboard/").status_code == 200


def test_wrong_password_keeps_the_form_with_a_message(client, staff_user, studio):
    response = _login(client, "nope")
    assert response.status_code == 200
    assert response.context["form"].errors


def test_repeated_failures_lock_the_login_even_with_the_right_password(client, staff_user, studio):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _login(client, "wrong-guess")
    response = _login(client, "correct-horse-battery")
    assert response.status_code == 429
    assert client.get("/dashboard/").status_code == 302  # still not logged in


def test_an_over_long_username_is_a_refused_login_not_a_500(client, staff_user, studio):
    response = client.post(
        reverse("login"), {"username": "x" * 1000, "password": "0"}, REMOTE_ADDR="203.0.113.9"
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert client.get("/dashboard/").status_code == 302
