"""Export one client's data as a file; erase a client on request."""

import io
import json
import zipfile
from datetime import timedelta

import pytest
from django.test import TestCase
from django.utils import timezone

from bookings import services
from bookings.models import Booking, HistoryEntry, InspirationImage
from tests.factories import (
    BookingFactory,
    ClientFactory,
    InspirationImageFactory,
    IntakeResponseFactory,
    ReminderFactory,
)

pytestmark = pytest.mark.django_db
What = HistoryEntry.What


@pytest.fixture
def past_client(db):
    client = ClientFactory(name="Ada Lovelace", email="ada@example.com", phone="+44 7700 900123")
    client.private_notes = "Prefers mornings."
    client.save()
    booking = BookingFactory(
        client=client,
        start=timezone.now() - timedelta(days=10),
        status=Booking.Status.COMPLETED,
        notes="Navy backdrop please",
        purpose="LinkedIn",
        intake=IntakeResponseFactory(),
    )
    ReminderFactory(booking=booking)
    InspirationImageFactory(booking=booking)
    return client


def test_the_export_holds_bookings_answers_notes_emails_and_images_and_is_logged(past_client):
    data = services.export_client(client=past_client)
    archive = zipfile.ZipFile(io.BytesIO(data))
    content = json.loads(archive.read("data.json"))
    assert content["client"]["email"] == "ada@example.com"
    assert content["client"]["private_notes"] == "Prefers mornings."
    (booking,) = content["bookings"]
    assert booking["notes"] == "Navy backdrop please" and booking["answers"]
    assert booking["emails"] and booking["emails"][0]["kind"]
    (image,) = booking["images"]
    assert image["file"] in archive.namelist()
    assert HistoryEntry.objects.get(client=past_client).what == What.CLIENT_EXPORTED


def test_erasing_anonymises_deletes_images_and_keeps_bookings(past_client):
    image = InspirationImage.objects.get()
    storage, name = image.image.storage, image.image.name
    assert storage.exists(name)
    services.update_client(
        client=past_client, name="Ada L", email="ada@example.com", phone="07700 900123"
    )
    with TestCase.captureOnCommitCallbacks(execute=True):  # the files go once it commits
        services.erase_client(client=past_client)
    past_client.refresh_from_db()
    assert past_client.name == f"Erased client {past_client.pk}"
    assert (past_client.email, past_client.phone, past_client.private_notes) == (None, "", "")
    booking = Booking.objects.get()
    assert booking.client == past_client and booking.price  # kept for the accounts
    assert (booking.notes, booking.purpose) == ("", "")
    assert booking.intake.answers == {}
    assert not InspirationImage.objects.exists() and not storage.exists(name)
    entries = list(HistoryEntry.objects.filter(client=past_client).values_list("what", "summary"))
    assert entries == [(What.CLIENT_UPDATED, ""), (What.CLIENT_ERASED, "")]


def test_a_client_with_a_session_to_come_is_not_erased(db):
    client = ClientFactory()
    BookingFactory(client=client, start=timezone.now() + timedelta(days=3))
    with pytest.raises(services.BookingError):
        services.erase_client(client=client)
    client.refresh_from_db()
    assert not client.name.startswith("Erased")
