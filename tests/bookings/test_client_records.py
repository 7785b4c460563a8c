"""Editing and merging clients, and booking over an email already on file."""

from datetime import time

import pytest

from bookings import services
from bookings.models import Booking, Client, HistoryEntry
from studio.models import SessionType
from tests.bookings.booking_setup import NOW, headshot, open_studio, wednesday
from tests.factories import BookingFactory, ClientFactory

pytestmark = pytest.mark.django_db
What = HistoryEntry.What


@pytest.fixture
def studio(db):
    return open_studio(quiet_hours_start=time(0), quiet_hours_end=time(0))


def test_update_changes_the_details_and_leaves_one_history_row_naming_them(studio):
    client = ClientFactory(name="Ann Old", email="ann@example.com", phone="")
    services.update_client(
        client=client, name="Ann New", email="ann@example.com", phone="07700 900123"
    )
    client.refresh_from_db()
    assert (client.name, client.phone) == ("Ann New", "+44 7700 900123")
    (entry,) = HistoryEntry.objects.filter(client=client)
    assert entry.what == What.CLIENT_UPDATED
    assert entry.summary == "Name: Ann Old → Ann New; Phone: none → +44 7700 900123"


def test_update_without_a_change_writes_no_history(studio):
    client = ClientFactory(name="Ann", email="ann@example.com", phone="1")
    services.update_client(client=client, name="Ann", email="ann@example.com", phone="1")
    assert not HistoryEntry.objects.exists()


def test_update_refuses_an_email_another_client_has(studio):
    ClientFactory(email="taken@example.com")
    client = ClientFactory(email="mine@example.com")
    with pytest.raises(services.InvalidDetails):
        services.update_client(client=client, name="X", email="TAKEN@example.com", phone="")
    client.refresh_from_db()
    assert client.email == "mine@example.com"


def test_update_may_remove_the_email_when_a_phone_is_kept(studio):
    client = ClientFactory(email="gone@example.com", phone="07700 900123")
    services.update_client(client=client, name=client.name, email="", phone=client.phone)
    client.refresh_from_db()
    assert client.email is None


def test_merge_moves_bookings_notes_and_history_and_loses_nothing(studio):
    keep = ClientFactory(name="Ann Lee", email=None, phone="", private_notes="Likes blue.")
    duplicate = ClientFactory(
        name="Annie Lee", email="annie@example.com", phone="07700 900123", private_notes="Tall."
    )
    bookings = [
        BookingFactory(client=duplicate, start=wednesday("10:00")),
        BookingFactory(client=keep, start=wednesday("14:00")),
    ]
    services.update_client(
        client=duplicate, name="Annie Lee", email="annie@example.com", phone="07700 900124"
    )
    merged = services.merge_clients(keep=keep, duplicate=duplicate)
    assert not Client.objects.filter(pk=duplicate.pk).exists()
    assert {b.client_id for b in Booking.objects.filter(pk__in=[b.pk for b in bookings])} == {
        keep.pk
    }
    assert merged.email == "annie@example.com" and merged.phone == "+44 7700 900124"
    assert "Likes blue." in merged.private_notes and "Tall." in merged.private_notes
    assert "name Annie Lee" in merged.private_notes
    whats = list(HistoryEntry.objects.filter(client=keep).values_list("what", flat=True))
    assert whats == [What.CLIENT_UPDATED, What.CLIENT_MERGED]
    assert "1 booking(s) moved" in HistoryEntry.objects.get(what=What.CLIENT_MERGED).summary


def test_merge_keeps_a_second_email_in_the_notes(studio):
    keep = ClientFactory(email="one@example.com")
    duplicate = ClientFactory(email="two@example.com")
    merged = services.merge_clients(keep=keep, duplicate=duplicate)
    assert merged.email == "one@example.com" and "email two@example.com" in merged.private_notes


def test_a_client_cannot_be_merged_with_themselves(studio):
    client = ClientFactory()
    with pytest.raises(services.BookingError):
        services.merge_clients(keep=client, duplicate=client)


def _book(details, on_file="ask"):
    return services.book_for_studio(
        session_type=SessionType.objects.first() or headshot(),
        start=wednesday("10:00"),
        client=details,
        on_file=on_file,
        now=NOW,
    ).booking


TYPED = services.ClientDetails(name="Ann Typed", email="ANN@example.com", phone="07700 900999")


def test_an_email_on_file_with_other_details_is_asked_about_and_nothing_is_booked(studio):
    on_file = ClientFactory(name="Ann Filed", email="ann@example.com", phone="")
    with pytest.raises(services.ClientOnFile) as refusal:
        _book(TYPED)
    assert refusal.value.client == on_file and refusal.value.typed.name == "Ann Typed"
    assert not Booking.objects.exists()


def test_use_as_is_books_the_record_unchanged(studio):
    on_file = ClientFactory(name="Ann Filed", email="ann@example.com", phone="")
    booking = _book(TYPED, on_file="use")
    on_file.refresh_from_db()
    assert booking.client == on_file and on_file.name == "Ann Filed"
    assert not HistoryEntry.objects.exists()


def test_update_books_with_the_typed_details_on_the_client_s_history(studio):
    on_file = ClientFactory(name="Ann Filed", email="ann@example.com", phone="")
    booking = _book(TYPED, on_file="update")
    on_file.refresh_from_db()
    assert booking.client == on_file
    assert (on_file.name, on_file.phone, on_file.email) == (
        "Ann Typed",
        "+44 7700 900999",
        "ann@example.com",
    )
    assert HistoryEntry.objects.get().what == What.CLIENT_UPDATED


def test_the_same_details_book_the_record_without_asking(studio):
    on_file = ClientFactory(name="Ann Typed", email="ann@example.com", phone="+44 7700 900999")
    assert _book(TYPED).client == on_file
