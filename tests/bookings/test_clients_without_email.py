"""Clients booked by phone alone: stored without an email, never emailed, called instead."""

import re
from datetime import date, time

import pytest
from django.core import mail
from django.db import IntegrityError, transaction

from bookings import services
from bookings.models import Client, Reminder
from bookings.reminders import plan_digest, send_due
from bookings.reminders.current import SKIP_NO_CLIENT_ADDRESS
from studio.models import SessionType
from tests.bookings.booking_setup import NOW, headshot, open_studio, wednesday
from tests.bookings.test_alerts import at_london
from tests.factories import BookingFactory, ClientFactory

pytestmark = pytest.mark.django_db
PHONE_ONLY = services.ClientDetails(name="Mo Phone", email="", phone="07700 900123")


@pytest.fixture
def studio(db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    return open_studio(
        email="hello@studio.example", quiet_hours_start=time(0), quiet_hours_end=time(0)
    )


def book_by_phone(start=None, details=PHONE_ONLY):
    return services.book_for_studio(
        session_type=SessionType.objects.first() or headshot(),
        start=start or wednesday("10:00"),
        client=details,
        now=NOW,
    ).booking


def test_a_phone_only_client_is_booked_and_stored_without_an_email(studio):
    booking = book_by_phone()
    client = booking.client
    assert client.email is None and client.phone == "+44 7700 900123"
    assert booking.reminders.filter(kind=Reminder.Kind.CONFIRMATION).exists()


def test_two_phone_only_clients_never_clash_on_the_unique_email(studio):
    first = book_by_phone(wednesday("10:00"))
    second = book_by_phone(
        wednesday("14:00"), services.ClientDetails(name="Other", email="", phone="07700 900999")
    )
    assert first.client_id != second.client_id
    assert Client.objects.filter(email__isnull=True).count() == 2


def test_an_empty_email_is_stored_as_none_and_a_blank_one_is_refused_by_the_database(studio):
    client = Client.objects.create(name="Blank", email="  ", phone="1")
    assert client.email is None
    with pytest.raises(IntegrityError), transaction.atomic():
        Client.objects.filter(pk=client.pk).update(email="")


def test_emails_stay_unique_where_given(studio):
    ClientFactory(email="Same@Example.com")
    with pytest.raises(IntegrityError), transaction.atomic():
        ClientFactory(email="same@example.com")


def test_neither_email_nor_phone_is_refused(studio):
    with pytest.raises(services.InvalidDetails):
        book_by_phone(details=services.ClientDetails(name="Nobody", email="", phone=""))


def test_a_client_booking_online_still_needs_an_email(studio):
    with pytest.raises(services.InvalidDetails):
        services.book(session_type=headshot(), start=wednesday("10:00"), client=PHONE_ONLY, now=NOW)


def test_nothing_is_emailed_to_a_client_without_an_email(studio):
    booking = book_by_phone()
    send_due(now=NOW)
    assert mail.outbox == []
    confirmation = booking.reminders.get(kind=Reminder.Kind.CONFIRMATION)
    assert confirmation.state == Reminder.State.SKIPPED
    assert confirmation.last_error == SKIP_NO_CLIENT_ADDRESS


def test_the_digest_says_to_call_a_client_without_email(studio):
    session_type = headshot()
    BookingFactory(
        session_type=session_type,
        start=wednesday("09:00"),
        client=ClientFactory(name="Mo Phone", email=None, phone="07700 900123"),
    )
    BookingFactory(session_type=session_type, start=wednesday("11:00"))
    day = date(2030, 1, 9)
    plan_digest(now=at_london(day, "07:00"))
    send_due(now=at_london(day, "07:00"))
    (message,) = mail.outbox
    assert len(re.findall("No email address: call to remind them.", message.body)) == 1
    html = message.alternatives[0][0]
    assert html.count("No email address: call to remind them.") == 1


def test_the_client_s_private_notes_are_in_the_digest_beside_the_booking_s(studio):
    client = ClientFactory(name="Noted", private_notes="Hates flash.")
    BookingFactory(
        session_type=headshot(),
        start=wednesday("09:00"),
        client=client,
        private_notes="Bring the grey backdrop.",
    )
    day = date(2030, 1, 9)
    plan_digest(now=at_london(day, "07:00"))
    send_due(now=at_london(day, "07:00"))
    (message,) = mail.outbox
    assert "Your notes on the client: Hates flash." in message.body
    assert "Your notes on this booking: Bring the grey backdrop." in message.body
