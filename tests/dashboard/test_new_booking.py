"""The photographer books a client from the dashboard: the same services, rules and constraint."""

from datetime import datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from bookings.models import Booking, Client, Reminder
from tests.factories import (
    BookingFactory,
    ClientFactory,
    SessionTypeFactory,
    TimeOffFactory,
    WorkingHoursFactory,
)

pytestmark = pytest.mark.django_db
URL = reverse("dashboard:booking_new")


@pytest.fixture
def session_type(studio):
    for weekday in range(7):
        WorkingHoursFactory(weekday=weekday, start=time(9), end=time(17))
    return SessionTypeFactory(name="Studio headshot", duration_minutes=60, deposit=50)


def _at(days, hour, minute=0):
    tz = timezone.get_current_timezone()
    day = timezone.localdate(timezone.now()) + timedelta(days=days)
    return datetime.combine(day, time(hour, minute), tzinfo=tz)


def form_data(session_type, start, /, **extra):
    data = {
        "client": "",
        "name": "Mo Phone",
        "email": "mo@example.com",
        "phone": "+44 7700 900123",
        "session_type": session_type.pk,
        "date": start.date().isoformat(),
        "time": start.strftime("%H:%M"),
        "people": "1",
        "notes": "Called on Tuesday; wants a navy backdrop.",
        "notify": "on",
        "key": "k" * 24,
    }
    data.update(extra)
    return {key: value for key, value in data.items() if value is not None}


def test_links_pre_fill_the_day_time_and_client(staff_client, session_type):
    client = ClientFactory(name="Known Person")
    response = staff_client.get(URL, {"date": "2030-01-09", "time": "10:30", "client": client.pk})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'value="2030-01-09"' in html and 'value="10:30"' in html
    assert f'value="{client.pk}" checked' in html and "Known Person" in html


@pytest.mark.parametrize("client_id", ["-1", "²", "99999999999999999999", "1 OR 1=1", ""])
def test_unreadable_pre_fills_are_ignored(staff_client, session_type, client_id):
    query = {"date": "2030-13-45", "time": "xx:yy", "client": client_id, "type": client_id}
    response = staff_client.get(URL, query)
    assert response.status_code == 200
    assert response.context["chosen"] is None


def test_a_new_phone_client_is_booked_confirmed_with_the_confirmation_planned(
    staff_client, session_type, studio
):
    studio.require_confirmation = True
    studio.save()
    start = _at(3, 10)
    response = staff_client.post(URL, form_data(session_type, start, deposit_paid="on"))
    booking = Booking.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("dashboard:booking", args=[booking.reference])
    assert booking.status == Booking.Status.CONFIRMED
    assert booking.start == start and booking.deposit_paid
    assert booking.client.phone == "+44 7700 900123"
    assert booking.notes.startswith("Called on Tuesday")
    confirmation = booking.reminders.get(kind=Reminder.Kind.CONFIRMATION)
    assert confirmation.state == Reminder.State.PENDING


def test_without_the_box_the_client_gets_no_confirmation(staff_client, session_type):
    staff_client.post(URL, form_data(session_type, _at(3, 10), notify=None))
    confirmation = Booking.objects.get().reminders.get(kind=Reminder.Kind.CONFIRMATION)
    assert confirmation.state == Reminder.State.SKIPPED


def test_an_existing_client_is_booked_as_is(staff_client, session_type):
    client = ClientFactory(name="Known Person", email="known@example.com")
    data = form_data(session_type, _at(3, 10), client=str(client.pk), name="", email="")
    response = staff_client.post(URL, data)
    assert response.status_code == 302
    assert Booking.objects.get().client == client
    assert Client.objects.count() == 1


def test_sending_the_form_twice_books_once(staff_client, session_type):
    data = form_data(session_type, _at(3, 10))
    first = staff_client.post(URL, data)
    second = staff_client.post(URL, data)
    assert first["Location"] == second["Location"]
    assert Booking.objects.count() == 1


@pytest.mark.parametrize(
    "forged", ["999999", "abc", "1 OR 1=1", "-1", "1e3", "99999999999999999999", "²"]
)
def test_a_forged_client_id_is_a_form_error(staff_client, session_type, forged):
    response = staff_client.post(URL, form_data(session_type, _at(3, 10), client=forged))
    assert response.status_code == 400
    errors = response.context["form"].errors
    assert errors["client"] == ["Choose a client from the search results, or add a new one."]
    assert "Choose a client from the search results" in response.content.decode()
    assert not Booking.objects.exists() and not Client.objects.exists()


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        ({"name": "", "email": ""}, "name"),
        ({"email": "not-an-email"}, "email"),
        ({"name": "Two\nlines"}, "name"),
        ({"session_type": "99999"}, "session_type"),
        ({"people": "0"}, "people"),
        ({"date": "2020-01-01"}, "date"),
        ({"time": "25:00"}, "time"),
        ({"key": ""}, "key"),
        ({"allow": "busy"}, "allow"),
        ({"allow": "past"}, "allow"),
    ],
)
def test_mistakes_are_shown_by_their_field_and_nothing_is_stored(
    staff_client, session_type, changes, field
):
    response = staff_client.post(URL, form_data(session_type, _at(3, 10), **changes))
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert not Booking.objects.exists() and not Client.objects.exists()


def test_a_larger_group_needs_book_anyway_by_name(staff_client, session_type):
    response = staff_client.post(URL, form_data(session_type, _at(3, 10), people="9"))
    assert response.status_code == 400
    assert "Book anyway, more people than the session takes" in response.content.decode()
    assert not Booking.objects.exists()
    allowed = form_data(session_type, _at(3, 10), people="9", allow="group_size")
    response = staff_client.post(URL, allowed, follow=True)
    assert Booking.objects.get().people == 9
    assert "Booked anyway: for more people than the session takes." in response.content.decode()


def test_more_than_fifty_people_is_never_booked(staff_client, session_type):
    data = form_data(session_type, _at(3, 10), people="51", allow="group_size")
    assert staff_client.post(URL, data).status_code == 400
    assert not Booking.objects.exists()


@pytest.fixture
def ten_in_the_morning():
    """A Monday 10:00 in London, so 'inside the notice' can be inside opening hours too."""
    with time_machine.travel(datetime(2030, 1, 7, 10, 0, tzinfo=ZoneInfo("Europe/London"))):
        yield


@pytest.mark.parametrize(
    ("days", "hour", "words", "value"),
    [
        (3, 19, "outside working hours", "closed"),
        (0, 14, "inside the minimum notice", "notice"),
        (5, 10, "during time off", "time_off"),
    ],
    ids=["after hours", "inside notice", "time off"],
)
def test_breaking_a_rule_needs_book_anyway_ticked(
    ten_in_the_morning, staff_client, session_type, days, hour, words, value
):
    TimeOffFactory(start=_at(5, 0), end=_at(6, 0), reason="Wedding abroad")
    when = _at(days, hour)
    data = form_data(session_type, when)
    response = staff_client.post(URL, data)
    assert response.status_code == 400
    html = response.content.decode()
    assert words in html
    assert f'value="{value}"' in html  # the box to tick, named
    assert not Booking.objects.exists() and not Client.objects.exists()

    response = staff_client.post(URL, {**data, "allow": [value]}, follow=True)
    assert response.status_code == 200
    booking = Booking.objects.get()
    assert booking.start == when
    assert f"Booked anyway: {words}" in response.content.decode()


def test_an_override_never_allows_an_overlap(staff_client, session_type):
    other = BookingFactory(start=_at(3, 10), session_type=session_type)
    data = form_data(session_type, _at(3, 10, 30), allow=["closed", "notice", "time_off"])
    response = staff_client.post(URL, data)
    assert response.status_code == 409
    html = response.content.decode()
    assert f"That time overlaps booking {other.reference}." in html
    assert other.client.name in html
    assert Booking.objects.count() == 1


@pytest.mark.parametrize(
    "hostile",
    [
        "<script>alert(1)</script>",
        "' OR 1=1 --",
        "%",
        "_",
        "\\",
        "ｍｏ",
        "a" * 100,
    ],
)
def test_hostile_search_text_is_inert(staff_client, session_type, hostile):
    ClientFactory(name="Mo Phone", email="mo@example.com")
    response = staff_client.get(URL, {"q": hostile})
    assert response.status_code == 200
    html = response.content.decode()
    assert "<script>alert(1)</script>" not in html
    assert Client.objects.count() == 1 and not Booking.objects.exists()


@pytest.mark.parametrize("hostile", ["two\nlines", "nul\x00byte", "b" * 101])
def test_unsearchable_text_is_a_field_error(staff_client, session_type, hostile):
    response = staff_client.get(URL, {"q": hostile})
    assert response.status_code == 200
    assert response.context["search"].errors["q"]
    assert response.context["matches"] == []
    assert Client.objects.count() == 0 and not Booking.objects.exists()


def test_search_finds_clients_by_name_email_or_phone(staff_client, session_type):
    ClientFactory(name="Ada Lovelace", email="ada@example.com", phone="+44 7700 900001")
    ClientFactory(name="Grace Hopper", email="grace@navy.example", phone="+1 555 0100")
    for query, expected in [
        ("lovel", "Ada Lovelace"),
        ("navy", "Grace Hopper"),
        ("0100", "Grace Hopper"),
    ]:
        response = staff_client.get(URL, {"q": query})
        assert [client.name for client in response.context["matches"]] == [expected]


def test_anonymous_visitors_are_sent_to_log_in(client, session_type):
    assert client.get(URL).status_code == 302
    assert client.post(URL, form_data(session_type, _at(3, 10))).status_code == 302
    assert not Booking.objects.exists()


def test_staff_only(member_client, session_type):
    assert member_client.get(URL).status_code == 403
    assert member_client.post(URL, form_data(session_type, _at(3, 10))).status_code == 403
    assert not Booking.objects.exists()


def test_a_location_session_asks_where_and_blocks_its_travel_time(staff_client, session_type):
    outdoor = SessionTypeFactory(
        name="Outdoor portrait",
        location="location",
        duration_minutes=60,
        travel_before_minutes=30,
        travel_after_minutes=30,
    )
    start = _at(3, 11)
    response = staff_client.post(URL, form_data(outdoor, start, location=""))
    assert response.status_code == 400
    assert "Write where the session happens." in response.content.decode()
    assert not Booking.objects.exists()

    response = staff_client.post(URL, form_data(outdoor, start, location="Roundhay Park gates"))
    booking = Booking.objects.get()
    assert response.status_code == 302
    assert (booking.on_location, booking.location) == (True, "Roundhay Park gates")
    assert booking.blocked_start == start - timedelta(minutes=30)


def test_a_studio_or_location_session_is_at_the_studio_unless_ticked(staff_client, session_type):
    either = SessionTypeFactory(name="Either", location="either", travel_before_minutes=30)
    staff_client.post(URL, form_data(either, _at(3, 11), location="ignored"))
    assert (Booking.objects.get().on_location, Booking.objects.get().location) == (False, "")


def test_a_phone_only_client_is_booked_and_their_page_says_nothing_is_emailed(
    staff_client, session_type
):
    response = staff_client.post(URL, form_data(session_type, _at(3, 10), email=""))
    booking = Booking.objects.get()
    assert response.status_code == 302 and booking.client.email is None
    page = staff_client.get(response["Location"]).content.decode()
    assert "None on file: nothing is emailed to this client. Call to remind them." in page
    assert 'href="tel:' in page


def test_a_new_client_needs_an_email_or_a_phone(staff_client, session_type):
    response = staff_client.post(URL, form_data(session_type, _at(3, 10), email="", phone=""))
    assert response.status_code == 400
    assert "Give an email address or a phone number." in response.content.decode()
    assert not Booking.objects.exists()


def test_an_email_on_file_shows_both_records_and_books_nothing_until_chosen(
    staff_client, session_type
):
    ClientFactory(name="Filed Name", email="mo@example.com", phone="")
    response = staff_client.post(URL, form_data(session_type, _at(3, 10)))
    html = response.content.decode()
    assert response.status_code == 409 and not Booking.objects.exists()
    assert "Filed Name" in html and "Mo Phone" in html
    for choice in ("use", "update", "back"):
        assert f'name="on_file" value="{choice}"' in html


def test_go_back_keeps_what_was_typed_and_books_nothing(staff_client, session_type):
    ClientFactory(name="Filed Name", email="mo@example.com", phone="")
    response = staff_client.post(URL, form_data(session_type, _at(3, 10), on_file="back"))
    html = response.content.decode()
    assert response.status_code == 200 and not Booking.objects.exists()
    assert 'value="Mo Phone"' in html and "already on file" not in html


def test_update_their_details_books_the_client_on_file_with_the_typed_details(
    staff_client, session_type
):
    filed = ClientFactory(name="Filed Name", email="mo@example.com", phone="")
    response = staff_client.post(URL, form_data(session_type, _at(3, 10), on_file="update"))
    assert response.status_code == 302
    filed.refresh_from_db()
    assert Booking.objects.get().client == filed
    assert (filed.name, filed.phone) == ("Mo Phone", "+44 7700 900123")
