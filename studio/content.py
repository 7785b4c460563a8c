"""Rendered public pages, cached until the studio's content changes.

The session and guide pages are the same for every anonymous visitor and change only
when the photographer edits content, so the rendered page is kept in the shared cache
under a content version. Saving or deleting any watched model bumps the version (a
signal: cache invalidation is what signals are for here), so every process stops
serving the old pages at once.
"""

import hashlib
import secrets
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse

VERSION_KEY = "studio:content-version"
PAGE_SECONDS = 600


def content_version() -> int:
    version = cache.get(VERSION_KEY)
    if version is None:
        # A random start: a cleared cache must never bring back an old version number.
        cache.add(VERSION_KEY, secrets.randbits(60), timeout=None)
        version = cache.get(VERSION_KEY)
    return version


def bump_content_version(**_signal_kwargs) -> None:
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet (or evicted): start a new one
        cache.set(VERSION_KEY, secrets.randbits(60), timeout=None)


_memo: dict = {}
MEMO_SIZE = 256


def memoised(name: str, loader):
    """`loader()`'s value, kept in this process until the content version changes.

    For read-only values built from watched models only (never bookings).
    """
    key = (content_version(), name)
    try:
        return _memo[key]
    except KeyError:
        pass
    value = loader()
    if len(_memo) >= MEMO_SIZE:
        _memo.clear()
    _memo[key] = value
    return value


def watch(*models) -> None:
    """Any save or delete of these models changes what the public pages show."""
    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(bump_content_version, sender=model, dispatch_uid=f"content-{model}")


def _personal(request) -> bool:
    """Would this visitor's page differ from everyone else's (a pending message, a login)?"""
    if "messages" in request.COOKIES:
        return True
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        session = request.session
        return "_messages" in session or "_auth_user_id" in session
    return False


def public_page(view):
    """Serve anonymous GETs of a content page from the cache; fill it on a miss."""

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD") or _personal(request):
            return view(request, *args, **kwargs)
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        version = content_version()
        key = f"studio:page:{version}:{path}"
        cached = cache.get(key)
        if cached is not None:
            content, content_type = cached
            return HttpResponse(content, content_type=content_type)
        response = view(request, *args, **kwargs)
        # A page that set a cookie (a CSRF token, a session) is someone's own: never shared;
        # one rendered while the content changed may be stale already.
        if (
            response.status_code == 200
            and not response.cookies
            and not response.streaming
            and content_version() == version
        ):
            cache.set(key, (response.content, response["Content-Type"]), PAGE_SECONDS)
        return response

    return wrapped
