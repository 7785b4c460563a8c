"""A Redis cache that makes the site slower, never broken, when Redis does not answer.

The cache only speeds things up: pages are filed under versions kept in the database
(studio.content; the copies kept here are dropped when Redis comes back) and every
booking rule is checked against the database. So while Redis
is unreachable each process falls back to a small cache of its own (rate limits then
count per process), tries Redis again after RETRY_SECONDS, and logs the outage once.
"""

import logging
import threading
import time

from django.core.cache.backends.locmem import LocMemCache
from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

log = logging.getLogger("studio.cache")

RETRY_SECONDS = 5.0
# The calls that only read: asked again after the versions are dropped (below).
READS = frozenset({"get", "get_many", "has_key"})
# Short socket timeouts: a Redis that hangs must not hold a request for long.
SOCKET_TIMEOUTS = {"socket_connect_timeout": 0.5, "socket_timeout": 0.5}


class FailSafeRedisCache(RedisCache):
    # Every process reads the same Redis, so the page versions may be kept here too.
    shared = True

    def __init__(self, server, params):
        params = {**params, "OPTIONS": {**SOCKET_TIMEOUTS, **params.get("OPTIONS", {})}}
        super().__init__(server, params)
        self.fallback = LocMemCache(
            f"redis-fallback-{id(self)}",
            {
                "KEY_PREFIX": self.key_prefix,
                "VERSION": self.version,
                "TIMEOUT": self.default_timeout,
                "OPTIONS": {"MAX_ENTRIES": 1000},
            },
        )
        self._lock = threading.Lock()
        self._failed_at = float("-inf")
        self.last_error: str | None = None

    @property
    def degraded(self) -> bool:
        """True while this process is serving from its own fallback cache."""
        return self.last_error is not None

    def _call(self, name, *args, **kwargs):
        if time.monotonic() - self._failed_at < RETRY_SECONDS:
            return getattr(self.fallback, name)(*args, **kwargs)
        try:
            result = getattr(super(), name)(*args, **kwargs)
            if self.last_error is not None:
                self._drop_shared_versions()
                if name in READS:  # it may have read a version from before the outage
                    result = getattr(super(), name)(*args, **kwargs)
        except RedisError as exc:
            with self._lock:
                if self.last_error is None:
                    log.warning("cache.down", extra={"error": exc.__class__.__name__})
                self.last_error = exc.__class__.__name__
                self._failed_at = time.monotonic()
            return getattr(self.fallback, name)(*args, **kwargs)
        if self.last_error is not None:
            with self._lock:
                if self.last_error is not None:
                    log.warning("cache.back")
                self.last_error = None
            self.fallback.clear()
        return result

    def _drop_shared_versions(self) -> None:
        """Forget the page versions Redis kept: one may have changed while it was away.

        Runs with the first call that reaches Redis again after an outage (a read is asked
        again after it), so no page is looked up under a version from before it.
        """
        from .content import SHARED_PREFIX

        client = self._cache.get_client(write=True)
        names = list(client.scan_iter(match=self.make_key(SHARED_PREFIX) + "*", count=100))
        if names:
            client.delete(*names)

    def ping(self) -> str:
        """'ok', or 'degraded: <error>' when Redis does not answer right now."""
        try:
            self._cache.get_client(write=False).ping()
        except RedisError as exc:
            return f"degraded: {exc.__class__.__name__}"
        return "ok"

    def add(self, *args, **kwargs):
        return self._call("add", *args, **kwargs)

    def get(self, *args, **kwargs):
        return self._call("get", *args, **kwargs)

    def set(self, *args, **kwargs):
        return self._call("set", *args, **kwargs)

    def touch(self, *args, **kwargs):
        return self._call("touch", *args, **kwargs)

    def delete(self, *args, **kwargs):
        return self._call("delete", *args, **kwargs)

    def get_many(self, *args, **kwargs):
        return self._call("get_many", *args, **kwargs)

    def has_key(self, *args, **kwargs):
        return self._call("has_key", *args, **kwargs)

    def incr(self, *args, **kwargs):
        return self._call("incr", *args, **kwargs)

    def set_many(self, *args, **kwargs):
        return self._call("set_many", *args, **kwargs)

    def delete_many(self, *args, **kwargs):
        return self._call("delete_many", *args, **kwargs)

    def clear(self):
        self.fallback.clear()
        return self._call("clear")
