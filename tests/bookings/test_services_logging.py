"""Booking changes leave one structured log line each, with the reference and no personal data."""

import logging

import pytest

from bookings import services
from tests.bookings.booking_setup import NOW, headshot, open_studio, wednesday

pytestmark = pytest.mark.django_db

ADA = services.ClientDetails(name="Ada Lovelace", email="ada@example.com", phone="+44 7700 900123")


def events(caplog):
    return [
        r for r in caplog.records if r.name == "bookings" and r.getMessage().startswith("booking.")
    ]


def test_book_move_cancel_each_log_the_reference_only(caplog, django_capture_on_commit_callbacks):
    open_studio()
    session_type = headshot()
    caplog.set_level(logging.INFO, logger="bookings")
    with django_capture_on_commit_callbacks(execute=True):
        booking = services.book(
            session_type=session_type, start=wednesday("10:00"), client=ADA, now=NOW
        )
    with django_capture_on_commit_callbacks(execute=True):
        services.reschedule(booking=booking, start=wednesday("14:00"), now=NOW)
    with django_capture_on_commit_callbacks(execute=True):
        services.cancel(booking=booking, now=NOW)

    logged = events(caplog)
    assert [r.getMessage() for r in logged] == [
        "booking.created",
        "booking.rescheduled",
        "booking.cancelled",
    ]
    assert {r.reference for r in logged} == {booking.reference}
    assert logged[-1].status == "cancelled"
    text = " ".join(str(vars(r)) for r in logged)
    assert "ada@example.com" not in text and "Ada Lovelace" not in text


def test_lost_slot_is_logged_without_a_reference(caplog):
    open_studio()
    session_type = headshot()
    services.book(session_type=session_type, start=wednesday("10:00"), client=ADA, now=NOW)
    caplog.set_level(logging.INFO, logger="bookings")
    other = services.ClientDetails(name="Grace", email="grace@example.com")
    with pytest.raises(services.SlotTaken):
        services.book(session_type=session_type, start=wednesday("10:00"), client=other, now=NOW)
    assert [r.getMessage() for r in events(caplog)] == ["booking.slot_taken"]
