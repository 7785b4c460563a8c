"""Redis as the cache goes away and comes back: the site stays up and never serves old pages.

Each test starts a redis-server of its own on a free loopback port, points the cache at
it, and stops it under the site's feet.
"""

import socket

import pytest
import time_machine
from django.core.cache import cache, caches
from django.urls import reverse

from bookings import drafts
from bookings.models import Booking, Reminder
from studio import cache as studio_cache
from studio.cache import FailSafeRedisCache
from tests.bookings.booking_setup import LONDON, NOW, headshot, open_studio, wednesday
from tests.celery_tools import RedisServer
from tests.factories import BookingFactory, GuideFactory

pytestmark = pytest.mark.django_db

SLOTS = "/book/headshot/slots/?date=2030-01-09"


@pytest.fixture
def redis_cache(tmp_path, settings, monkeypatch):
    """The default cache on a private redis-server; the server is the test's to stop."""
    if RedisServer.binary is None:
        pytest.skip("redis-server is not installed")
    server = RedisServer(tmp_path / "redis").start()
    settings.CACHES = {
        "default": {"BACKEND": "studio.cache.FailSafeRedisCache", "LOCATION": server.url}
    }
    settings.RATELIMIT_USE_CACHE = "default"
    # Try Redis again on every call, so a test sees it come back at once.
    monkeypatch.setattr(studio_cache, "RETRY_SECONDS", 0)
    assert isinstance(caches["default"], FailSafeRedisCache)
    yield server
    server.stop()


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def session_type():
    open_studio()
    GuideFactory(slug="before-your-headshot")
    return headshot()


def redis_keys(server: RedisServer) -> int:
    with socket.create_connection(("127.0.0.1", server.port), timeout=1) as sock:
        sock.sendall(b"DBSIZE\r\n")
        return int(sock.recv(64).strip()[1:])


def save_to_disk(server: RedisServer) -> None:
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(b"SAVE\r\n")
        assert sock.recv(64).startswith(b"+OK")


def times(client) -> list[str]:
    response = client.get(SLOTS)
    assert response.status_code == 200
    return [start[11:16] for start in response.json()["slots"]]


PUBLIC_PAGES = [
    "/",
    "/sessions/",
    "/sessions/headshot/",
    "/guides/",
    "/guides/before-your-headshot/",
    "/book/headshot/",
    "/book/headshot/?date=2030-01-09",
    SLOTS,
    "/book/headshot/slots/?month=2030-01",
]


def test_every_page_and_a_booking_work_while_redis_is_down(client, redis_cache, session_type):
    for path in PUBLIC_PAGES:
        assert client.get(path).status_code == 200, path
    assert redis_keys(redis_cache) > 0  # the pages were kept in Redis

    redis_cache.stop()
    for path in PUBLIC_PAGES:
        assert client.get(path).status_code == 200, path

    start = wednesday("10:00").astimezone(LONDON).isoformat()
    details = {
        "start": start,
        "name": "Ada Lovelace",
        "email": "ada@example.com",
        "phone": "",
        "people": "1",
        "purpose": "LinkedIn",
        "notes": "",
    }
    response = client.post("/book/headshot/details/", details)
    assert response.status_code == 302, response.content[:300]
    key = client.session[drafts.SESSION_KEY]["key"]
    response = client.post("/book/headshot/review/", {"key": key})
    assert response.status_code == 302 and response["Location"] == "/book/headshot/confirmed/"

    booking = Booking.objects.get()
    assert booking.client.email == "ada@example.com"
    # Its emails wait in the outbox for the sweep, as they would with the worker down.
    assert Reminder.objects.filter(booking=booking, state=Reminder.State.PENDING).exists()
    assert client.get("/book/headshot/confirmed/").status_code == 200
    manage = reverse("bookings:manage", args=[booking.manage_token])
    assert client.get(manage).status_code == 200
    assert "10:00" not in times(client)


def test_healthz_names_the_cache_as_degraded_and_stays_200(client, redis_cache):
    assert client.get("/healthz/").json()["cache"] == "ok"
    redis_cache.stop()
    response = client.get("/healthz/")
    assert response.status_code == 200
    body = response.json()
    assert body["status"] == "degraded"
    assert body["cache"].startswith("degraded")
    assert body["database"] == "ok"


def test_no_page_kept_from_before_an_outage_is_served_after_it(
    client, redis_cache, session_type, django_capture_on_commit_callbacks
):
    assert "10:00" in times(client)  # kept in Redis now, free at 10:00
    assert "10:00" in client.get("/book/headshot/?date=2030-01-09").content.decode()
    save_to_disk(redis_cache)
    kept = redis_keys(redis_cache)
    redis_cache.stop()

    # While Redis is away, 10:00 is booked (and the studio takes Wednesday afternoon off).
    with django_capture_on_commit_callbacks(execute=True):
        BookingFactory(session_type=session_type, start=wednesday("10:00"))

    redis_cache.start()  # back with everything it held before, the old versions too
    for _ in range(2):  # the first reads the database, the next the versions in Redis
        page = client.get("/book/headshot/?date=2030-01-09").content.decode()
        assert "10:00" not in page and "11:00" in page
    redis_cache.stop()
    assert "10:00" not in times(client)

    redis_cache.start()  # back with everything it held before, the old pages too
    assert redis_keys(redis_cache) >= kept
    assert "10:00" not in times(client)
    page = client.get("/book/headshot/?date=2030-01-09").content.decode()
    assert "10:00" not in page and "11:00" in page


def test_rate_limits_still_count_while_redis_is_down(client, redis_cache, session_type):
    redis_cache.stop()
    answers = [client.post("/book/headshot/details/", {}).status_code for _ in range(40)]
    assert 429 in answers  # counted in the process's own fallback cache
    assert all(code < 500 for code in answers)


def test_an_unreachable_redis_is_asked_again_only_after_a_pause(settings, monkeypatch):
    # A port nobody listens on: connecting is refused at once.
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    settings.CACHES = {
        "default": {
            "BACKEND": "studio.cache.FailSafeRedisCache",
            "LOCATION": f"redis://127.0.0.1:{port}/0",
        }
    }
    asked = []
    original = studio_cache.RedisCache.get

    def counting_get(self, *args, **kwargs):
        asked.append(args)
        return original(self, *args, **kwargs)

    monkeypatch.setattr(studio_cache.RedisCache, "get", counting_get)
    cache.set("greeting", "hello")
    assert caches["default"].degraded
    assert cache.get("greeting") == "hello"  # from the process's own fallback
    assert asked == []  # Redis is not asked again within RETRY_SECONDS
    monkeypatch.setattr(studio_cache, "RETRY_SECONDS", 0)
    cache.set("greeting", "again")  # Redis is asked again now, and fails again
    assert cache.get("greeting") == "again"  # Redis was asked, failed, the fallback answered
    assert len(asked) == 1
    assert caches["default"].degraded


def test_a_cached_hit_costs_no_query_with_the_versions_kept_in_redis(
    client, redis_cache, session_type, django_assert_num_queries
):
    for path in PUBLIC_PAGES:
        assert client.get(path).status_code == 200, path
    for path in PUBLIC_PAGES:
        with django_assert_num_queries(0):
            response = client.get(path)
        assert response.status_code == 200, path


def test_a_booking_shows_on_the_next_hit_once_it_commits(
    client, redis_cache, session_type, django_capture_on_commit_callbacks
):
    assert "10:00" in times(client)
    with django_capture_on_commit_callbacks(execute=True):
        BookingFactory(session_type=session_type, start=wednesday("10:00"))
    assert "10:00" not in times(client)
    assert "10:00" not in client.get("/book/headshot/?date=2030-01-09").content.decode()


def test_a_reader_never_puts_back_a_version_older_than_a_commit(redis_cache, session_type):
    from studio import content

    content._stored_versions((content.AVAILABILITY,))  # what a slow reader read
    stale = content._stored_versions((content.AVAILABILITY,))
    content._share_version(content.AVAILABILITY, 42)  # a write committed meanwhile
    cache.add(content.SHARED_PREFIX + content.AVAILABILITY, stale[0], 60)
    assert content.versions(content.AVAILABILITY) == (42,)
