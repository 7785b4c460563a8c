"""Plain set-up helpers for the booking tests (functions, so no fixture name clashes)."""

import io
from datetime import UTC, date, datetime, time, timedelta
from zoneinfo import ZoneInfo

from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

from studio.models import StudioProfile, WorkingHours
from tests.factories import SessionTypeFactory, StudioProfileFactory

LONDON = ZoneInfo("Europe/London")
# A Monday morning in winter; the studio is open 09:00-17:00 on weekdays.
NOW = datetime(2030, 1, 7, 8, 0, tzinfo=UTC)


def open_studio(tz: str = "Europe/London", **profile) -> StudioProfile:
    defaults = {
        "time_zone": tz,
        "min_notice_hours": 24,
        "max_advance_days": 90,
        "slot_step_minutes": 30,
        "change_notice_hours": 48,
    }
    studio = StudioProfileFactory(**{**defaults, **profile})
    StudioProfile.objects.filter(pk=studio.pk).update(**{**defaults, **profile})
    for weekday in range(5):
        WorkingHours.objects.create(weekday=weekday, start=time(9), end=time(12))
        WorkingHours.objects.create(weekday=weekday, start=time(13), end=time(17))
    return StudioProfile.load()


def headshot(**kwargs):
    defaults = {
        "name": "Headshot",
        "slug": "headshot",
        "duration_minutes": 60,
        "buffer_after_minutes": 0,
        "max_people": 2,
    }
    return SessionTypeFactory(**{**defaults, **kwargs})


def local(day: date, hhmm: str, tz=LONDON) -> datetime:
    hour, minute = map(int, hhmm.split(":"))
    return datetime.combine(day, time(hour, minute), tzinfo=tz).astimezone(UTC)


def wednesday(hhmm: str) -> datetime:
    """Wednesday 9 January 2030 at a London wall time (more than 48 h after NOW)."""
    return local(date(2030, 1, 9), hhmm)


def value(moment: datetime) -> str:
    """A start as the time links carry it: ISO 8601 with the studio's offset."""
    return moment.astimezone(LONDON).isoformat()


def details_data(start=None, **overrides):
    """The booking form's details step as Ada fills it in, for Wednesday 10:00 unless given."""
    data = {
        "start": value(start or wednesday("10:00")),
        "name": "Ada Lovelace",
        "email": "ada@example.com",
        "phone": "+44 7700 900123",
        "people": "1",
        "purpose": "LinkedIn",
        "notes": "I wear glasses.",
    }
    return {**data, **overrides}


def later_day(days: int, hhmm: str) -> datetime:
    return local(NOW.date() + timedelta(days=days), hhmm)


def jpeg_upload(name: str = "look.jpg", size=(40, 30)) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", size, (200, 120, 90)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def private_ratelimit_cache(settings) -> None:
    """Count this process's rate-limited requests in its own memory.

    Under CI the default cache is one Redis database shared by every xdist worker,
    all posting from 127.0.0.1 and clearing the cache between tests; the limiter
    stays on, but its counts no longer leak between workers.
    """
    settings.CACHES = {
        **settings.CACHES,
        "booking-ratelimit": {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "LOCATION": "booking-ratelimit-tests",
        },
    }
    settings.RATELIMIT_USE_CACHE = "booking-ratelimit"
    caches["booking-ratelimit"].clear()
