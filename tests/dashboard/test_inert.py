"""Whatever clients and editors type is shown as text on every dashboard page, never run."""

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bookings.models import Reminder
from tests.factories import (
    BookingFactory,
    ClientFactory,
    GuideFactory,
    InspirationImageFactory,
    IntakeResponseFactory,
    ReminderFactory,
    SessionTypeFactory,
    TimeOffFactory,
    TipFactory,
)

pytestmark = pytest.mark.django_db

SCRIPT = '<script>alert("x")</script>'
ONERROR = "<img src=x onerror=alert(1)>"
BREAKOUT = '"><svg onload=alert(2)>'
PAYLOAD = f"{SCRIPT}{ONERROR}{BREAKOUT}"
LIVE = ("<script>alert", "<img src=x", "<svg onload")


@pytest.fixture
def hostile(studio):
    intake = IntakeResponseFactory(
        answers={"uses": [PAYLOAD], "notes": PAYLOAD, "place_detail": PAYLOAD, PAYLOAD: PAYLOAD},
        reasons=[PAYLOAD],
        notes=[PAYLOAD],
    )
    now = timezone.localtime(timezone.now(), studio.tz)
    booking = BookingFactory(
        start=now.replace(hour=9, minute=0, second=0, microsecond=0) + timedelta(days=1),
        client=ClientFactory(name=f"Mallory {PAYLOAD}", phone=ONERROR, private_notes=PAYLOAD),
        session_type=SessionTypeFactory(name=f"Type {PAYLOAD}"),
        notes=PAYLOAD,
        purpose=PAYLOAD,
        intake=intake,
    )
    InspirationImageFactory(booking=booking, original_name=PAYLOAD)
    ReminderFactory(booking=booking, state=Reminder.State.FAILED, last_error=PAYLOAD)
    TimeOffFactory(reason=PAYLOAD)
    tip = TipFactory(title=PAYLOAD, body=PAYLOAD)
    guide = GuideFactory(title=PAYLOAD)
    return booking, tip, guide


def test_user_text_is_escaped_on_every_page(staff_client, hostile):
    booking, tip, guide = hostile
    tomorrow = (booking.start + timedelta(hours=0)).date().isoformat()
    urls = [
        reverse("dashboard:home"),
        reverse("dashboard:bookings"),
        reverse("dashboard:failed_emails"),
        reverse("dashboard:calendar") + f"?month={tomorrow[:7]}",
        reverse("dashboard:calendar_week") + f"?date={tomorrow}",
        reverse("dashboard:booking", args=[booking.reference]),
        reverse("dashboard:clients"),
        reverse("dashboard:clients") + "?q=Mallory",
        reverse("dashboard:client", args=[booking.client_id]),
        reverse("dashboard:settings_time_off"),
        reverse("dashboard:session_types"),
        reverse("dashboard:guides"),
        reverse("dashboard:tip_edit", args=[tip.pk]),
        reverse("dashboard:guide_edit", args=[guide.pk]),
    ]
    for url in urls:
        html = staff_client.get(url).content.decode()
        for live in LIVE:
            assert live not in html, f"{live} is live on {url}"
        assert "&lt;script&gt;" in html or "&lt;img" in html, f"payload not shown on {url}"


def test_markdown_preview_drops_script_and_handlers(staff_client, hostile):
    _booking, tip, _guide = hostile
    html = staff_client.get(reverse("dashboard:tip_edit", args=[tip.pk])).content.decode()
    preview = html.split('id="preview-heading"')[1].split("</section>")[0]
    body = preview.split("</h3>", 1)[1]
    assert "<script" not in body and "onerror" not in body and "<svg" not in body
