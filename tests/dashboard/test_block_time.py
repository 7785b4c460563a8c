"""Blocking time from the calendar: time off underneath, shown on the calendar, removable."""

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from studio.models import TimeOff
from tests.factories import BookingFactory, TimeOffFactory, WorkingHoursFactory

pytestmark = pytest.mark.django_db
URL = reverse("dashboard:block_time")


@pytest.fixture
def open_all_week(studio):
    for weekday in range(7):
        WorkingHoursFactory(weekday=weekday, start=time(9), end=time(12))
        WorkingHoursFactory(weekday=weekday, start=time(13), end=time(17))


def _day(days):
    return timezone.localdate() + timedelta(days=days)


def _at(days, hour, minute=0):
    return datetime.combine(_day(days), time(hour, minute), tzinfo=timezone.get_current_timezone())


def test_the_link_pre_fills_the_stretch(staff_client, open_all_week):
    day = _day(2).isoformat()
    response = staff_client.get(URL, {"date": day, "start": "14:00", "end": "15:30"})
    assert response.status_code == 200
    form = response.context["form"]
    assert form.initial["start_date"].isoformat() == day
    assert (form.initial["start_time"], form.initial["end_time"]) == (time(14), time(15, 30))


def test_without_times_the_day_s_opening_hours_are_offered(staff_client, open_all_week):
    response = staff_client.get(URL, {"date": _day(2).isoformat()})
    form = response.context["form"]
    assert (form.initial["start_time"], form.initial["end_time"]) == (time(9), time(17))


def test_blocking_makes_time_off_and_returns_to_the_week(staff_client, open_all_week):
    day = _day(2)
    data = {
        "start_date": day.isoformat(),
        "start_time": "14:00",
        "end_date": day.isoformat(),
        "end_time": "15:30",
        "reason": "Dentist",
    }
    response = staff_client.post(URL, data, follow=True)
    period = TimeOff.objects.get()
    assert (period.start, period.end, period.reason) == (_at(2, 14), _at(2, 15, 30), "Dentist")
    assert response.redirect_chain[-1][0] == reverse("dashboard:calendar_week") + f"?date={day}"
    html = response.content.decode()
    assert "Time blocked; clients can no longer book it." in html
    assert "Dentist" in html and "Remove" in html


def test_blocking_over_a_booking_warns_that_it_still_stands(staff_client, open_all_week):
    booking = BookingFactory(start=_at(2, 14))
    day = _day(2).isoformat()
    data = {"start_date": day, "start_time": "13:00", "end_date": day, "end_time": "17:00"}
    response = staff_client.post(URL, data, follow=True)
    assert f"still stands: {booking.reference}" in response.content.decode()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"end_time": "13:00"}, "end_date"),
        ({"start_date": "2001-01-01", "end_date": "2001-01-01"}, "end_date"),
        ({"start_time": "26:00"}, "start_time"),
        ({"reason": "r" * 201}, "reason"),
    ],
)
def test_mistakes_stay_on_the_form_and_nothing_is_blocked(
    staff_client, open_all_week, changes, field
):
    day = _day(2).isoformat()
    data = {"start_date": day, "start_time": "14:00", "end_date": day, "end_time": "15:00"}
    response = staff_client.post(URL, {**data, **changes})
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not TimeOff.objects.exists()


def test_removing_from_the_calendar_returns_there(staff_client, open_all_week):
    period = TimeOffFactory(start=_at(2, 14), end=_at(2, 15))
    week = reverse("dashboard:calendar_week") + f"?date={_day(2)}"
    delete = reverse("dashboard:settings_time_off_delete", args=[period.pk])
    response = staff_client.post(delete, {"next": week})
    assert response["Location"] == week
    assert not TimeOff.objects.exists()


@pytest.mark.parametrize("target", ["https://evil.example/", "//evil.example/", "/admin/"])
def test_removal_never_redirects_off_the_dashboard(staff_client, open_all_week, target):
    period = TimeOffFactory(start=_at(2, 14), end=_at(2, 15))
    delete = reverse("dashboard:settings_time_off_delete", args=[period.pk])
    response = staff_client.post(delete, {"next": target})
    assert response["Location"] == reverse("dashboard:settings_time_off")


def test_the_week_offers_each_free_stretch_to_book_or_block(staff_client, open_all_week):
    BookingFactory(start=_at(2, 10))  # 60 minutes
    TimeOffFactory(start=_at(2, 15), end=_at(2, 16))
    response = staff_client.get(reverse("dashboard:calendar_week"), {"date": _day(2)})
    day = next(d for d in response.context["calendar"].days if d.date == _day(2))
    local = [(timezone.localtime(a), timezone.localtime(b)) for a, b in day.free]
    assert [(f"{a:%H:%M}", f"{b:%H:%M}") for a, b in local] == [
        ("09:00", "10:00"),
        ("11:00", "12:00"),
        ("13:00", "15:00"),
        ("16:00", "17:00"),
    ]
    html = response.content.decode()
    new = reverse("dashboard:booking_new")
    assert f'href="{new}?date={_day(2)}&amp;time=11:00"' in html
    assert f'href="{URL}?date={_day(2)}&amp;start=13:00&amp;end=15:00"' in html
