"""Shared set-up for the bench scripts: Django, and a session type with free days."""

import os
from datetime import date

import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "studio.settings")
django.setup()

from django.test import Client  # noqa: E402
from django.utils import timezone  # noqa: E402

from studio.models import SessionType  # noqa: E402


def session_type() -> SessionType:
    return SessionType.objects.active().order_by("duration_minutes").first()


def client() -> Client:
    return Client(HTTP_HOST="127.0.0.1")


def first_free_day(slug: str) -> date:
    """The first day with a free slot, asked of the site's own month endpoint."""
    web = client()
    today = timezone.now().date()
    for offset in range(4):
        year, month = divmod(today.month - 1 + offset, 12)
        response = web.get(
            f"/book/{slug}/slots/", {"month": f"{today.year + year}-{month + 1:02d}"}
        )
        days = response.json().get("days", [])
        if days:
            return date.fromisoformat(days[0])
    raise SystemExit("bench: the demo studio has no free day in the next months")
