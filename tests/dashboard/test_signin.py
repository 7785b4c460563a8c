"""The second factor, sessions and the studio's alerts about sign-ins (issue 28)."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django_otp.plugins.otp_static.models import StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice
from hypothesis import HealthCheck, given
from hypothesis import settings as settings_hypothesis
from hypothesis import strategies as st

from dashboard.signin import devices
from studio.models import StudioProfile
from tests.dashboard.test_access import all_urls
from tests.dashboard.test_access import objects as objects  # noqa: F401 - the fixture
from tests.staff import StudioClient, app_for, current_code

pytestmark = pytest.mark.django_db
PASSWORD = "correct-horse-battery"


def _password(client, username="photographer", password=PASSWORD, address="203.0.113.9"):
    return client.post(
        reverse("login"),
        {"username": username, "password": password, "next": "/dashboard/"},
        REMOTE_ADDR=address,
    )


def _code(client, code):
    return client.post(reverse("two_factor_verify"), {"code": code, "next": "/dashboard/"})


def test_first_sign_in_sets_up_the_app_and_shows_ten_recovery_codes_once(
    client, staff_user, studio
):
    response = _password(client)
    assert response["Location"] == "/accounts/two-factor/enrol/?next=%2Fdashboard%2F"
    assert client.get("/dashboard/")["Location"].startswith("/accounts/two-factor/enrol/")
    page = client.get(response["Location"])
    assert page.status_code == 200
    html = page.content.decode()
    assert 'src="data:image/svg+xml;base64,' in html
    device = TOTPDevice.objects.get(user=staff_user, confirmed=False)
    assert devices.manual_key(device) in html

    wrong = client.post(reverse("two_factor_enrol"), {"code": "000000", "next": "/dashboard/"})
    assert wrong.status_code == 400 and not TOTPDevice.objects.filter(confirmed=True).exists()
    with time_machine.travel(timezone.now() + timedelta(seconds=2)):  # past the throttle
        done = client.post(
            reverse("two_factor_enrol"), {"code": current_code(device), "next": "/dashboard/"}
        )
    assert done["Location"].startswith(reverse("two_factor_recovery"))
    shown = client.get(done["Location"]).content.decode()
    codes = re.findall(r"<li>([a-z2-7]{8})</li>", shown)
    assert len(codes) == 10
    assert set(codes) == set(StaticToken.objects.values_list("token", flat=True))
    again = client.get(done["Location"]).content.decode()
    assert not any(code in again for code in codes)  # shown once
    assert client.get("/dashboard/").status_code == 200


def test_a_wrong_code_is_refused_and_the_dashboard_stays_closed(client, staff_user, studio):
    app = app_for(staff_user)
    _password(client)
    right = current_code(app)
    wrong = f"{(int(right) + 1) % 1_000_000:06d}"
    response = _code(client, wrong)
    assert response.status_code == 400
    assert "did not work" in response.content.decode()
    assert client.get("/dashboard/")["Location"].startswith("/accounts/two-factor/")
    assert client.get("/admin/")["Location"].startswith("/admin/login/")


def test_wrong_codes_slow_the_next_try_down(client, staff_user, studio):
    app = app_for(staff_user)
    _password(client)
    with time_machine.travel(timezone.now(), tick=False) as clock:
        _code(client, "000000" if current_code(app) != "000000" else "111111")
        assert _code(client, current_code(app)).status_code == 400  # throttled for a second
        clock.shift(timedelta(seconds=31))
        assert _code(client, current_code(app))["Location"] == "/dashboard/"


def test_a_recovery_code_signs_in_once_and_is_refused_the_second_time(staff_user, studio):
    app_for(staff_user)
    code = devices.new_recovery_codes(user=staff_user)[0]
    first, second = Client(), Client()
    _password(first)
    assert _code(first, code.upper())["Location"] == "/dashboard/"
    assert first.get("/dashboard/").status_code == 200
    _password(second)
    assert _code(second, code).status_code == 400
    assert second.get("/dashboard/")["Location"].startswith("/accounts/two-factor/")
    assert StaticToken.objects.count() == 9


def test_no_dashboard_or_admin_page_opens_after_only_the_password(client, staff_user, objects):
    app_for(staff_user)
    client.force_login(staff_user, second_factor=False)
    for name, url in all_urls(objects):
        for method in ("get", "post"):
            response = getattr(client, method)(url)
            assert response.status_code == 302, name
            assert response["Location"].startswith("/accounts/two-factor/?next="), name
    for url in ("/admin/", "/admin/bookings/booking/", "/admin/dashboard/staffaction/"):
        response = client.get(url, follow=True)
        assert response.redirect_chain[-1][0].startswith("/accounts/two-factor/?next="), url
    assert client.get(reverse("password_change"))["Location"].startswith("/accounts/two-factor/")


def test_a_password_alone_never_replaces_the_app(client, staff_user, studio):
    app_for(staff_user)
    client.force_login(staff_user, second_factor=False)
    assert client.get(reverse("two_factor_enrol"))["Location"].startswith("/accounts/two-factor/?")
    assert TOTPDevice.objects.filter(user=staff_user).count() == 1


def test_the_admin_opens_with_both_steps(admin_client):
    assert admin_client.get("/admin/").status_code == 200
    assert admin_client.get("/admin/dashboard/staffaction/").status_code == 200


def test_reset_two_factor_removes_the_app_and_codes(client, staff_user, studio):
    app_for(staff_user)
    devices.new_recovery_codes(user=staff_user)
    call_command("reset_two_factor", "photographer", stdout=__import__("io").StringIO())
    assert not TOTPDevice.objects.filter(user=staff_user).exists()
    assert not StaticToken.objects.exists()
    assert _password(client)["Location"].startswith("/accounts/two-factor/enrol/")
    with pytest.raises(CommandError):
        call_command("reset_two_factor", "nobody")


def test_in_development_a_password_is_enough_until_an_app_is_set_up(
    client, staff_user, studio, settings
):
    settings.STUDIO_REQUIRE_2FA = False
    assert _password(client)["Location"] == "/dashboard/"
    assert client.get("/dashboard/").status_code == 200
    app_for(staff_user)
    other = Client()
    assert _password(other)["Location"].startswith("/accounts/two-factor/?")


def test_the_login_page_never_says_whether_a_username_exists(client, staff_user, studio):
    unknown = _password(client, username="nobody-here", password="wrong-guess")
    known = _password(client, password="wrong-guess")
    assert unknown.status_code == known.status_code == 200
    assert unknown.context["form"].errors == known.context["form"].errors


def test_a_session_ends_after_the_studio_s_idle_hours(staff_client, studio):
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        assert staff_client.get("/dashboard/").status_code == 200
        clock.shift(timedelta(hours=11))
        assert staff_client.get("/dashboard/").status_code == 200  # use restarts the clock
        clock.shift(timedelta(hours=11, minutes=59))
        assert staff_client.get("/dashboard/").status_code == 200
        clock.shift(timedelta(hours=12, minutes=1))
        assert staff_client.get("/dashboard/")["Location"].startswith("/accounts/login/")


def test_the_idle_hours_are_a_studio_setting(staff_client, studio):
    StudioProfile.objects.filter(pk=studio.pk).update(staff_idle_hours=1)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as clock:
        assert staff_client.get("/dashboard/").status_code == 200
        clock.shift(timedelta(minutes=61))
        assert staff_client.get("/dashboard/")["Location"].startswith("/accounts/login/")


def test_changing_the_password_signs_out_every_other_session(staff_user, studio):
    mine, other = StudioClient(), StudioClient()
    mine.force_login(staff_user)
    other.force_login(staff_user)
    response = mine.post(
        reverse("password_change"),
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-pass-92",
            "new_password2": "a-new-long-pass-92",
        },
    )
    assert response.status_code == 302
    assert mine.get("/dashboard/").status_code == 200
    assert other.get("/dashboard/")["Location"].startswith("/accounts/login/")


def test_a_reset_link_goes_to_the_account_s_address_and_the_page_never_tells(
    client, staff_user, studio
):
    sent = client.post(reverse("password_reset"), {"email": staff_user.email})
    unknown = client.post(reverse("password_reset"), {"email": "nobody@example.com"})
    assert sent["Location"] == unknown["Location"] == reverse("password_reset_done")
    assert len(mail.outbox) == 1 and mail.outbox[0].to == [staff_user.email]
    link = re.search(r"https?://\S+/accounts/password/reset/\S+/", mail.outbox[0].body).group(0)
    path = link.split("://", 1)[1].split("/", 1)[1]
    form = client.get("/" + path, follow=True)
    assert form.status_code == 200 and form.context["validlink"]
    done = client.post(
        form.redirect_chain[-1][0],
        {"new_password1": "a-new-long-pass-92", "new_password2": "a-new-long-pass-92"},
    )
    assert done["Location"] == reverse("password_reset_complete")
    staff_user.refresh_from_db()
    assert staff_user.check_password("a-new-long-pass-92")


def test_a_new_browser_alerts_the_studio_once(
    client, staff_user, studio, django_capture_on_commit_callbacks
):
    StudioProfile.objects.filter(pk=studio.pk).update(alert_email="owner@example.com")
    app_for(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        _password(client)
    assert [m.to for m in mail.outbox] == [["owner@example.com"]]
    assert "photographer" in mail.outbox[0].subject
    assert mail.outbox[0].alternatives  # an HTML part beside the text
    client.post(reverse("logout"))
    with django_capture_on_commit_callbacks(execute=True):
        _password(client)  # the same browser: its cookie says it signed in before
    assert len(mail.outbox) == 1
    with django_capture_on_commit_callbacks(execute=True):
        _password(Client())
    assert len(mail.outbox) == 2


def test_a_failed_alert_never_breaks_the_sign_in(
    client, staff_user, studio, settings, django_capture_on_commit_callbacks
):
    StudioProfile.objects.filter(pk=studio.pk).update(alert_email="owner@example.com")
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT, settings.EMAIL_TIMEOUT = "127.0.0.1", 9, 1
    app_for(staff_user)
    with django_capture_on_commit_callbacks(execute=True):
        response = _password(client)
    assert response["Location"].startswith("/accounts/two-factor/")


def test_a_locked_out_login_alerts_the_studio_once(
    client, staff_user, studio, django_capture_on_commit_callbacks
):
    StudioProfile.objects.filter(pk=studio.pk).update(alert_email="owner@example.com")
    with django_capture_on_commit_callbacks(execute=True):
        for _ in range(settings.AXES_FAILURE_LIMIT + 2):
            response = _password(client, password="wrong-guess", address="198.51.100.7")
    assert response.status_code == 429
    locked = [m for m in mail.outbox if "locked" in m.subject]
    assert len(locked) == 1
    assert "198.51.100.7" in locked[0].body and "photographer" in locked[0].body


def test_new_recovery_codes_replace_the_old_and_show_once(staff_client, staff_user):
    old = devices.new_recovery_codes(user=staff_user)
    page = staff_client.get(reverse("dashboard:settings_sign_in")).content.decode()
    assert "10 recovery codes are left" in page
    response = staff_client.post(reverse("dashboard:settings_recovery_codes"))
    shown = staff_client.get(response["Location"]).content.decode()
    new = re.findall(r"<li>([a-z2-7]{8})</li>", shown)
    assert len(new) == 10 and not set(new) & set(old)
    assert set(StaticToken.objects.values_list("token", flat=True)) == set(new)


FUZZ = settings_hypothesis(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
nasty = st.one_of(
    st.text(max_size=30),
    st.text(alphabet="0123456789 -", max_size=12),
    st.text(alphabet="x\x00\r\n<>\"'&;%", max_size=20),
    st.just("x" * 3000),
)


@FUZZ
@given(
    step=st.sampled_from(["two_factor_verify", "two_factor_enrol", "password_reset"]),
    body=st.dictionaries(
        st.sampled_from(["code", "next", "email"]), st.lists(nasty, min_size=1, max_size=2)
    ),
)
def test_the_sign_in_forms_answer_odd_input_without_a_server_error(staff_user, studio, step, body):
    client = StudioClient()
    client.force_login(staff_user, second_factor=False)
    response = client.post(
        reverse(step), urlencode(body, doseq=True), content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code < 500
    assert client.get("/dashboard/")["Location"].startswith("/accounts/two-factor/")
