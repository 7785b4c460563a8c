"""On real PostgreSQL: the photographer books a time over HTTP while twenty clients confirm
the same time on the public site. Exactly one booking, and nobody sees a server error."""

import threading

import pytest
import time_machine
from django.db import connection
from django.test import Client

from bookings import drafts
from bookings.models import Booking
from tests.bookings.booking_setup import LONDON, NOW, headshot, open_studio, wednesday
from tests.factories import StaffUserFactory
from tests.staff import StudioClient

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

PUBLIC = 20


@pytest.fixture
def setup(settings):
    settings.RATELIMIT_ENABLE = False  # twenty visitors from one address, on purpose
    with time_machine.travel(NOW, tick=True):
        open_studio()
        yield headshot(buffer_before_minutes=15, buffer_after_minutes=15)


def _public_visitor(index: int, start) -> tuple[Client, dict]:
    """A visitor who has filled in the details and sits on the review page."""
    visitor = Client()
    details = {
        "start": start.astimezone(LONDON).isoformat(),
        "name": f"Client {index}",
        "email": f"client{index}@example.com",
        "people": "1",
    }
    response = visitor.post("/book/headshot/details/", details)
    assert response.status_code == 302, response.content[:300]
    return visitor, {"key": visitor.session[drafts.SESSION_KEY]["key"]}


def _photographer(session_type, start) -> tuple[Client, dict]:
    photographer = StudioClient()
    photographer.force_login(StaffUserFactory(username="photographer"))
    local = start.astimezone(LONDON)
    return photographer, {
        "client": "",
        "name": "Phone Client",
        "email": "phone@example.com",
        "session_type": session_type.pk,
        "date": local.date().isoformat(),
        "time": local.strftime("%H:%M"),
        "people": "1",
        "key": "race-key-0123456789abcdef",
    }


@pytest.mark.parametrize("round_", range(3))
def test_dashboard_and_public_bookings_for_one_time_make_exactly_one(setup, round_):
    session_type = setup
    start = wednesday("10:00")
    attempts = [("/dashboard/bookings/new/", *_photographer(session_type, start))]
    attempts += [("/book/headshot/review/", *_public_visitor(i, start)) for i in range(PUBLIC)]
    barrier = threading.Barrier(len(attempts))
    results: list[tuple[str, int, str]] = []
    errors: list[BaseException] = []
    lock = threading.Lock()

    def send(path, http, data):
        try:
            barrier.wait(timeout=30)
            response = http.post(path, data)
            with lock:
                results.append((path, response.status_code, response.content.decode()))
        except BaseException as exc:  # noqa: BLE001 - reported below
            with lock:
                errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=send, args=attempt) for attempt in attempts]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)

    assert errors == []
    assert len(results) == PUBLIC + 1
    assert [status for _path, status, _html in results if status >= 500] == []
    winners = [(path, status) for path, status, _html in results if status == 302]
    assert len(winners) == 1, results
    for path, status, html in results:
        if status == 302:
            continue
        assert status == 409, (path, status, html[:500])
        if path.startswith("/dashboard/"):
            assert "That time overlaps booking" in html or "just taken" in html
        else:
            assert "just taken" in html
    assert Booking.objects.filter(status__in=Booking.ACTIVE_STATUSES).count() == 1
