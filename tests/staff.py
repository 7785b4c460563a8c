"""Signed-in staff for tests: the password step skipped as Django's force_login does, the
second factor verified the way django-otp records it (django_otp.login)."""

from django.test import Client
from django_otp import DEVICE_ID_SESSION_KEY
from django_otp.oath import TOTP
from django_otp.plugins.otp_totp.models import TOTPDevice


def app_for(user) -> TOTPDevice:
    """The user's confirmed authenticator app, set up if they have none."""
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    return device or TOTPDevice.objects.create(user=user, name="app", confirmed=True)


def current_code(device: TOTPDevice) -> str:
    """The six digits the app shows at this moment (time_machine moves it too)."""
    totp = TOTP(device.bin_key, device.step, device.t0, device.digits, device.drift)
    return f"{totp.token():0{device.digits}d}"


def verify_second_factor(client: Client, user) -> None:
    """Mark the client's session as past the second step with the user's app."""
    session = client.session
    session[DEVICE_ID_SESSION_KEY] = app_for(user).persistent_id
    session.save()


class StudioClient(Client):
    """Django's test client whose force_login of a staff member also passes the second
    factor (a confirmed app, verified in the session); `second_factor=False` stops at the
    password step."""

    def force_login(self, user, backend=None, *, second_factor: bool = True):
        super().force_login(user, backend)
        if second_factor and user.is_staff:
            verify_second_factor(self, user)
