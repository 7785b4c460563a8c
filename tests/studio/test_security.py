import pytest

from studio.security import axes_username
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("given", "kept"),
    [("photographer", "photographer"), ("ab\x00cd", "abcd"), ("x" * 5000, "x" * 150)],
)
def test_axes_records_a_bounded_printable_username(given, kept):
    assert axes_username(None, {"username": given}) == kept


@pytest.mark.parametrize("username", ["a\x00b", "y" * 3000])
def test_login_with_a_hostile_username_is_a_form_error_not_a_crash(client, username):
    response = client.post("/accounts/login/", {"username": username, "password": "x"})
    assert response.status_code == 200
    assert response.context["form"].errors


def test_repeated_failed_logins_lock_the_account_out(client, settings):
    user = StaffUserFactory(username="photographer")
    for _ in range(settings.AXES_FAILURE_LIMIT):
        client.post("/accounts/login/", {"username": user.username, "password": "wrong"})
    response = client.post(
        "/accounts/login/", {"username": user.username, "password": "correct-horse-battery"}
    )
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
