"""Weekly repeating blocks: each week a TimeOff row of the series, seen by the one
busy-time query; removable one occurrence at a time or as the whole series."""

from datetime import date, datetime, time
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from bookings.selectors import busy_time
from dashboard import services
from studio.models import TimeOff, TimeOffSeries

pytestmark = pytest.mark.django_db
LONDON = ZoneInfo("Europe/London")


def at(day: date, hour: int) -> datetime:
    return datetime.combine(day, time(hour), tzinfo=LONDON)


def fridays(studio):
    # Fridays 13:00-17:00 from 1 March to 5 April 2030: the clocks change on 31 March.
    return services.block_weekly(
        start=at(date(2030, 3, 1), 13),
        end=at(date(2030, 3, 1), 17),
        until=date(2030, 4, 5),
        reason="Admin afternoon",
        tz=LONDON,
    )


def test_a_weekly_block_makes_one_time_off_per_week_at_the_same_wall_clock_time(studio):
    series = fridays(studio)
    starts = [o.start.astimezone(LONDON) for o in series.occurrences.order_by("start")]
    assert [s.date() for s in starts] == [date(2030, 3, d) for d in (1, 8, 15, 22, 29)] + [
        date(2030, 4, 5)
    ]
    assert {(s.hour, s.minute) for s in starts} == {(13, 0)}  # across the clock change
    assert TimeOff.objects.filter(reason="Admin afternoon").count() == 6


def test_the_occurrences_are_busy_time_in_the_one_query(studio):
    fridays(studio)
    busy = busy_time(at(date(2030, 3, 8), 9), at(date(2030, 3, 8), 18))
    assert busy.starts and busy.ends  # the Friday's block
    assert not busy_time(at(date(2030, 3, 7), 9), at(date(2030, 3, 7), 18)).starts


def test_one_occurrence_is_removed_and_the_rest_stay(staff_client, studio):
    series = fridays(studio)
    second = series.occurrences.order_by("start")[1]
    url = reverse("dashboard:settings_time_off_delete", args=[second.pk])
    assert staff_client.post(url).status_code == 302
    assert series.occurrences.count() == 5
    assert not busy_time(at(date(2030, 3, 8), 13), at(date(2030, 3, 8), 17)).starts
    assert busy_time(at(date(2030, 3, 15), 13), at(date(2030, 3, 15), 17)).starts


def test_the_whole_series_is_removed(staff_client, studio):
    series = fridays(studio)
    url = reverse("dashboard:settings_time_off_series_delete", args=[series.pk])
    assert staff_client.post(url).status_code == 302
    assert not TimeOffSeries.objects.exists() and not TimeOff.objects.exists()


def test_the_block_page_repeats_weekly_and_the_list_offers_both_removals(staff_client, studio):
    data = {
        "start_date": "2030-03-01",
        "start_time": "13:00",
        "end_date": "2030-03-01",
        "end_time": "17:00",
        "reason": "Admin",
        "repeat_until": "2030-03-22",
    }
    response = staff_client.post(reverse("dashboard:block_time"), data)
    assert response.status_code == 302
    assert TimeOffSeries.objects.get().occurrences.count() == 4
    page = staff_client.get(reverse("dashboard:settings_time_off")).content.decode()
    assert "Every Friday until 22 Mar 2030" in page
    assert "Remove this one" in page and "Remove the series" in page


def test_a_repeat_before_the_first_day_is_a_form_error(staff_client, studio):
    data = {
        "start_date": "2030-03-01",
        "end_date": "2030-03-01",
        "repeat_until": "2030-02-01",
    }
    response = staff_client.post(reverse("dashboard:block_time"), data)
    assert response.status_code == 400 and not TimeOff.objects.exists()
