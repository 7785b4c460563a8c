from datetime import timedelta
from io import StringIO

import pytest
import time_machine
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command
from django.urls import reverse
from django.utils import timezone

from bookings.demo import SAMPLES
from bookings.models import Booking, Client, InspirationImage, IntakeResponse, Reminder
from guides.models import Guide, Tip
from studio.models import SessionKind, SessionType, StudioProfile, WorkingHours
from tests.factories import StaffUserFactory

pytestmark = pytest.mark.django_db


def snapshot():
    return {
        "studio": list(StudioProfile.objects.values_list("pk", "name")),
        "types": list(SessionType.objects.order_by("slug").values_list("slug", "kind", "price")),
        "hours": WorkingHours.objects.count(),
        "guides": Guide.objects.count(),
        "tips": Tip.objects.count(),
        "users": get_user_model().objects.count(),
    }


def test_seed_demo_is_idempotent(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    first = snapshot()
    call_command("seed_demo")
    assert snapshot() == first
    kinds = set(SessionType.objects.values_list("kind", flat=True))
    assert kinds == {SessionKind.HEADSHOT, SessionKind.PORTRAIT, SessionKind.HYBRID}
    assert get_user_model().objects.get(username=settings.STUDIO_DEMO_USERNAME).is_staff


def test_seed_demo_refuses_known_password_login_with_debug_off(settings):
    settings.DEBUG = False
    with pytest.raises(CommandError, match="Refusing"):
        call_command("seed_demo")
    assert not get_user_model().objects.exists()


def test_seed_demo_without_login_loads_content_in_production(settings):
    settings.DEBUG = False
    call_command("seed_demo", "--no-login")
    assert SessionType.objects.count() == 3
    assert not get_user_model().objects.exists()


def bookings_snapshot():
    return {
        "bookings": sorted(Booking.objects.values_list("idempotency_key", "start", "status")),
        "clients": Client.objects.count(),
        "reminders": Reminder.objects.count(),
        "intakes": IntakeResponse.objects.count(),
        "images": InspirationImage.objects.count(),
    }


def test_sample_bookings_fill_the_dashboard_past_and_coming(settings):
    settings.DEBUG = True
    call_command("seed_demo", "--no-login", stdout=StringIO())
    bookings = Booking.objects.filter(idempotency_key__startswith="demo-")
    assert bookings.count() == len(SAMPLES)
    now = timezone.now()
    statuses = {(b.status, b.start < now) for b in bookings}
    assert {
        (Booking.Status.COMPLETED, True),
        (Booking.Status.NO_SHOW, True),
        (Booking.Status.PENDING, False),
        (Booking.Status.CONFIRMED, False),
    } == statuses
    coming = bookings.filter(start__gt=now)
    assert all(b.start < now + timedelta(days=15) for b in coming)
    assert bookings.filter(intake__isnull=False).count() >= 5
    assert bookings.exclude(intake__answers={}).filter(intake__isnull=False).exists()
    assert bookings.filter(deposit_paid=True).exists()
    assert bookings.filter(deposit_paid=False, start__gt=now).exists()
    assert InspirationImage.objects.filter(booking__in=coming).count() == 1
    states = set(Reminder.objects.values_list("state", flat=True))
    assert {"sent", "failed", "pending", "skipped"} <= states
    # What was due before now has gone out (or bounced); nothing in the past waits to be sent.
    assert not Reminder.objects.filter(state="pending", due_at__lt=now - timedelta(hours=1))
    assert all(c.email.endswith("@example.com") for c in Client.objects.all())
    # Booked on different days: past sessions weeks ago, coming ones over the last days,
    # their confirmations long sent.
    assert bookings.filter(created_at__lt=now - timedelta(days=14)).exists()
    assert bookings.filter(created_at__gt=now - timedelta(days=7)).count() < len(SAMPLES)
    sent = Reminder.objects.filter(booking__in=coming, kind="confirmation", state="sent")
    assert sent.exists()


def test_sample_bookings_are_made_once_even_a_week_later(settings):
    settings.DEBUG = True
    call_command("seed_demo", "--no-login", stdout=StringIO())
    first = bookings_snapshot()
    with time_machine.travel(timezone.now() + timedelta(days=7)):
        call_command("seed_demo", "--no-login", stdout=StringIO())
    assert bookings_snapshot() == first


def test_sample_bookings_can_be_left_out(settings):
    settings.DEBUG = True
    call_command("seed_demo", "--no-login", "--no-bookings", stdout=StringIO())
    assert not Booking.objects.exists()
    assert SessionType.objects.count() == 3


def test_no_sample_bookings_with_debug_off(settings):
    settings.DEBUG = False
    out = StringIO()
    call_command("seed_demo", "--no-login", stdout=out)
    assert not Booking.objects.exists()
    assert "only with DEBUG on" in out.getvalue()


def test_dashboard_shows_the_sample_week(settings, client):
    settings.DEBUG = True
    call_command("seed_demo", "--no-login", stdout=StringIO())
    client.force_login(StaffUserFactory())
    html = client.get(reverse("dashboard:bookings")).content.decode()
    for booking in Booking.objects.filter(start__gt=timezone.now()):
        assert booking.client.name.replace("&", "&amp;") in html
