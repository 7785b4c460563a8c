"""GET /book/<slug>/slots/: the JSON the calendar script reads."""

from datetime import UTC, date, datetime, time, timedelta

import pytest
import time_machine
from django.urls import reverse

from bookings.models import Booking, Client
from studio.models import StudioProfile, WorkingHours
from tests.bookings.booking_setup import NOW, headshot, open_studio
from tests.factories import BookingFactory, ClientFactory, TimeOffFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def session_type():
    open_studio()
    return headshot()


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def slots_url(slug="headshot", **params):
    from urllib.parse import urlencode

    return reverse("bookings:slots", args=[slug]) + "?" + urlencode(params)


def test_month_lists_days_with_a_free_slot(client, session_type):
    response = client.get(slots_url(month="2030-01"))
    assert response.status_code == 200
    body = response.json()
    assert body["month"] == "2030-01" and body["time_zone"] == "Europe/London"
    # 24 h notice from Monday 7 January 08:00: Monday is out, Tuesday 8th on; weekdays only.
    assert body["days"][:4] == ["2030-01-08", "2030-01-09", "2030-01-10", "2030-01-11"]
    assert "2030-01-12" not in body["days"]  # Saturday


def test_date_lists_starts_with_the_studio_offset(client, session_type):
    body = client.get(slots_url(date="2030-01-09")).json()
    assert body["date"] == "2030-01-09" and body["time_zone"] == "Europe/London"
    assert body["slots"][0] == "2030-01-09T09:00:00+00:00"
    assert "2030-01-09T12:00:00+00:00" not in body["slots"]  # lunch break
    assert body["slots"][-1] == "2030-01-09T16:00:00+00:00"


def test_summer_date_uses_summer_offset(client, session_type):
    with time_machine.travel(datetime(2030, 6, 1, tzinfo=UTC), tick=False):
        body = client.get(slots_url(date="2030-06-05")).json()
    assert body["slots"][0] == "2030-06-05T09:00:00+01:00"


def test_new_york_spring_forward_day_has_no_two_thirty(client):
    open_studio(tz="America/New_York")
    WorkingHours.objects.create(weekday=6, start=time(0), end=time(5))
    headshot(duration_minutes=30)
    with time_machine.travel(datetime(2030, 3, 1, tzinfo=UTC), tick=False):
        body = client.get(slots_url(date="2030-03-10")).json()
    assert body["time_zone"] == "America/New_York"
    assert "2030-03-10T01:30:00-05:00" in body["slots"]
    assert "2030-03-10T03:00:00-04:00" in body["slots"]
    assert not [s for s in body["slots"] if s[11:13] == "02"]


def test_booked_and_time_off_times_are_not_offered(client, session_type):
    BookingFactory(
        session_type=session_type,
        start=datetime(2030, 1, 9, 10, tzinfo=UTC),
        end=datetime(2030, 1, 9, 11, tzinfo=UTC),
    )
    TimeOffFactory(
        start=datetime(2030, 1, 9, 14, tzinfo=UTC), end=datetime(2030, 1, 10, 23, tzinfo=UTC)
    )
    slots = client.get(slots_url(date="2030-01-09")).json()["slots"]
    assert "2030-01-09T10:00:00+00:00" not in slots
    assert "2030-01-09T09:30:00+00:00" not in slots
    assert "2030-01-09T11:00:00+00:00" in slots
    assert "2030-01-09T13:00:00+00:00" in slots
    assert "2030-01-09T13:30:00+00:00" not in slots
    days = client.get(slots_url(month="2030-01")).json()["days"]
    assert "2030-01-10" not in days and "2030-01-09" in days


@pytest.mark.parametrize(
    ("params", "status", "words"),
    [
        ({}, 400, "either"),
        ({"date": "2030-01-09", "month": "2030-01"}, 400, "either"),
        ({"date": "2030-1-9"}, 400, "look like"),
        ({"date": "09/01/2030"}, 400, "look like"),
        ({"date": "2030-02-30"}, 400, "look like"),
        ({"date": ""}, 400, "look like"),
        ({"date": "2030-01-06"}, 400, "passed"),
        ({"date": "0001-01-01"}, 400, "passed"),
        ({"date": "2030-04-08"}, 400, "open until 2030-04-07"),
        ({"date": "9999-12-31"}, 400, "open until"),
        ({"month": "2030-13"}, 400, "look like"),
        ({"month": "2030-1"}, 400, "look like"),
        ({"month": "2029-12"}, 400, "passed"),
        ({"month": "2030-05"}, 400, "open until"),
        ({"month": "x" * 5000}, 400, "look like"),
        ({"date": "2030-01-09\x00"}, 400, "look like"),
        ({"date": "2030-01-09T10:00:00+00:00\x00"}, 400, "look like"),
        ({"date": "２０３０-01-09"}, 400, "look like"),
        ({"month": "2030-01\x00"}, 400, "look like"),
        ({"month": "２０３０-01"}, 400, "look like"),
    ],
)
def test_bad_parameters_get_400_with_a_message(client, session_type, params, status, words):
    response = client.get(slots_url(**params))
    assert response.status_code == status
    assert words in response.json()["error"]


def test_unknown_or_withdrawn_type_is_404_json(client, session_type):
    response = client.get(slots_url("no-such-type", month="2030-01"))
    assert response.status_code == 404 and response.json()["error"]
    session_type.is_active = False
    session_type.save()
    assert client.get(slots_url(month="2030-01")).status_code == 404


def test_slots_are_not_cached(client, session_type):
    response = client.get(slots_url(month="2030-01"))
    assert "no-cache" in response["Cache-Control"] or "max-age=0" in response["Cache-Control"]


def fill_month_with_bookings(session_type, count: int) -> None:
    """`count` 15-minute bookings, back to back every 20 minutes from 1 January 2030."""
    clients = Client.objects.bulk_create(
        [ClientFactory.build(email=f"c{i}@example.com") for i in range(50)]
    )
    first = datetime(2030, 1, 1, tzinfo=UTC)
    bookings = []
    for index in range(count):
        start = first + timedelta(minutes=20 * index)
        bookings.append(
            BookingFactory.build(
                client=clients[index % 50],
                session_type=session_type,
                reference=f"HS-B{index:05d}",
                manage_token=f"bench-token-{index:06d}-padding-padding",
                start=start,
                end=start + timedelta(minutes=15),
                blocked_start=start,
                blocked_end=start + timedelta(minutes=15),
            )
        )
    Booking.objects.bulk_create(bookings, batch_size=500)


@pytest.mark.parametrize("bookings", [0, 2000])
@pytest.mark.parametrize("params", [{"month": "2030-01"}, {"date": "2030-01-15"}])
def test_slots_use_at_most_four_queries_whatever_the_bookings(
    client, session_type, django_assert_max_num_queries, bookings, params
):
    fill_month_with_bookings(session_type, bookings)
    StudioProfile.load()
    # A process's first ask: the cached pages' versions, the session type, the studio,
    # its hours, the busy time.
    with django_assert_max_num_queries(5):
        response = client.get(slots_url(**params))
    assert response.status_code == 200
    # Once someone books, the answer is computed again from the busy time alone.
    BookingFactory(session_type=session_type, start=datetime(2030, 2, 20, 10, tzinfo=UTC))
    with django_assert_max_num_queries(2):
        again = client.get(slots_url(**params))
    assert again.status_code == 200 and again.json() == response.json()
    if bookings:  # 15 minutes in every 20 leaves no free hour until about 28 January
        body = response.json()
        assert body.get("slots", []) == []
        assert all(day >= "2030-01-28" for day in body.get("days", []))


def test_days_after_the_bookings_are_free_again(client, session_type):
    fill_month_with_bookings(session_type, 2000)  # up to about 28 January
    days = client.get(slots_url(month="2030-01")).json()["days"]
    assert days and all(date.fromisoformat(day) >= date(2030, 1, 28) for day in days)


def test_edited_working_hours_change_the_slots_at_once(client, session_type):
    before = client.get(slots_url(date="2030-01-09")).json()["slots"]
    assert "2030-01-09T09:00:00+00:00" in before
    hours = WorkingHours.objects.get(weekday=2, start=time(9))
    hours.start = time(10)
    hours.save()
    after = client.get(slots_url(date="2030-01-09")).json()["slots"]
    assert "2030-01-09T09:00:00+00:00" not in after
    assert after[0] == "2030-01-09T10:00:00+00:00"
