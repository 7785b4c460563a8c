"""The studio's alert switches, recipient and digest time, and its deposit instructions."""

from datetime import time

import pytest
from django.urls import reverse

from studio.models import StudioProfile

pytestmark = pytest.mark.django_db


def test_alert_settings_save_and_switch_kinds_off(staff_client, studio):
    url = reverse("dashboard:settings_alerts")
    page = staff_client.get(url)
    assert page.status_code == 200 and "Studio alerts" in page.content.decode()
    response = staff_client.post(
        url,
        {
            "alert_email": "owner@studio.example",
            "alert_new_booking": "on",
            "alert_cancelled": "on",
            "alert_digest": "on",
            "digest_time": "06:30",
        },
    )
    assert response.status_code == 302
    profile = StudioProfile.load()
    assert profile.alert_recipient == "owner@studio.example"
    assert (profile.alert_new_booking, profile.alert_pending, profile.alert_rescheduled) == (
        True,
        False,
        False,
    )
    assert profile.digest_time == time(6, 30)


def test_a_bad_alert_address_is_refused_beside_the_field(staff_client, studio):
    url = reverse("dashboard:settings_alerts")
    response = staff_client.post(url, {"alert_email": "not an address", "digest_time": "7"})
    assert response.status_code == 400
    assert response.context["form"].errors.keys() >= {"alert_email"}
    assert StudioProfile.load().alert_email == ""


def test_without_an_alert_address_alerts_go_to_the_studio_email(studio):
    assert StudioProfile.load().alert_recipient == studio.email


def test_rules_keep_the_studios_own_deposit_instructions(staff_client, studio):
    url = reverse("dashboard:settings_rules")
    form = staff_client.get(url).context["form"]
    data = {name: value for name, value in form.initial.items() if value is not None}
    data["require_confirmation"] = ""
    data["deposit_instructions"] = "Bank transfer: 12-34-56 12345678\nor pay on the day."
    assert staff_client.post(url, data).status_code == 302
    assert StudioProfile.load().deposit_instructions.endswith("or pay on the day.")


def test_a_failed_digest_is_listed_with_its_day_among_failed_emails(staff_client, studio):
    from datetime import date

    from django.utils import timezone

    from bookings.models import Reminder

    Reminder.objects.create(
        kind=Reminder.Kind.DIGEST,
        digest_day=date(2030, 1, 9),
        due_at=timezone.now(),
        state=Reminder.State.FAILED,
        last_error="SMTP 550: no such mailbox",
    )
    page = staff_client.get(reverse("dashboard:failed_emails")).content.decode()
    assert "Digest for Wednesday 9 January" in page and "SMTP 550" in page


def test_the_alerts_page_previews_tomorrow_s_digest(staff_client, studio):
    from datetime import datetime, timedelta

    from django.core import mail
    from django.utils import timezone

    from tests.factories import BookingFactory, ClientFactory

    tomorrow = timezone.localdate() + timedelta(days=1)
    start = datetime.combine(tomorrow, time(10), tzinfo=timezone.get_current_timezone())
    BookingFactory(start=start, client=ClientFactory(name="Preview Person"))
    page = staff_client.get(reverse("dashboard:settings_alerts")).content.decode()
    assert reverse("dashboard:settings_digest_preview") in page
    preview = staff_client.get(reverse("dashboard:settings_digest_preview"))
    assert preview.status_code == 200 and "Preview Person" in preview.content.decode()
    assert mail.outbox == []
