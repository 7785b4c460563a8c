"""Every dashboard URL refuses anonymous visitors (login page) and non-staff (403)."""

from datetime import date

import pytest
from django.urls import reverse

from dashboard import urls as dashboard_urls
from studio.models import TimeOffSeries
from tests.factories import (
    BookingFactory,
    CalendarFactory,
    GuideFactory,
    InspirationImageFactory,
    ReminderFactory,
    TimeOffFactory,
    TipFactory,
)

pytestmark = pytest.mark.django_db

# The feed is for calendar apps, which cannot log in: its secret key is the pass.
KEY_PROTECTED = {"feed"}


@pytest.fixture
def objects(studio):
    image = InspirationImageFactory(booking=BookingFactory(reference="HS-ACC01"))
    booking = image.booking
    reminder = ReminderFactory(booking=booking)
    return {
        "reference": booking.reference,
        "image": image.pk,
        "client": booking.client_id,
        "guide": GuideFactory().pk,
        "tip": TipFactory().pk,
        "time_off": TimeOffFactory().pk,
        "series": TimeOffSeries.objects.create(
            first_day=date(2030, 1, 4), until=date(2030, 2, 1)
        ).pk,
        "reminder": reminder.pk,
        "session_type": booking.session_type_id,
        "calendar": CalendarFactory().pk,
    }


def _args(name, objects):
    by_name = {
        "booking": [objects["reference"]],
        "booking_image": [objects["reference"], objects["image"]],
        "booking_thumb": [objects["reference"], objects["image"]],
        "client": [objects["client"]],
        "client_notes": [objects["client"]],
        "client_edit": [objects["client"]],
        "client_merge": [objects["client"]],
        "client_data_export": [objects["client"]],
        "client_erase": [objects["client"]],
        "guide_edit": [objects["guide"]],
        "tip_edit": [objects["tip"]],
        "tip_delete": [objects["tip"]],
        "session_type_edit": [objects["session_type"]],
        "settings_time_off_delete": [objects["time_off"]],
        "settings_time_off_series_delete": [objects["series"]],
        "settings_calendar_edit": [objects["calendar"]],
        "settings_calendar_refresh": [objects["calendar"]],
        "settings_calendar_delete": [objects["calendar"]],
    }
    for action in ACTIONS:
        by_name.setdefault(action, [objects["reference"]])
    by_name["booking_resend"] = [objects["reference"], objects["reminder"]]
    return by_name.get(name, [])


# POST-only actions on a booking, present once the booking services are merged.
ACTIONS = {
    "booking_confirm",
    "booking_deposit",
    "booking_refund",
    "booking_take_payment",
    "booking_change_price",
    "booking_reschedule",
    "booking_cancel",
    "booking_outcome",
    "booking_notes",
    "booking_resend",
    "booking_change",
    "booking_restore",
}
# Pages that need a choice made elsewhere: without one, back to where it is made.
BACK_WITHOUT_A_CHOICE = {"client_merge"}


def dashboard_names():
    return sorted(
        pattern.name for pattern in dashboard_urls.urlpatterns if pattern.name not in KEY_PROTECTED
    )


def all_urls(objects):
    return [
        (name, reverse(f"dashboard:{name}", args=_args(name, objects)))
        for name in dashboard_names()
    ]


def test_the_list_covers_every_dashboard_url():
    assert len(dashboard_names()) >= 25


@pytest.mark.parametrize("method", ["get", "post"])
def test_anonymous_visitors_are_sent_to_the_login_page(client, objects, method):
    for name, url in all_urls(objects):
        response = getattr(client, method)(url)
        assert response.status_code == 302, name
        assert response["Location"].startswith(reverse("login") + "?next="), name


@pytest.mark.parametrize("method", ["get", "post"])
def test_logged_in_non_staff_get_403(member_client, objects, method):
    for name, url in all_urls(objects):
        response = getattr(member_client, method)(url)
        assert response.status_code == 403, name
        assert b"for the studio team" in response.content, name


def test_inactive_staff_are_refused(client, staff_user, objects):
    client.force_login(staff_user)
    staff_user.is_active = False
    staff_user.save()
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 302  # an inactive user's session no longer authenticates


def test_staff_reach_every_page(staff_client, objects):
    post_only = {
        "tip_delete",
        "settings_time_off_delete",
        "settings_time_off_series_delete",
        "settings_calendar_feed_rotate",
        "client_notes",
    }
    post_only |= {"settings_calendar_refresh", "settings_calendar_delete"}
    post_only |= {"settings_recovery_codes"}
    post_only |= ACTIONS - {"booking_reschedule"}
    for name, url in all_urls(objects):
        response = staff_client.get(url)
        expected = 405 if name in post_only else 302 if name in BACK_WITHOUT_A_CHOICE else 200
        assert response.status_code == expected, name
        if name not in post_only and name not in BACK_WITHOUT_A_CHOICE:
            assert response["Cache-Control"].startswith("max-age=0")
            assert "private" in response["Cache-Control"]


def test_changes_need_a_csrf_token(client, staff_user, objects):
    from tests.staff import StudioClient

    csrf_client = StudioClient(enforce_csrf_checks=True)
    csrf_client.force_login(staff_user)
    for name in ("settings_calendar_feed_rotate", "tip_delete", "settings_profile"):
        response = csrf_client.post(reverse(f"dashboard:{name}", args=_args(name, objects)))
        assert response.status_code == 403, name
