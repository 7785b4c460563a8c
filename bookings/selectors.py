"""Reads for the booking flow, each a fixed number of queries whatever the data size."""

from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.db import connections
from django.db.models import BigIntegerField, Func
from django.utils import timezone

from calendars.models import BusyInterval
from studio.models import SessionType, StudioProfile, TimeOff, WorkingHours
from studio.walltime import day_range

from .availability import BookingRules, Busy, SessionShape, nearest_free
from .models import Booking

TOKEN_RE = re.compile(r"[A-Za-z0-9_-]{20,64}")
NEAREST_COUNT = 3
NEAREST_SEARCH_DAYS = 14


def rules_for(studio: StudioProfile) -> BookingRules:
    """The studio's rules as plain values (one query, for the weekly hours)."""
    hours: dict[int, list[tuple[time, time]]] = {}
    for weekday, start, end in WorkingHours.objects.values_list("weekday", "start", "end"):
        hours.setdefault(weekday, []).append((start, end))
    return BookingRules(
        tz=studio.tz,
        hours=hours,
        min_notice=timedelta(hours=studio.min_notice_hours),
        max_advance_days=studio.max_advance_days,
        step=timedelta(minutes=studio.slot_step_minutes),
    )


def shape_of(session_type: SessionType, *, on_location: bool | None = None) -> SessionShape:
    """The time a booking of this type blocks; on location, travel time blocks like a buffer.

    on_location=None: as the type usually happens (on location only for "on location"
    types), which is how the public calendar offers its times.
    """
    if on_location is None:
        on_location = session_type.location == SessionType.Location.LOCATION
    travel_before = session_type.travel_before_minutes if on_location else 0
    travel_after = session_type.travel_after_minutes if on_location else 0
    return SessionShape(
        duration=timedelta(minutes=session_type.duration_minutes),
        buffer_before=timedelta(minutes=session_type.buffer_before_minutes + travel_before),
        buffer_after=timedelta(minutes=session_type.buffer_after_minutes + travel_after),
    )


def shape_of_booking(booking: Booking) -> SessionShape:
    """The booking's own length and buffers, as agreed when it was made."""
    return SessionShape(
        duration=booking.end - booking.start,
        buffer_before=booking.start - booking.blocked_start,
        buffer_after=booking.blocked_end - booking.end,
    )


class EpochSeconds(Func):
    """A timestamp as whole seconds since 1970 (UTC), floored or ceiled (see `Busy`)."""

    output_field = BigIntegerField()

    def __init__(self, expression, *, round_up: bool = False):
        self.round_up = round_up
        super().__init__(expression)

    def as_postgresql(self, compiler, connection, **extra):
        # date_part gives a double; EXTRACT's numeric costs more than the rest of the query.
        rounding = "ceil" if self.round_up else "floor"
        template = f"{rounding}(date_part('epoch', %(expressions)s))::bigint"
        return self.as_sql(compiler, connection, template=template, **extra)

    def as_sqlite(self, compiler, connection, **extra):
        # '%%%%s' is strftime's '%s' after Django's two rounds of %-formatting.
        template = "CAST(strftime('%%%%s', %(expressions)s) AS INTEGER)"
        if self.round_up:
            # Django stores a fraction of a second only when there is one.
            template = f"({template} + (instr(%(expressions)s, '.') > 0))"
        return self.as_sql(compiler, connection, template=template, **extra)


def busy_time(start: datetime, end: datetime, *, exclude: Booking | int | None = None) -> Busy:
    """Blocked time of active bookings, time off and the photographer's own calendars
    overlapping [start, end): one query."""
    bookings = Booking.objects.holding_time().overlapping(start, end)
    if exclude is not None:
        bookings = bookings.exclude(pk=getattr(exclude, "pk", exclude))
    time_off = TimeOff.objects.filter(start__lt=end, end__gt=start)
    calendar_busy = BusyInterval.objects.filter(start__lt=end, end__gt=start)
    rows = (
        bookings.order_by()
        .annotate(
            busy_from=EpochSeconds("blocked_start"),
            busy_until=EpochSeconds("blocked_end", round_up=True),
        )
        .values_list("busy_from", "busy_until")
        .union(
            time_off.order_by()
            .annotate(
                busy_from=EpochSeconds("start"), busy_until=EpochSeconds("end", round_up=True)
            )
            .values_list("busy_from", "busy_until"),
            calendar_busy.order_by()
            .annotate(
                busy_from=EpochSeconds("start"), busy_until=EpochSeconds("end", round_up=True)
            )
            .values_list("busy_from", "busy_until"),
            all=True,
        )
        .order_by("busy_from")  # sorted rows make Busy's own sort a single pass
    )
    # Run the compiled SQL directly: the ORM's per-value converters cost more than the
    # query itself once a month holds thousands of bookings.
    sql, params = rows.query.get_compiler(using=rows.db).as_sql()
    with connections[rows.db].cursor() as cursor:
        cursor.execute(sql, params)
        return Busy.from_seconds(cursor.fetchall())


def busy_for_days(
    first: date, last: date, *, rules: BookingRules, shape: SessionShape, exclude=None
) -> Busy:
    """Busy time that can touch any session starting on the studio dates first..last."""
    margin = timedelta(days=1) + shape.duration + shape.buffer_before + shape.buffer_after
    start, end = day_range(first, last, rules.tz)
    return busy_time(start - margin, end + margin, exclude=exclude)


def nearest_free_starts(
    start: datetime, *, rules: BookingRules, shape: SessionShape, now: datetime, exclude=None
) -> list[datetime]:
    """The free starts closest to `start` (one query for the busy time around it)."""
    margin = timedelta(days=NEAREST_SEARCH_DAYS + 2)
    busy = busy_time(start - margin, start + margin, exclude=exclude)
    return nearest_free(
        start,
        rules=rules,
        session=shape,
        busy=busy,
        now=now,
        count=NEAREST_COUNT,
        search_days=NEAREST_SEARCH_DAYS,
    )


def clashing_booking(
    start: datetime, end: datetime, *, exclude: Booking | int | None = None
) -> Booking | None:
    """The first active booking whose blocked time overlaps [start, end), if any."""
    bookings = (
        Booking.objects.holding_time()
        .overlapping(start, end)
        .select_related("client", "session_type")
    )
    if exclude is not None:
        bookings = bookings.exclude(pk=getattr(exclude, "pk", exclude))
    return bookings.order_by("blocked_start").first()


def booking_for_token(token: str, *, now: datetime | None = None) -> Booking | None:
    """The booking a manage link points at, or None if the token is unknown or expired.

    Links expire STUDIO_MANAGE_LINK_DAYS_AFTER days after the session ends.
    """
    if not isinstance(token, str) or not TOKEN_RE.fullmatch(token):
        return None
    booking = (
        Booking.objects.select_related("session_type", "client", "intake")
        .filter(manage_token=token)
        .first()
    )
    if booking is None:
        return None
    now = now or timezone.now()
    if booking.end + timedelta(days=settings.STUDIO_MANAGE_LINK_DAYS_AFTER) < now:
        return None
    return booking


def day_bounds(day: date, studio: StudioProfile) -> tuple[datetime, datetime]:
    """The studio day as UTC instants (23 or 25 hours long when the clocks change)."""
    return day_range(day, day, studio.tz)


def sessions_on(day: date, studio: StudioProfile) -> list[Booking]:
    """The active bookings starting on the studio day, in order, with what the digest shows."""
    start, end = day_bounds(day, studio)
    return list(
        Booking.objects.holding_time()
        .starting_between(start, end)
        .select_related("client", "session_type", "intake")
        .order_by("start", "pk")
    )
