"""The calendar page and the slots endpoint are shared between visitors until they change.

They change when someone books, cancels or moves, when the studio blocks time off or
edits its rules, and as time passes (a start comes within the notice, midnight).
"""

import threading
from datetime import timedelta

import pytest
import time_machine
from django.db import connection, transaction

from bookings.models import Booking
from studio.content import AVAILABILITY, LIVE_SECONDS, versions
from studio.models import WorkingHours
from tests.bookings.booking_setup import (
    NOW,
    headshot,
    open_studio,
    private_ratelimit_cache,
    wednesday,
)
from tests.factories import BookingFactory, TimeOffFactory

pytestmark = pytest.mark.django_db

BOOK = "/book/headshot/"
WEDNESDAY = "/book/headshot/slots/?date=2030-01-09"


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False) as traveller:
        yield traveller


@pytest.fixture
def session_type(settings):
    private_ratelimit_cache(settings)
    open_studio()
    return headshot()


def times(client, path=WEDNESDAY) -> list[str]:
    return [start[11:16] for start in client.get(path).json()["slots"]]


def test_a_second_ask_costs_only_the_versions_query(
    client, session_type, django_assert_num_queries
):
    first = client.get(WEDNESDAY)
    with django_assert_num_queries(1):
        again = client.get(WEDNESDAY)
    assert again.status_code == 200 and again.json() == first.json()
    assert "no-cache" in again["Cache-Control"]  # browsers still ask every time
    client.get(BOOK + "?date=2030-01-09")
    with django_assert_num_queries(1):
        page = client.get(BOOK + "?date=2030-01-09")
    assert page.status_code == 200 and "no-cache" in page["Cache-Control"]
    assert "10:00" in page.content.decode()


def test_a_new_booking_takes_its_time_away_at_once(client, session_type):
    assert "10:00" in times(client)
    BookingFactory(session_type=session_type, start=wednesday("10:00"))
    assert "10:00" not in times(client)


def test_a_cancelled_booking_gives_its_time_back_at_once(client, session_type):
    booking = BookingFactory(session_type=session_type, start=wednesday("10:00"))
    assert "10:00" not in times(client)
    booking.status = Booking.Status.CANCELLED
    booking.save()
    assert "10:00" in times(client)


def test_time_off_and_new_hours_show_at_once(client, session_type):
    assert "09:00" in times(client)
    time_off = TimeOffFactory(start=wednesday("09:00"), end=wednesday("10:00"))
    assert "09:00" not in times(client)
    time_off.delete()
    assert "09:00" in times(client)
    WorkingHours.objects.filter(weekday=2, start__hour=9).delete()
    assert times(client)[0] == "13:00"


def test_the_calendar_page_changes_with_a_booking(client, session_type):
    client.get(BOOK + "?date=2030-01-09")
    for hour in range(9, 17):
        if hour != 12:
            BookingFactory(session_type=session_type, start=wednesday(f"{hour:02d}:00"))
    assert "fully booked" in client.get(BOOK + "?date=2030-01-09").content.decode()


def test_a_time_coming_within_notice_is_dropped_on_time(client, session_type, frozen):
    tuesday = "/book/headshot/slots/?date=2030-01-08"
    assert times(client, tuesday)[0] == "09:00"  # 24 h notice from Monday 08:00
    frozen.move_to(NOW + timedelta(minutes=59))
    assert times(client, tuesday)[0] == "09:00"
    frozen.move_to(NOW + timedelta(hours=1, seconds=1))
    assert times(client, tuesday)[0] == "09:30"


def test_a_change_made_without_signals_shows_within_minutes(client, session_type, frozen):
    booking = BookingFactory(session_type=session_type, start=wednesday("10:00"))
    assert "10:00" not in times(client)
    Booking.objects.filter(pk=booking.pk).update(status=Booking.Status.CANCELLED)
    assert "10:00" not in times(client)  # not seen yet: no signal was sent
    frozen.move_to(NOW + timedelta(seconds=LIVE_SECONDS))
    assert "10:00" in times(client)


def _seen_by_another_connection() -> tuple[tuple[int, ...], int]:
    """The availability version and the number of bookings, as another process sees them."""
    seen = {}

    def look():
        try:
            seen["answer"] = (versions(AVAILABILITY), Booking.objects.count())
        finally:
            connection.close()

    thread = threading.Thread(target=look)
    thread.start()
    thread.join()
    return seen["answer"]


@pytest.mark.django_db(transaction=True)
def test_other_processes_see_the_new_version_exactly_when_they_see_the_booking(session_type):
    before = versions(AVAILABILITY)
    with transaction.atomic():
        BookingFactory(session_type=session_type, start=wednesday("10:00"))
        assert versions(AVAILABILITY) != before
        # Until the commit, others read the old data under the old version...
        assert _seen_by_another_connection() == (before, 0)
    # ...and from the commit on, the new data under the new version: a page rendered
    # from the old data can only have been filed under the old version.
    after = versions(AVAILABILITY)
    assert after != before
    assert _seen_by_another_connection() == (after, 1)


def test_a_visitor_with_a_session_gets_their_own_page(client, session_type):
    client.get(BOOK)  # the shared page is kept now
    session = client.session
    session["drafts"] = {}
    session.save()
    client.post(
        "/book/headshot/details/",
        {
            "start": wednesday("10:00").isoformat(),
            "name": "Ada Lovelace",
            "email": "ada@example.com",
            "people": "1",
        },
    )
    assert "Your details are saved" in client.get(BOOK).content.decode()


def test_errors_are_never_kept(client, session_type):
    assert client.get("/book/headshot/slots/?date=2030-13-01").status_code == 400
    assert client.get("/book/headshot/slots/?date=2030-01-09").status_code == 200
    session_type.is_active = False
    session_type.save()
    assert client.get("/book/headshot/slots/?date=2030-01-09").status_code == 404
