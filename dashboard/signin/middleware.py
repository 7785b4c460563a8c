import time

from django.conf import settings
from django.contrib.auth import logout

from studio.models import StudioProfile

SEEN = "staff_seen"
# The session row is written again at most this often while staff keep working.
REFRESH_SECONDS = 60


def stamp(sender, request, user, **kwargs) -> None:
    """At sign-in (Django's user_logged_in), the session's last use is now."""
    if request is not None and hasattr(request, "session"):
        request.session[SEEN] = int(time.time())


class StaffSessionMiddleware:
    """A staff session ends after the studio's hours of inactivity (Settings > Studio
    profile), checked on the server at each request; the stored session expires then too."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # Visitors without a session are never touched (no session read, no Vary: Cookie).
        if settings.SESSION_COOKIE_NAME in request.COOKIES:
            self._check(request)
        return self.get_response(request)

    def _check(self, request) -> None:
        if not (request.user.is_authenticated and request.user.is_staff):
            return
        limit = StudioProfile.load().staff_idle_hours * 3600
        now = int(time.time())
        seen = request.session.get(SEEN)
        if seen is not None and now - seen > limit:
            logout(request)
        elif seen is None or now - seen >= REFRESH_SECONDS:
            request.session[SEEN] = now
            request.session.set_expiry(limit)
