from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from tests.staff import app_for, current_code

pytestmark = pytest.mark.django_db


def _login(client, password):
    return client.post(
        reverse("login"),
        {"username": "photographer", "password": password, "next": "/dashboard/"},
        REMOTE_ADDR="203.0.113.9",
    )


def test_staff_log_in_with_a_code_and_land_on_the_dashboard(client, staff_user, studio):
    app = app_for(staff_user)
    response = _login(client, "correct-horse-battery")
    assert response.status_code == 302
    assert response["Location"] == "/accounts/two-factor/?next=%2Fdashboard%2F"
    response = client.post(response["Location"], {"code": current_code(app), "next": "/dashboard/"})
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
    # still not logged in
    assert client.get("/dashboard/")["Location"].startswith("/accounts/login/")


def test_an_over_long_username_is_a_refused_login_not_a_500(client, staff_user, studio):
    response = client.post(
        reverse("login"), {"username": "x" * 1000, "password": "0"}, REMOTE_ADDR="203.0.113.9"
    )
    assert response.status_code == 200
    assert response.context["form"].errors
    assert client.get("/dashboard/")["Location"].startswith("/accounts/login/")


def _attempt(client, username, password, address):
    return client.post(
        reverse("login"), {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_failures_from_one_address_do_not_lock_the_owner_out_elsewhere(client, staff_user, studio):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _attempt(client, "photographer", "wrong-guess", "10.0.0.1")
    response = _attempt(client, "photographer", "correct-horse-battery", "10.0.0.2")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/two-factor/")  # the password passed


def test_the_failing_address_stays_locked_for_that_username(client, staff_user, studio):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _attempt(client, "photographer", "wrong-guess", "10.0.0.1")
    response = _attempt(client, "photographer", "correct-horse-battery", "10.0.0.1")
    assert response.status_code == 429
    assert client.get("/dashboard/")["Location"].startswith("/accounts/login/")


def test_one_address_trying_many_usernames_is_locked(client, staff_user, studio):
    for index in range(settings.AXES_FAILURE_LIMIT):
        _attempt(client, f"guess-{index}", "wrong-guess", "10.0.0.1")
    response = _attempt(client, "photographer", "correct-horse-battery", "10.0.0.1")
    assert response.status_code == 429
    assert client.get("/dashboard/")["Location"].startswith("/accounts/login/")


def test_the_lockout_page_says_when_to_try_again(client, staff_user, studio):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        response = _attempt(client, "photographer", "wrong-guess", "10.0.0.1")
    assert response.status_code == 429
    text = " ".join(response.content.decode().replace("\xa0", " ").split())
    assert "Too many failed logins" in text
    assert "Try again in 15 min;" in text


def test_the_lock_lifts_after_the_wait_and_trying_sooner_starts_it_over(client, staff_user, studio):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        for _ in range(settings.AXES_FAILURE_LIMIT):
            _attempt(client, "photographer", "wrong-guess", "10.0.0.1")
        clock.shift(timedelta(minutes=10))
        assert _attempt(client, "photographer", "wrong-guess", "10.0.0.1").status_code == 429
        clock.shift(timedelta(minutes=10))  # 20 minutes after the lock, 10 after the retry
        assert (
            _attempt(client, "photographer", "correct-horse-battery", "10.0.0.1").status_code == 429
        )
        clock.shift(timedelta(minutes=16))
        response = _attempt(client, "photographer", "correct-horse-battery", "10.0.0.1")
    assert response.status_code == 302
