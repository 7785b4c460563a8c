"""Writes to the studio's own settings from the dashboard. Bookings are never written here."""

import secrets

from django.db import transaction

from studio.models import StudioProfile, TimeOff


def rotate_feed_key() -> str:
    """Give the calendar feed a new secret key; the old subscription URL stops working."""
    with transaction.atomic():
        profile = StudioProfile.load()
        profile.calendar_feed_key = secrets.token_urlsafe(32)
        profile.save(update_fields=["calendar_feed_key"])
    return profile.calendar_feed_key


def delete_time_off(*, time_off: TimeOff) -> None:
    """Remove a period of time off; its slots become bookable again at once."""
    time_off.delete()


def block_time(*, start, end, reason: str = "") -> TimeOff:
    """Block [start, end) as time off: no client can book it from this moment (the cached
    booking pages move to a new version in the same transaction)."""
    with transaction.atomic():
        return TimeOff.objects.create(start=start, end=end, reason=reason)
