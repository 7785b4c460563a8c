"""Deployment checks of our own, run by `manage.py check --deploy`."""

from django.conf import settings
from django.core.checks import Tags, Warning, register

PROCESS_LOCAL_CACHES = (
    "django.core.cache.backends.locmem.LocMemCache",
    "django.core.cache.backends.dummy.DummyCache",
)


@register(Tags.caches, deploy=True)
def shared_cache(app_configs, **kwargs):
    """Pages and rate limits should be one store for every process."""
    if settings.CACHES["default"]["BACKEND"] in PROCESS_LOCAL_CACHES:
        return [
            Warning(
                "The cache is local to each process, so each gunicorn worker renders and "
                "keeps every page on its own and counts rate limits on its own.",
                hint="Set CACHE_URL to Redis, e.g. redis://127.0.0.1:6379/1.",
                id="studio.W001",
            )
        ]
    return []
