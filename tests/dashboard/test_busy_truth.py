"""The dashboard and the booking flow agree on which bookings hold time (issue 23 item 1).

An expired hold and a cancelled booking free their time; a held booking and the
photographer's calendar busy time take it. The agenda, the counters, the week view's free
stretches and the public slots must all say the same about one such day.
"""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from bookings.models import Booking
from dashboard.selectors.agenda import agenda, counters
from dashboard.selectors.calendar import week_calendar
from studio import per_request
from studio.models import StudioProfile
from tests.factories import (
    BookingFactory,
    BusyIntervalFactory,
    SessionTypeFactory,
    StudioProfileFactory,
    WorkingHoursFactory,
)

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


@pytest.fixture
def day():
    """A studio day three weeks ahead, open 09:00-17:00, with one of each kind of booking."""
    StudioProfileFactory(time_zone="Europe/London", slot_step_minutes=60, min_notice_hours=24)
    day = timezone.localdate(timezone.now(), LONDON) + timedelta(days=21)
    WorkingHoursFactory(weekday=day.weekday(), start=time(9), end=time(17))
    return day


def at(day, hour):
    return datetime.combine(day, time(hour), tzinfo=LONDON)


def test_agenda_week_view_and_public_slots_agree_on_busy_time(client, day):
    session_type = SessionTypeFactory(duration_minutes=60, max_people=1)
    BookingFactory(session_type=session_type, start=at(day, 10), status=Booking.Status.EXPIRED)
    BookingFactory(session_type=session_type, start=at(day, 11), status=Booking.Status.CANCELLED)
    held = BookingFactory(
        session_type=session_type,
        start=at(day, 13),
        status=Booking.Status.AWAITING_PAYMENT,
        hold_until=timezone.now() + timedelta(hours=1),
    )
    BusyIntervalFactory(start=at(day, 15), end=at(day, 16))

    (agenda_day,) = agenda(today=day, tz=LONDON, days=1)
    assert agenda_day.bookings == [held]
    assert counters(now=timezone.now()).new_bookings == 1

    week_day = next(d for d in week_calendar(day=day, today=day, tz=LONDON).days if d.date == day)
    free = [
        (start.astimezone(LONDON).hour, end.astimezone(LONDON).hour) for start, end in week_day.free
    ]
    assert free == [(9, 13), (14, 15), (16, 17)]

    response = client.get(reverse("bookings:slots", args=[session_type.slug]), {"date": day})
    offered = [datetime.fromisoformat(s).astimezone(LONDON).hour for s in response.json()["slots"]]
    assert offered == [9, 10, 11, 12, 14, 16]
    # Every hour the public page offers lies in a free stretch of the week view, and back.
    in_free = [h for start, end in free for h in range(start, end)]
    assert offered == in_free


def test_the_studio_row_is_read_once_per_request_and_again_after_a_save(
    day, django_assert_num_queries
):
    per_request.open_scope()
    try:
        first = StudioProfile.load()
        with django_assert_num_queries(0):
            assert StudioProfile.load() is first
        first.name = "Renamed"
        first.save()
        with django_assert_num_queries(1):
            assert StudioProfile.load().name == "Renamed"
    finally:
        per_request.close_scope()
    with django_assert_num_queries(1):  # outside a request, every call reads the row
        StudioProfile.load()
