"""The one rule of who is signed in, shared by the dashboard, the admin and the sign-in pages.

A password alone never opens the dashboard or the admin when a second factor is needed:
for every staff account when STUDIO_REQUIRE_2FA is on, and for anyone who enrolled one.
"""

from django.conf import settings
from django_otp import user_has_device


def is_staff(user) -> bool:
    return bool(user.is_authenticated and user.is_active and user.is_staff)


def needs_second_factor(user) -> bool:
    """A code is asked of this user: always in production, and whenever one is enrolled."""
    return settings.STUDIO_REQUIRE_2FA or user_has_device(user)


def passed(request) -> bool:
    """The request's user has finished signing in (both steps where two are needed)."""
    user = request.user
    if not user.is_authenticated:
        return False
    if user.is_verified():
        return True
    return not needs_second_factor(user)


def is_signed_in_staff(request) -> bool:
    """Active staff who finished signing in: the one test of the dashboard and the admin."""
    return is_staff(request.user) and passed(request)
