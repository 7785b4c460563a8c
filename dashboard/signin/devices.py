"""A staff member's second factor: an authenticator app (TOTP) and ten recovery codes.

Only this module creates, confirms or removes the devices (django-otp's models).
"""

import base64
from urllib.parse import quote, urlencode

import qrcode
import qrcode.image.svg
from django.db import transaction
from django_otp import devices_for_user, verify_token
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken
from django_otp.plugins.otp_totp.models import TOTPDevice

RECOVERY_CODES = 10
APP = "app"
RECOVERY = "recovery"


def pending_app(user) -> TOTPDevice:
    """The app being set up for `user`: a new secret until a code confirms it."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    return device or TOTPDevice.objects.create(user=user, name=APP, confirmed=False)


def manual_key(device: TOTPDevice) -> str:
    """The secret as an app asks for it when typed in: base32, in groups of four."""
    key = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(key[i : i + 4] for i in range(0, len(key), 4))


def setup_url(device: TOTPDevice, *, issuer: str) -> str:
    """The otpauth:// address an app reads from the QR code."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    label = quote(f"{issuer}:{device.user.get_username()}")
    query = urlencode({"secret": secret, "issuer": issuer, "digits": device.digits})
    return f"otpauth://totp/{label}?{query}&period={device.step}"


def qr_data_uri(text: str) -> str:
    """`text` as a QR code, an SVG in a data: address (the CSP allows data: images only)."""
    image = qrcode.make(text, image_factory=qrcode.image.svg.SvgPathImage, border=2)
    return "data:image/svg+xml;base64," + base64.b64encode(image.to_string()).decode("ascii")


def confirm_app(*, user, device: TOTPDevice, code: str) -> list[str] | None:
    """Confirm the app being set up if `code` is its current one; then it replaces any
    earlier app and ten new recovery codes replace the old. Returns the codes, else None."""
    with transaction.atomic():
        if not verify_token(user, device.persistent_id, code):
            return None
        TOTPDevice.objects.filter(user=user).exclude(pk=device.pk).delete()
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        return new_recovery_codes(user=user)


def new_recovery_codes(*, user) -> list[str]:
    """Ten fresh single-use codes; any earlier ones stop working."""
    with transaction.atomic():
        StaticDevice.objects.filter(user=user).delete()
        device = StaticDevice.objects.create(user=user, name=RECOVERY, confirmed=True)
        codes = [StaticToken.random_token() for _ in range(RECOVERY_CODES)]
        StaticToken.objects.bulk_create(StaticToken(device=device, token=c) for c in codes)
    return codes


def match(user, code: str):
    """The confirmed device that accepts `code` (each is throttled after a wrong one), or
    None. Six digits are tried on the app, anything else on the recovery codes, each
    of which then stops working."""
    kind = TOTPDevice if code.isdigit() and len(code) == 6 else StaticDevice
    for device in devices_for_user(user):
        if isinstance(device, kind) and verify_token(user, device.persistent_id, code):
            return device
    return None


def throttled(user) -> bool:
    """A wrong code was typed too recently: the next try is refused for a while."""
    return any(not device.verify_is_allowed()[0] for device in devices_for_user(user))


def remove_all(user) -> bool:
    """Forget the user's app and recovery codes (a lost phone); False if there were none."""
    with transaction.atomic():
        apps = TOTPDevice.objects.filter(user=user).delete()[0]
        codes = StaticDevice.objects.filter(user=user).delete()[0]
    return bool(apps or codes)
