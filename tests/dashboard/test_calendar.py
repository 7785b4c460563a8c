from datetime import UTC, date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from bookings.models import Booking
from dashboard.selectors.calendar import month_calendar, week_calendar
from tests.factories import (
    BookingFactory,
    SessionTypeFactory,
    TimeOffFactory,
    WorkingHoursFactory,
)

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def _days(calendar):
    return {day.date: day for week in calendar.weeks for day in week}


def test_month_grid_starts_on_monday_and_covers_the_month():
    calendar = month_calendar(month=date(2026, 3, 17), today=date(2026, 3, 5), tz=LONDON)
    assert calendar.month == date(2026, 3, 1)
    assert calendar.weeks[0][0].date == date(2026, 2, 23)  # the Monday before 1 March
    assert calendar.weeks[-1][-1].date == date(2026, 4, 5)
    assert all(len(week) == 7 for week in calendar.weeks)
    days = _days(calendar)
    assert days[date(2026, 3, 5)].is_today
    assert not days[date(2026, 2, 23)].in_range and days[date(2026, 3, 31)].in_range
    assert (calendar.previous, calendar.next) == (date(2026, 2, 1), date(2026, 4, 1))


def test_month_puts_bookings_and_multi_day_time_off_on_their_days():
    # The clocks go forward on 29 March 2026: 23:30 UTC that day is 00:30 BST on the 30th.
    early = BookingFactory(start=datetime(2026, 3, 29, 23, 30, tzinfo=UTC))
    BookingFactory(start=datetime(2026, 3, 10, 10, tzinfo=UTC), status=Booking.Status.CANCELLED)
    TimeOffFactory(
        start=datetime(2026, 3, 9, 12, tzinfo=UTC), end=datetime(2026, 3, 11, 9, tzinfo=UTC)
    )
    WorkingHoursFactory(weekday=0)  # Mondays only
    days = _days(month_calendar(month=date(2026, 3, 1), today=date(2026, 3, 1), tz=LONDON))
    assert days[date(2026, 3, 30)].bookings == [early]
    assert days[date(2026, 3, 29)].bookings == []
    assert days[date(2026, 3, 10)].bookings == []  # cancelled bookings are not shown
    assert [d for d, day in sorted(days.items()) if day.time_off] == [
        date(2026, 3, 9),
        date(2026, 3, 10),
        date(2026, 3, 11),
    ]
    assert days[date(2026, 3, 9)].is_open and not days[date(2026, 3, 10)].is_open


def test_time_off_that_began_before_the_grid_still_shows():
    TimeOffFactory(start=datetime(2026, 1, 20, tzinfo=UTC), end=datetime(2026, 3, 3, tzinfo=UTC))
    days = _days(month_calendar(month=date(2026, 3, 1), today=date(2026, 3, 1), tz=LONDON))
    marked = sorted(d for d, day in days.items() if day.time_off)
    assert marked[0] == date(2026, 2, 23) and marked[-1] == date(2026, 3, 2)


def test_week_runs_monday_to_sunday_around_the_day():
    booking = BookingFactory(start=datetime(2026, 3, 12, 9, tzinfo=UTC))
    week = week_calendar(day=date(2026, 3, 12), today=date(2026, 3, 10), tz=LONDON)
    assert week.monday == date(2026, 3, 9)
    assert [day.date.day for day in week.days] == list(range(9, 16))
    assert week.days[3].bookings == [booking]
    assert week.days[1].is_today
    assert (week.previous, week.next) == (date(2026, 3, 2), date(2026, 3, 16))


def test_month_page_links_each_booking_and_navigates(staff_client):
    booking = BookingFactory(
        start=datetime(2026, 2, 10, 10, tzinfo=UTC),
        session_type=SessionTypeFactory(kind="portrait"),
    )
    html = staff_client.get(reverse("dashboard:calendar"), {"month": "2026-02"}).content.decode()
    assert "February 2026" in html
    assert reverse("dashboard:booking", args=[booking.reference]) in html
    assert "kind-portrait" in html
    assert 'href="?month=2026-01"' in html and 'href="?month=2026-03"' in html
    assert 'data-day="2026-02-10"' in html


@pytest.mark.parametrize("value", ["garbage", "2026-13", "1999-01", "", "9999-01"])
def test_month_page_falls_back_to_this_month_on_bad_input(staff_client, value, studio):
    response = staff_client.get(reverse("dashboard:calendar"), {"month": value})
    assert response.status_code == 200
    this_month = timezone.localdate(timezone.now(), studio.tz)
    assert f"{this_month:%B %Y}" in response.content.decode()


@pytest.mark.parametrize("value", ["2026-02-30", "tomorrow", "0001-01-01"])
def test_week_page_falls_back_to_this_week_on_bad_input(staff_client, value):
    assert staff_client.get(reverse("dashboard:calendar_week"), {"date": value}).status_code == 200


def test_week_page_shows_time_off_reason_and_bookings(staff_client):
    booking = BookingFactory(start=datetime(2026, 3, 12, 9, tzinfo=UTC))
    TimeOffFactory(
        start=datetime(2026, 3, 13, tzinfo=UTC),
        end=datetime(2026, 3, 14, tzinfo=UTC),
        reason="Wedding in Harrogate",
    )
    html = staff_client.get(reverse("dashboard:calendar_week"), {"date": "2026-03-12"}).content
    html = html.decode()
    assert "Week of 9 March 2026" in html
    assert booking.client.name in html
    assert "Wedding in Harrogate" in html
    assert f"{datetime.combine(date(2026, 3, 12), time(9)):%H:%M}" in html
