"""The facts about a booking are built once (`email_facts`): the client's email and the
studio's alert about the same booking state the same day, times and deposit."""

import pytest

from bookings.email_facts import booking_facts
from bookings.emails import Renderer, context_for
from bookings.models import Reminder
from bookings.studio_emails import alert_context
from tests.factories import BookingFactory, StudioProfileFactory

pytestmark = pytest.mark.django_db

SHARED = ("reference", "client_name", "date", "short_date", "start_time", "end_time", "people")


@pytest.mark.parametrize("clock", ["24h", "12h"])
def test_the_client_and_the_studio_read_the_same_facts(clock):
    studio = StudioProfileFactory(clock=clock, time_zone="Europe/London")
    booking = BookingFactory(notes="Window light, please.")
    facts = booking_facts(booking, studio)
    client_side = context_for(Reminder.Kind.CONFIRMATION, booking, Renderer(studio))
    alert = alert_context(Reminder(booking=booking, kind=Reminder.Kind.ALERT_NEW), studio)["alert"]
    for key in SHARED:
        assert client_side[key] == alert[key] == facts[key], key
    assert client_side["deposit_amount"] == alert["deposit"] == facts["deposit_amount"]
    assert client_side["zone"].startswith(alert["zone"])
