"""Rendered public pages, cached until what they show changes.

The session and guide pages are the same for every anonymous visitor and change only
when the photographer edits content, so the rendered page is kept under a content
version. The booking calendar and the slots endpoint ("live" pages) also depend on the
bookings, so they are kept under an availability version as well, and only until the
moment time alone would change them (a start coming within the minimum notice, midnight).

The versions live in the database (CacheVersion), and saving or deleting a watched model
gives its version a fresh random value in the same transaction (a signal: cache
invalidation is what signals are for here). The database is the truth about versions:
when the cache is unreachable (studio.cache falls back to a cache of each process's
own) a version changed meanwhile is still changed when it returns, so no page kept
from before is served again.
Random values, not a counter, so that a database restored from a backup never hands out
again a version that pages are still kept under.

Each process also keeps the pages it served most recently, so a hit renders nothing.
With a shared cache (Redis) the versions are also kept there, so a hit costs no query:
a write puts its new version there once it commits (a reader that found none only adds
what it read, so it never puts back an older one), a copy lives VERSION_SECONDS at most,
and while the cache is degraded, or just after it comes back, the versions are read from
the database (studio.cache drops the kept copies when Redis returns, since a version may
have changed while they could not be). With a cache of each process's own (locmem) the
versions are read from the database on every hit, as no process would see another's
write. Writes that send no signals (`QuerySet.update`, `bulk_create`, raw SQL) are not
seen: the product makes none on the watched models, and live pages are kept at most
LIVE_SECONDS whatever happens.
"""

import hashlib
import secrets
import time
from collections import OrderedDict
from functools import partial, wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.models.signals import post_delete, post_save
from django.http import HttpResponse

from .models import CacheVersion

CONTENT = "studio:content-version"
AVAILABILITY = "studio:availability-version"
PAGE_SECONDS = 600
LIVE_SECONDS = 300
RECENT_PAGES = 128  # per process; a page is a few tens of kilobytes


VERSION_SECONDS = 10  # how stale a copy can be when a race or an outage outran it
# The prefix of the copies of the versions kept in the shared cache (studio.cache drops
# every key starting with it when Redis comes back after an outage).
SHARED_PREFIX = "studio:shared-version:"


def _shared() -> bool:
    """Are the versions kept in the cache too? Only in one every process shares."""
    return getattr(cache, "shared", False) and not getattr(cache, "degraded", False)


def versions(*keys: str) -> tuple[int, ...]:
    """The current versions of `keys`: from the shared cache, else in one query."""
    if not _shared():
        return _stored_versions(keys)
    names = [SHARED_PREFIX + key for key in keys]
    kept = cache.get_many(names)
    if len(kept) == len(names) and not getattr(cache, "degraded", False):
        return tuple(kept[name] for name in names)
    found = _stored_versions(keys)
    if _shared():
        for name, value in zip(names, found, strict=True):
            # add, never set: a write that committed meanwhile has put a newer one there.
            cache.add(name, value, VERSION_SECONDS)
    return found


def _stored_versions(keys) -> tuple[int, ...]:
    """The versions in the database, in one query (the migration made their rows)."""
    found = dict(CacheVersion.objects.filter(key__in=keys).values_list("key", "value"))
    missing = [key for key in keys if key not in found]
    if missing:
        rows = [CacheVersion(key=key, value=_fresh()) for key in missing]
        CacheVersion.objects.bulk_create(rows, ignore_conflicts=True)
        found = dict(CacheVersion.objects.filter(key__in=keys).values_list("key", "value"))
    return tuple(found[key] for key in keys)


def _fresh() -> int:
    return secrets.randbits(62)


def bump(key: str) -> None:
    """Give `key` a new version, in the caller's transaction (it locks that one row)."""
    value = _fresh()
    CacheVersion.objects.bulk_create(
        [CacheVersion(key=key, value=value)],
        update_conflicts=True,
        unique_fields=["key"],
        update_fields=["value"],
    )
    if getattr(cache, "shared", False):
        # Only once the data is visible: a page read before the commit under the new
        # version would keep the old data under it.
        transaction.on_commit(partial(_share_version, key, value), robust=True)


def _share_version(key: str, value: int) -> None:
    cache.set(SHARED_PREFIX + key, value, VERSION_SECONDS)


def _bump_on_change(key: str, **_signal_kwargs) -> None:
    bump(key)


def watch(*models, version: str = CONTENT) -> None:
    """Any save or delete of these models changes the pages kept under `version`."""
    receiver = partial(_bump_on_change, version)
    for model in models:
        for signal in (post_save, post_delete):
            signal.connect(
                receiver, sender=model, weak=False, dispatch_uid=f"{version}-{model.__name__}"
            )


_memo: dict = {}
MEMO_SIZE = 256


def memoised(name: str, loader, *, version: int):
    """`loader()`'s value, kept in this process until the content `version` changes.

    For read-only values built from watched models only (never bookings). A view under
    public_page passes `request.content_version`, which costs no query of its own.
    """
    key = (version, name)
    try:
        return _memo[key]
    except KeyError:
        pass
    value = loader()
    if len(_memo) >= MEMO_SIZE:
        _memo.clear()
    _memo[key] = value
    return value


class _RecentPages:
    """The pages this process served last: key -> (content, content type, expiry)."""

    def __init__(self, size: int):
        self.size = size
        self.pages: OrderedDict = OrderedDict()

    def get(self, key: str):
        page = self.pages.get(key)
        if page is not None:
            self.pages.move_to_end(key)
        return page

    def put(self, key: str, page) -> None:
        self.pages[key] = page
        self.pages.move_to_end(key)
        while len(self.pages) > self.size:
            self.pages.popitem(last=False)


_recent = _RecentPages(RECENT_PAGES)


def _personal(request, *, live: bool) -> bool:
    """Would this visitor's page differ from everyone else's?

    Content pages differ only for a pending message or a login; the booking pages also
    show what the visitor's session holds (a draft, the wizard's answers).
    """
    if "messages" in request.COOKIES:
        return True
    if settings.SESSION_COOKIE_NAME in request.COOKIES:
        if live:
            return True
        session = request.session
        return "_messages" in session or "_auth_user_id" in session
    return False


def _lookup(key: str, now: float):
    page = _recent.get(key)
    if page is None or page[2] <= now:
        page = cache.get(key)
        if page is None or page[2] <= now:
            return None
        _recent.put(key, page)
    return page


def public_page(view=None, *, live: bool = False):
    """Serve anonymous GETs of a page from the cache; fill it on a miss.

    A live view depends on bookings too, and must set `response.unchanged_until` (an
    aware datetime) on a 200 that may be kept: the moment time alone would change it.
    """
    if view is None:
        return partial(public_page, live=live)
    keys = (CONTENT, AVAILABILITY) if live else (CONTENT,)
    seconds = LIVE_SECONDS if live else PAGE_SECONDS

    @wraps(view)
    def wrapped(request, *args, **kwargs):
        if request.method not in ("GET", "HEAD"):
            return view(request, *args, **kwargs)
        stamp = versions(*keys)
        request.content_version = stamp[0]
        if _personal(request, live=live):
            return view(request, *args, **kwargs)
        path = hashlib.sha256(request.get_full_path().encode()).hexdigest()
        key = "studio:page:" + ":".join(map(str, stamp)) + ":" + path
        page = _lookup(key, time.time())
        if page is not None:
            return HttpResponse(page[0], content_type=page[1])
        response = view(request, *args, **kwargs)
        expires = time.time() + seconds
        if live:
            until = getattr(response, "unchanged_until", None)
            expires = min(expires, until.timestamp()) if until else 0
        # A page that set a cookie (a CSRF token, a session) is someone's own: never shared.
        # One rendered while what it shows changed is harmless: it was read after `stamp`,
        # so it is at least as new as `stamp`, and nobody asks for `stamp` after the change.
        if (
            response.status_code == 200
            and not response.cookies
            and not response.streaming
            and expires - time.time() >= 1
        ):
            page = (response.content, response["Content-Type"], expires)
            cache.set(key, page, int(expires - time.time()))
            _recent.put(key, page)
        return response

    return wrapped
