"""Every dashboard page runs the same number of queries with 10 bookings as with 2,000."""

import pytest
from django.conf import settings as django_settings
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from bookings.models import Booking, Client
from dashboard import services
from guides.models import Guide
from studio.content import AVAILABILITY, CONTENT, versions
from tests.dbstate import forget_caches, rows_for_module, undone
from tests.factories import InspirationImageFactory, StaffUserFactory, StudioProfileFactory
from tests.staff import StudioClient as DjangoClient

from .data import add_bookings, session_types

pytestmark = pytest.mark.django_db

# Page -> the most queries it may run (plus SIGN_IN): 4 of them are session, user and the
# studio profile (read by the access check and by the context processor). Pages listing
# bookings read the photographer's calendar busy time once more, for the clash flags.
# The staff member's second-factor device, read with the session (django-otp's middleware).
SIGN_IN = 1
PAGES = {
    "home": 9,
    "bookings": 7,
    "bookings?show=pending": 7,
    "bookings?show=new": 7,
    "bookings?show=past": 7,
    "bookings?show=all": 7,
    "bookings?show=all&q=c1&status=confirmed&kind=headshot&unpaid=on&first=2000-01-01": 7,
    "bookings?q=5550100": 7,
    "booking_new": 11,
    "booking_new?q=C&client={client}&date=2030-01-09&time=10:00": 13,
    "block_time": 10,
    "failed_emails": 5,
    "calendar": 8,
    "calendar_week": 8,
    "booking": 14,  # + the money taken offline, its changes, the types it can change to, the record
    "booking_image": 4,
    "booking_reschedule": 10,
    "client": 9,  # + possible duplicates, the client's changes, the record of staff changes
    "clients": 6,
    "clients?q=example": 6,
    "clients_export": 4,
    "settings_profile": 4,
    "settings_rules": 4,
    "settings_reminders": 5,  # + how many planned reminders a new timing can move
    "settings_alerts": 4,
    "settings_hours": 5,
    "settings_time_off": 5,
    "settings_calendar_feed": 4,
    "settings_calendars": 5,
    "session_types": 5,
    "session_type_edit": 5,
    "guides": 6,
    "guide_edit": 5,
    "staff_actions": 6,
    "insights": 11,  # + deposits, refunds and money taken per month
    "feed": 4,  # 2, + session and user: this test's client is signed in (a calendar app is not)
}


def _url(page, first_booking, guide):
    name, _, query = page.partition("?")
    args = {
        "booking": [first_booking.reference],
        "booking_image": [first_booking.reference, first_booking.images.first().pk],
        "booking_reschedule": [first_booking.reference],
        "client": [first_booking.client_id],
        "guide_edit": [guide.pk],
        "session_type_edit": [first_booking.session_type_id],
        "feed": [services.rotate_feed_key() if name == "feed" else None],
    }.get(name, [])
    query = query.replace("{client}", str(first_booking.client_id))
    return reverse(f"dashboard:{name}", args=args) + (f"?{query}" if query else "")


def _count(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
        assert response.status_code == 200, url
        if response.streaming:
            b"".join(response.streaming_content)
        else:
            assert response.content
    return len(context.captured_queries)


@pytest.fixture(scope="module")
def counted(django_db_setup, django_db_blocker, tmp_path_factory):
    """Every page's query count with 10 bookings, then 1,990 more of the same shape added:
    made once for the module (tests/dbstate.py), each test counting its page again.

    Returns (client logged in as the photographer, first booking, guide, counts with 10).
    """
    media = tmp_path_factory.mktemp("queries-media")
    storages = {
        **django_settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    with (
        override_settings(
            STORAGES=storages,
            MEDIA_ROOT=str(media / "media"),
            PRIVATE_MEDIA_ROOT=str(media / "private"),
        ),
        rows_for_module(django_db_blocker),
    ):
        versions(CONTENT, AVAILABILITY)
        StudioProfileFactory()
        client = DjangoClient()
        client.force_login(StaffUserFactory(username="photographer"))
        types = session_types()
        clients = list(
            Client.objects.bulk_create(
                Client(name=f"C{i}", email=f"c{i}@example.com") for i in range(5)
            )
        )
        first = add_bookings(10, types=types, clients=clients)[0]
        InspirationImageFactory(booking=first)
        guide = Guide.objects.create(title="Guide", slug="guide")
        first = Booking.objects.get(pk=first.pk)
        small = {}
        for name in PAGES:
            forget_caches()  # as at the start of a test
            with undone():  # a page that writes (the feed's new key) leaves nothing behind
                small[name] = _count(client, _url(name, first, guide))
        add_bookings(1990, offset=10, types=types, clients=clients)
        for _ in range(4):
            InspirationImageFactory(booking=first)
        yield client, first, guide, small


@pytest.fixture
def _isolated_media(counted):
    """The module's media folders (counted), for the files its bookings already have."""


@pytest.mark.parametrize("name", PAGES)
def test_page_query_count_is_constant(counted, name, django_assert_max_num_queries):
    client, first, guide, small = counted
    url = _url(name, first, guide)
    assert Booking.objects.count() == 2000
    with django_assert_max_num_queries(PAGES[name] + SIGN_IN):
        large = _count(client, url)
    assert small[name] == large, f"{name}: {small[name]} with 10 bookings, {large} with 2,000"
