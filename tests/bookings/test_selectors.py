from datetime import UTC, datetime, time, timedelta

import pytest

from bookings.models import Booking
from bookings.selectors import (
    booking_for_token,
    busy_time,
    clashing_booking,
    rules_for,
    shape_of,
    shape_of_booking,
)
from studio.models import StudioProfile
from tests.bookings.booking_setup import headshot, open_studio
from tests.factories import BookingFactory, TimeOffFactory

pytestmark = pytest.mark.django_db

DAY = datetime(2030, 1, 9, tzinfo=UTC)


def at(hour, minute=0):
    return DAY + timedelta(hours=hour, minutes=minute)


@pytest.fixture
def session_type():
    open_studio()
    return headshot(buffer_after_minutes=15)


def busy_intervals(start, end, **kwargs):
    """busy_time's merged intervals as (start, end) datetimes."""
    busy = busy_time(start, end, **kwargs)
    moment = datetime.fromtimestamp
    return [(moment(a, UTC), moment(b, UTC)) for a, b in zip(busy.starts, busy.ends, strict=True)]


def booking_at(session_type, hour, **kwargs):
    return BookingFactory(session_type=session_type, start=at(hour), end=at(hour + 1), **kwargs)


def test_busy_time_are_blocked_times_of_active_bookings_and_time_off(
    session_type, django_assert_num_queries
):
    confirmed = booking_at(session_type, 9)
    booking_at(session_type, 11, status=Booking.Status.PENDING)
    booking_at(session_type, 13, status=Booking.Status.CANCELLED)
    booking_at(session_type, 14, status=Booking.Status.COMPLETED)
    TimeOffFactory(start=at(15), end=at(16))
    booking_at(session_type, 30)  # next day: outside the range asked for
    with django_assert_num_queries(1):
        busy = sorted(busy_intervals(at(0), at(24)))
    assert busy == [
        (at(9), at(10, 15)),
        (at(11), at(12, 15)),
        (at(15), at(16)),
    ]
    assert (confirmed.blocked_start, confirmed.blocked_end) in busy


def test_busy_time_touching_the_range_edge_do_not_count(session_type):
    booking_at(session_type, 9)  # blocks 09:00-10:15
    assert busy_intervals(at(10, 15), at(12)) == []
    assert busy_intervals(at(10), at(12)) == [(at(9), at(10, 15))]


def test_busy_time_can_leave_out_one_booking(session_type):
    mine = booking_at(session_type, 9)
    other = booking_at(session_type, 11)
    assert busy_intervals(at(0), at(24), exclude=mine) == [(other.blocked_start, other.blocked_end)]
    assert busy_intervals(at(0), at(24), exclude=mine.pk) == [
        (other.blocked_start, other.blocked_end)
    ]


def test_clashing_booking_is_the_first_active_overlap(session_type):
    first = booking_at(session_type, 9)
    booking_at(session_type, 11)
    assert clashing_booking(at(9, 30), at(12)) == first
    assert clashing_booking(at(9, 30), at(12), exclude=first).start == at(11)
    assert clashing_booking(at(16), at(17)) is None


def test_rules_come_from_the_profile_and_weekly_hours(session_type, django_assert_num_queries):
    studio = StudioProfile.load()
    with django_assert_num_queries(1):
        rules = rules_for(studio)
    assert rules.tz.key == "Europe/London"
    assert rules.hours[0] == [(time(9), time(12)), (time(13), time(17))]
    assert 5 not in rules.hours
    assert rules.min_notice == timedelta(hours=24) and rules.max_advance_days == 90
    assert rules.step == timedelta(minutes=30)


def test_shapes(session_type):
    assert shape_of(session_type).buffer_after == timedelta(minutes=15)
    booking = booking_at(session_type, 9)
    session_type.duration_minutes = 120  # a later change of the type...
    assert shape_of_booking(booking).duration == timedelta(hours=1)  # ...not of the booking


def test_booking_for_token_finds_the_booking_with_its_relations(
    session_type, django_assert_num_queries
):
    booking = booking_at(session_type, 9)
    with django_assert_num_queries(1):
        found = booking_for_token(booking.manage_token, now=DAY)
        assert found.client.name and found.session_type.name
    assert found == booking


@pytest.mark.parametrize(
    "token",
    [
        "",
        "short",
        "x" * 65,
        "test-token-000000-padding-for-lengtX",
        "../../etc/passwd",
        "a b c" * 5,
    ],
)
def test_unknown_or_malformed_tokens_find_nothing(session_type, token):
    booking_at(session_type, 9)
    assert booking_for_token(token, now=DAY) is None


def test_manage_link_expires_weeks_after_the_session(session_type, settings):
    booking = booking_at(session_type, 9)
    limit = booking.end + timedelta(days=settings.STUDIO_MANAGE_LINK_DAYS_AFTER)
    assert booking_for_token(booking.manage_token, now=limit) == booking
    assert booking_for_token(booking.manage_token, now=limit + timedelta(minutes=1)) is None


def test_busy_time_is_read_in_whole_seconds_rounded_outwards(session_type):
    TimeOffFactory(
        start=at(10) + timedelta(microseconds=500_000), end=at(11) + timedelta(microseconds=250)
    )
    TimeOffFactory(start=at(12), end=at(13))
    assert sorted(busy_intervals(at(0), at(24))) == [
        (at(10), at(11) + timedelta(seconds=1)),
        (at(12), at(13)),
    ]
