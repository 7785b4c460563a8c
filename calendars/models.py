"""The photographer's own calendars (secret iCalendar addresses) and the busy time read from them.

Only what blocks a booking is kept: start, end and which calendar. The event's title
(SUMMARY, shortened) is kept beside it for the staff dashboard; descriptions, places,
attendees and the file itself are never stored.
"""

from datetime import datetime, timedelta
from urllib.parse import urlsplit

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Calendar(models.Model):
    name = models.CharField(_("name"), max_length=80)
    # The secret address is a password to the photographer's diary: shown only masked.
    url = models.URLField(_("secret address (iCal)"), max_length=2000)
    all_day_blocks = models.BooleanField(
        _("all-day events block the whole day"),
        default=True,
        help_text=_(
            "On: an all-day event marked busy blocks the whole day in the studio's time zone. "
            "Off: all-day events are ignored."
        ),
    )
    created_at = models.DateTimeField(auto_now_add=True)
    # What the last reads found.
    etag = models.CharField(max_length=500, blank=True)
    last_modified = models.CharField(max_length=100, blank=True)
    covered_until = models.DateTimeField(null=True, blank=True)
    last_checked_at = models.DateTimeField(_("last read attempt"), null=True, blank=True)
    last_success_at = models.DateTimeField(_("last successful read"), null=True, blank=True)
    event_count = models.PositiveIntegerField(_("events"), default=0)
    last_error = models.CharField(_("last error"), max_length=500, blank=True)
    last_error_at = models.DateTimeField(null=True, blank=True)
    # A read in progress (claimed by one worker; a crashed one is taken over after a while).
    sync_started_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["name", "pk"]
        verbose_name = _("connected calendar")
        verbose_name_plural = _("connected calendars")

    def __str__(self) -> str:
        return self.name

    @property
    def masked_url(self) -> str:
        """Enough of the address to recognise it, not enough to read the calendar."""
        parts = urlsplit(self.url)
        path = parts.path.rsplit("/", 1)[-1]
        tail = f"/…/{path[-12:]}" if path else "/…"
        return f"{parts.hostname or ''}{tail}"

    def is_stale(self, now: datetime) -> bool:
        """True when the busy time kept is older than CALENDAR_STALE_HOURS (or never read)."""
        limit = now - timedelta(hours=settings.CALENDAR_STALE_HOURS)
        return (self.last_success_at or self.created_at) < limit

    @property
    def last_read_failed(self) -> bool:
        """True when the latest read ended in an error (a good read clears it)."""
        return bool(self.last_error)

    def next_refresh(self) -> datetime | None:
        if self.last_checked_at is None:
            return None
        return self.last_checked_at + timedelta(minutes=settings.CALENDAR_REFRESH_MINUTES)


class BusyInterval(models.Model):
    calendar = models.ForeignKey(Calendar, on_delete=models.CASCADE, related_name="busy")
    start = models.DateTimeField()
    end = models.DateTimeField()
    # Staff only (the dashboard); the public pages read start and end alone.
    title = models.CharField(max_length=200, blank=True)

    class Meta:
        ordering = ["start", "end"]
        indexes = [models.Index(fields=["start", "end"], name="calendars_busy_span")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gt=models.F("start")), name="calendars_busy_positive"
            )
        ]

    def __str__(self) -> str:
        return f"{self.calendar_id}: {self.start:%Y-%m-%d %H:%M}–{self.end:%H:%M}"
