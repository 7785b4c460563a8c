"""Readiness checks for /healthz/: can we reach the database, the broker and the cache?"""

from django.core.cache import caches
from django.db import connection

from .cache import FailSafeRedisCache
from .celery import app


def database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure means "down"; the message says why
        return f"down: {exc.__class__.__name__}"
    return "ok"


def broker_status(timeout: float = 2.0) -> str:
    try:
        with app.connection_for_write() as conn:
            conn.ensure_connection(max_retries=1, timeout=timeout)
    except Exception as exc:  # noqa: BLE001
        return f"down: {exc.__class__.__name__}"
    return "ok"


def cache_status() -> str:
    """'ok', or 'degraded: ...' while Redis is away: the site then works uncached."""
    backend = caches["default"]
    if isinstance(backend, FailSafeRedisCache):
        return backend.ping()
    return "ok"  # a cache inside the process always answers
