"""Booking and manage POSTs are rate-limited per client IP, with a friendly 429."""

import pytest
import time_machine
from django.urls import reverse

from bookings.services import ClientDetails, book
from bookings.views import BOOK_RATE, MANAGE_RATE
from tests.bookings.booking_setup import (
    NOW,
    headshot,
    later_day,
    open_studio,
    private_ratelimit_cache,
)

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _own_ratelimit_counts(settings):
    private_ratelimit_cache(settings)


DETAILS = "/book/headshot/details/"
BOOK_LIMIT = int(BOOK_RATE.split("/")[0])
MANAGE_LIMIT = int(MANAGE_RATE.split("/")[0])


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def session_type():
    open_studio()
    return headshot()


def post_details(client, ip="203.0.113.7", **headers):
    return client.post(DETAILS, {"name": "x"}, REMOTE_ADDR=ip, **headers)


def test_booking_posts_beyond_the_limit_get_a_friendly_429(client, session_type):
    statuses = [post_details(client).status_code for _ in range(BOOK_LIMIT)]
    assert 429 not in statuses
    response = post_details(client)
    assert response.status_code == 429
    assert b"Please slow down a little" in response.content
    assert response["Retry-After"] == "60"


def test_limit_is_per_ip(client, session_type):
    for _ in range(BOOK_LIMIT + 1):
        post_details(client, ip="203.0.113.7")
    assert post_details(client, ip="198.51.100.9").status_code != 429


def test_forwarded_for_header_does_not_reset_the_limit(client, session_type):
    for index in range(BOOK_LIMIT + 1):
        post_details(client, HTTP_X_FORWARDED_FOR=f"10.0.0.{index}")
    assert post_details(client, HTTP_X_FORWARDED_FOR="10.9.9.9").status_code == 429


def test_gets_are_not_limited(client, session_type):
    for _ in range(BOOK_LIMIT + 5):
        response = client.get("/book/headshot/", REMOTE_ADDR="203.0.113.7")
    assert response.status_code == 200


def test_the_setting_switches_limits_off(client, session_type, settings):
    settings.RATELIMIT_ENABLE = False
    for _ in range(BOOK_LIMIT * 2):
        assert post_details(client).status_code != 429


def test_manage_posts_are_limited(client, session_type):
    booking = book(
        session_type=session_type,
        start=later_day(3, "10:00"),
        client=ClientDetails("Ada", "ada@example.com"),
    )
    move = reverse("bookings:manage_move", args=[booking.manage_token])
    for _ in range(MANAGE_LIMIT):
        assert client.post(move, {"start": "nonsense"}).status_code != 429
    assert client.post(move, {"start": "nonsense"}).status_code == 429
    cancel = reverse("bookings:manage_cancel", args=[booking.manage_token])
    assert client.post(cancel).status_code == 429  # one budget for the manage endpoints
    booking.refresh_from_db()
    assert booking.is_active
