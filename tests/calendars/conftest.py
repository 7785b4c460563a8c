import pytest

from .server import FeedServer


@pytest.fixture
def feeds(settings):
    """A calendar server on loopback, which the reader may reach for the test."""
    settings.CALENDAR_FETCH_ALLOW_PRIVATE = True
    settings.CALENDAR_FETCH_TIMEOUT = 5.0
    server = FeedServer().start()
    try:
        yield server
    finally:
        server.stop()
