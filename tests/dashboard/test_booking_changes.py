"""The booking page's "change type, people or place" and "restore" forms."""

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bookings import services
from bookings.models import Booking, HistoryEntry
from studio.models import SessionType
from tests.factories import (
    BookingFactory,
    SessionTypeFactory,
    TimeOffFactory,
    WorkingHoursFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def types(studio):
    for weekday in range(7):
        WorkingHoursFactory(weekday=weekday, start=time(9), end=time(17))
    short = SessionTypeFactory(name="Studio headshot", duration_minutes=60, max_people=2)
    long = SessionTypeFactory(
        name="Family outdoors",
        duration_minutes=120,
        max_people=6,
        location=SessionType.Location.EITHER,
    )
    return short, long


def _at(days, hour):
    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


def booked(session_type, days=5, hour=10):
    return services.book_for_studio(
        session_type=session_type,
        start=_at(days, hour),
        client=services.ClientDetails("Ada", "ada@example.com", ""),
    ).booking


def data(booking, **extra):
    values = {
        "change-session_type": booking.session_type_id,
        "change-people": booking.people,
        "change-location": "",
        "change-notify": "on",
    }
    values.update(extra)
    return values


def test_the_type_people_and_place_change_from_the_booking_page(staff_client, types):
    short, long = types
    booking = booked(short)
    url = reverse("dashboard:booking_change", args=[booking.reference])
    extra = {
        "change-session_type": long.pk,
        "change-people": "4",
        "change-on_location": "on",
        "change-location": "Kew Gardens",
    }
    response = staff_client.post(url, data(booking, **extra))
    assert response.status_code == 302
    booking.refresh_from_db()
    assert (booking.session_type, booking.people, booking.location) == (long, 4, "Kew Gardens")
    page = staff_client.get(response["Location"]).content.decode()
    assert "Changes since booking" in page and "People: 1 → 4" in page


def test_a_change_over_time_off_asks_to_book_anyway_by_name(staff_client, types):
    short, long = types
    booking = booked(short)
    TimeOffFactory(start=_at(5, 11), end=_at(5, 12))
    url = reverse("dashboard:booking_change", args=[booking.reference])
    response = staff_client.post(url, data(booking, **{"change-session_type": long.pk}))
    assert response.status_code == 400
    assert "Book anyway, during time off" in response.content.decode()
    booking.refresh_from_db()
    assert booking.session_type == short
    allowed = data(booking, **{"change-session_type": long.pk, "change-allow": "time_off"})
    assert staff_client.post(url, allowed).status_code == 302
    booking.refresh_from_db()
    assert booking.session_type == long


def test_a_change_over_another_booking_names_it(staff_client, types):
    short, long = types
    booking = booked(short)
    other = BookingFactory(session_type=short, start=_at(5, 11))
    url = reverse("dashboard:booking_change", args=[booking.reference])
    response = staff_client.post(url, data(booking, **{"change-session_type": long.pk}))
    assert response.status_code == 409
    assert other.reference in response.content.decode()


def test_bad_input_is_a_form_error(staff_client, types):
    short, _long = types
    booking = booked(short)
    url = reverse("dashboard:booking_change", args=[booking.reference])
    response = staff_client.post(url, data(booking, **{"change-people": "lots"}))
    assert response.status_code == 400
    too_many = staff_client.post(url, data(booking, **{"change-people": "9"}))
    html = too_many.content.decode()
    assert too_many.status_code == 400
    assert "Book anyway, more people than the session takes" in html


def test_a_cancelled_booking_is_restored_from_its_page(staff_client, types):
    short, _long = types
    booking = booked(short)
    services.cancel(booking=booking, by_studio=True)
    page = staff_client.get(reverse("dashboard:booking", args=[booking.reference]))
    assert "Restore the booking" in page.content.decode()
    url = reverse("dashboard:booking_restore", args=[booking.reference])
    response = staff_client.post(url, {"restore-notify": "on"})
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.history.get().what == HistoryEntry.What.RESTORED


def test_restoring_over_a_new_booking_is_refused_with_its_name(staff_client, types):
    short, _long = types
    booking = booked(short)
    services.cancel(booking=booking, by_studio=True)
    other = booked(short)
    url = reverse("dashboard:booking_restore", args=[booking.reference])
    response = staff_client.post(url, {"restore-notify": "on"})
    assert response.status_code == 409 and other.reference in response.content.decode()


def test_the_booking_page_shows_the_client_s_private_notes(staff_client, types):
    short, _long = types
    booking = booked(short)
    booking.client.private_notes = "Hates flash."
    booking.client.save()
    page = staff_client.get(reverse("dashboard:booking", args=[booking.reference]))
    assert "Hates flash." in page.content.decode()
