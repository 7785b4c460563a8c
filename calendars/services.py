"""Every write to the connected calendars and their busy time.

A read (`sync_calendar`) never raises, whatever the address or the file: the error is
recorded on that calendar, in plain words, and the busy time of the last good read stays
in force, so one calendar can never stop the reading of the others. The file is read in
a child process under CALENDAR_READ_CPU_SECONDS and CALENDAR_READ_MEMORY_MB
(calendars.sandbox). When the busy time changes, the availability pages kept in the
cache are renewed in the same transaction (studio.content.bump), so the slots and the
month view never serve times a new read has just taken away.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime, timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from studio.content import AVAILABILITY, bump
from studio.models import StudioProfile

from . import fetch as fetching
from .addresses import FetchError, check_url, normalise_url
from .ics import BusyEvent, FeedError
from .models import BusyInterval, Calendar
from .sandbox import read_busy_time

logger = logging.getLogger("calendars")

# Busy time is kept from a little before today (the dashboard's day views) to a little
# beyond the booking window, so that a quiet feed answering 304 for days still covers it.
KEEP_BEFORE = timedelta(days=2)
KEEP_AFTER = timedelta(days=9)
RECHECK_MARGIN = timedelta(days=2)  # re-read in full when coverage runs this close
CLAIM_SECONDS = 600  # a read claimed longer ago than this was lost with its worker


class InvalidCalendar(Exception):
    """What the photographer typed cannot be connected; the message says why."""


@dataclass(frozen=True)
class SyncResult:
    calendar_id: int
    name: str
    outcome: str  # "updated", "unchanged", "failed", "busy" (another read is running)
    events: int = 0
    error: str = ""

    def line(self) -> str:
        if self.outcome == "failed":
            return f"{self.name}: failed: {self.error}"
        if self.outcome == "busy":
            return f"{self.name}: skipped, another read is in progress"
        return f"{self.name}: {self.outcome}, {self.events} busy interval(s) kept"


def clean_url(url: str) -> str:
    """The address as it will be read (webcal:// becomes https://); InvalidCalendar if unusable."""
    url = normalise_url(url)
    try:
        check_url(url)
    except FetchError as exc:
        raise InvalidCalendar(str(exc)) from None
    if len(url) > 2000:
        raise InvalidCalendar(_("The address is too long."))
    return url


def clean_name(name: str) -> str:
    name = " ".join((name or "").split())
    if not name:
        raise InvalidCalendar(_("Give the calendar a name."))
    if len(name) > 80:
        raise InvalidCalendar(_("The name is too long (at most 80 characters)."))
    return name


def add_calendar(*, name: str, url: str, all_day_blocks: bool = True) -> Calendar:
    """Connect a calendar (not read yet: the caller asks for a read after commit)."""
    return Calendar.objects.create(
        name=clean_name(name), url=clean_url(url), all_day_blocks=all_day_blocks
    )


@transaction.atomic
def update_calendar(*, calendar: Calendar, name: str, url: str, all_day_blocks: bool) -> Calendar:
    """Rename or re-point a calendar; a new address or all-day rule forces a full re-read."""
    url = clean_url(url)
    changed = url != calendar.url or all_day_blocks != calendar.all_day_blocks
    calendar.name = clean_name(name)
    calendar.url = url
    calendar.all_day_blocks = all_day_blocks
    if changed:
        calendar.etag = calendar.last_modified = ""
        calendar.covered_until = None
    calendar.save()
    return calendar


@transaction.atomic
def remove_calendar(*, calendar: Calendar) -> None:
    """Disconnect a calendar; its busy time stops blocking at once."""
    had_busy = calendar.busy.exists()
    calendar.delete()
    if had_busy:
        bump(AVAILABILITY)


def window(now: datetime, studio: StudioProfile) -> tuple[datetime, datetime]:
    """The span whose busy time is kept: around today and beyond the booking window."""
    return now - KEEP_BEFORE, now + timedelta(days=studio.max_advance_days) + KEEP_AFTER


def _claim(calendar_id: int, now: datetime) -> bool:
    stale = now - timedelta(seconds=CLAIM_SECONDS)
    return bool(
        Calendar.objects.filter(pk=calendar_id)
        .filter(Q(sync_started_at__isnull=True) | Q(sync_started_at__lt=stale))
        .update(sync_started_at=now)
    )


def _replace_busy(calendar: Calendar, events: list[BusyEvent]) -> bool:
    """Make the calendar's stored busy time `events`; True when anything changed."""
    kept = list(
        calendar.busy.order_by("start", "end", "title").values_list("start", "end", "title")
    )
    wanted = [(event.start, event.end, event.title) for event in events]
    if kept == wanted:
        return False
    calendar.busy.all().delete()
    BusyInterval.objects.bulk_create(
        [BusyInterval(calendar=calendar, start=s, end=e, title=t) for s, e, t in wanted],
        batch_size=1000,
    )
    return True


TIME_LIMIT = gettext_lazy(
    "Reading this calendar took too long and was stopped. If it happens again, the "
    "calendar server may be struggling. It will be tried again at the next read."
)
UNEXPECTED = gettext_lazy(
    "Reading this calendar stopped because of a problem on the studio's side, not in your "
    "calendar. It will be tried again at the next read."
)


def sync_calendar(*, calendar_id: int, now: datetime | None = None) -> SyncResult:
    """Read one calendar once. Never raises; idempotent; skips if a read of it is running.

    Whatever goes wrong is recorded on this calendar (a crash too, with its traceback in
    the log), so a caller reading several calendars always reaches the next one.
    """
    now = now or timezone.now()
    calendar = Calendar.objects.filter(pk=calendar_id).first()
    if calendar is None:
        return SyncResult(calendar_id, "?", "failed", error="no such calendar")
    if not _claim(calendar.pk, now):
        return SyncResult(calendar.pk, calendar.name, "busy")
    try:
        return _read(calendar, now)
    except SoftTimeLimitExceeded:  # the worker's limit for one read (a server holding on)
        logger.warning("Calendar %s: the read reached its time limit", calendar.pk)
        return _record_failure(calendar, now, str(TIME_LIMIT))
    except Exception:  # noqa: BLE001 - recorded where the photographer sees it, and logged
        logger.exception("Calendar %s: the read crashed", calendar.pk)
        return _record_failure(calendar, now, str(UNEXPECTED))
    finally:
        Calendar.objects.filter(pk=calendar.pk).update(sync_started_at=None)


def _read(calendar: Calendar, now: datetime) -> SyncResult:
    studio = StudioProfile.load()
    start, end = window(now, studio)
    covered = calendar.covered_until and calendar.covered_until >= end - KEEP_AFTER + RECHECK_MARGIN
    # A conditional request only while the last parse still covers the window: a feed
    # answering 304 for days must still be read again to reach the new days.
    conditional = bool(covered)
    try:
        fetched = fetching.fetch(
            calendar.url,
            etag=calendar.etag if conditional else "",
            last_modified=calendar.last_modified if conditional else "",
        )
        if fetched.unchanged:
            _record_success(calendar, now, changed=False)
            return SyncResult(calendar.pk, calendar.name, "unchanged", calendar.event_count)
        events = read_busy_time(
            fetched.body,
            window_start=start,
            window_end=end,
            tz=studio.tz,
            all_day_blocks=calendar.all_day_blocks,
            cpu_seconds=settings.CALENDAR_READ_CPU_SECONDS,
            memory_mb=settings.CALENDAR_READ_MEMORY_MB,
        )
    except (FetchError, FeedError) as exc:
        return _record_failure(calendar, now, str(exc))
    with transaction.atomic():
        changed = _replace_busy(calendar, events)
        calendar.etag = fetched.etag
        calendar.last_modified = fetched.last_modified
        calendar.covered_until = end
        calendar.event_count = len(events)
        _record_success(calendar, now, changed=changed)
    logger.info(
        "Calendar %s read: %d busy interval(s), %s",
        calendar.pk,
        len(events),
        "changed" if changed else "unchanged",
    )
    return SyncResult(
        calendar.pk, calendar.name, "updated" if changed else "unchanged", len(events)
    )


def _record_success(calendar: Calendar, now: datetime, *, changed: bool) -> None:
    calendar.last_checked_at = calendar.last_success_at = now
    calendar.last_error = ""
    calendar.last_error_at = None
    calendar.save(
        update_fields=[
            "etag",
            "last_modified",
            "covered_until",
            "event_count",
            "last_checked_at",
            "last_success_at",
            "last_error",
            "last_error_at",
        ]
    )
    if changed:
        bump(AVAILABILITY)


def _record_failure(calendar: Calendar, now: datetime, message: str) -> SyncResult:
    logger.warning("Calendar %s could not be read: %s", calendar.pk, message)
    Calendar.objects.filter(pk=calendar.pk).update(
        last_checked_at=now, last_error=message[:500], last_error_at=now
    )
    return SyncResult(calendar.pk, calendar.name, "failed", calendar.event_count, message)


def calendar_ids() -> list[int]:
    """Every connected calendar, in the order they are read."""
    return list(Calendar.objects.order_by("pk").values_list("pk", flat=True))


def sync_all(*, now: datetime | None = None) -> list[SyncResult]:
    """Read every connected calendar once, one after another (the command). Each read
    records its own failure, so every calendar is reached."""
    return [sync_calendar(calendar_id=pk, now=now) for pk in calendar_ids()]
