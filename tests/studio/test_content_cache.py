"""Public content pages are served from the cache until the content changes."""

import pytest
from django.contrib.messages import constants
from django.contrib.messages.storage.base import Message
from django.contrib.messages.storage.cookie import CookieStorage
from django.http import HttpRequest

from studio.models import SessionType
from tests.factories import (
    GuideFactory,
    SessionTypeFactory,
    StaffUserFactory,
    StudioProfileFactory,
    TipFactory,
)

pytestmark = pytest.mark.django_db


def test_second_visit_costs_only_the_versions_query(client, django_assert_num_queries):
    StudioProfileFactory()
    SessionTypeFactory(name="Crisp headshot")
    assert "Crisp headshot" in client.get("/sessions/").content.decode()
    with django_assert_num_queries(1):
        response = client.get("/sessions/")
    assert response.status_code == 200
    assert "Crisp headshot" in response.content.decode()


def test_editing_a_session_type_shows_at_once(client):
    session_type = SessionTypeFactory(name="Crisp headshot")
    client.get("/sessions/")
    session_type.name = "Bright headshot"
    session_type.save()
    assert "Bright headshot" in client.get("/sessions/").content.decode()


def test_editing_a_tip_changes_its_guide_page(client):
    GuideFactory(slug="before", kind="")
    tip = TipFactory(title="Bring two tops")
    assert "Bring two tops" in client.get("/guides/before/").content.decode()
    tip.delete()
    assert "Bring two tops" not in client.get("/guides/before/").content.decode()


def test_visitor_with_a_pending_message_gets_their_own_page(client):
    SessionTypeFactory()
    client.get("/sessions/")  # cached now
    storage = CookieStorage(HttpRequest())
    client.cookies["messages"] = storage._encode([Message(constants.INFO, "Your booking moved.")])
    assert "Your booking moved." in client.get("/sessions/").content.decode()


def test_logged_in_staff_never_get_the_shared_page(client):
    StudioProfileFactory()
    session_type = SessionTypeFactory(name="Crisp headshot")
    client.get("/sessions/")
    # A change that bypasses signals: the shared page still says the old name...
    SessionType.objects.filter(pk=session_type.pk).update(name="Renamed quietly")
    assert "Crisp headshot" in client.get("/sessions/").content.decode()
    # ...while a logged-in photographer always sees the page rendered for them.
    client.force_login(StaffUserFactory())
    assert "Renamed quietly" in client.get("/sessions/").content.decode()


def test_each_process_keeps_only_its_most_recent_pages():
    from studio.content import _RecentPages

    recent = _RecentPages(2)
    recent.put("a", 1)
    recent.put("b", 2)
    assert recent.get("a") == 1  # used: now the most recent
    recent.put("c", 3)
    assert (recent.get("a"), recent.get("b"), recent.get("c")) == (1, None, 3)
