"""Finding things: the bookings list's filters and search, a client's notes and history."""

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bookings.models import Booking, Client
from studio.models import SessionKind
from tests.factories import BookingFactory, ClientFactory, SessionTypeFactory

pytestmark = pytest.mark.django_db
LIST = reverse("dashboard:bookings")


def _at(days, hour=10):
    day = timezone.localdate() + timedelta(days=days)
    return datetime.combine(day, time(hour), tzinfo=timezone.get_current_timezone())


@pytest.fixture
def bookings(studio):
    headshot = SessionTypeFactory(kind=SessionKind.HEADSHOT, deposit=50)
    portrait = SessionTypeFactory(kind=SessionKind.PORTRAIT, deposit=0, price=100)
    ada = ClientFactory(name="Ada Lovelace", email="ada@example.com", phone="+44 7700 900001")
    grace = ClientFactory(
        name="Grace Hopper", email="grace@navy.example", phone="+1 (555) 010-0999"
    )
    return {
        "A1": BookingFactory(reference="HS-AAAA1", client=ada, session_type=headshot, start=_at(2)),
        "A2": BookingFactory(
            reference="HS-AAAA2",
            client=ada,
            session_type=headshot,
            start=_at(9),
            deposit_paid=True,
            status=Booking.Status.PENDING,
        ),
        "G1": BookingFactory(
            reference="PT-GGGG1", client=grace, session_type=portrait, start=_at(4)
        ),
        "G2": BookingFactory(
            reference="HS-GGGG2",
            client=grace,
            session_type=headshot,
            start=_at(5),
            status=Booking.Status.CANCELLED,
        ),
    }


def shown(client, **params):
    response = client.get(LIST, {"show": "all", **params})
    return response, {booking.reference for booking in response.context["page"].object_list}


@pytest.mark.parametrize(
    ("params", "expected"),
    [
        ({}, {"HS-AAAA1", "HS-AAAA2", "PT-GGGG1", "HS-GGGG2"}),
        ({"q": "lovelace"}, {"HS-AAAA1", "HS-AAAA2"}),
        ({"q": "NAVY.example"}, {"PT-GGGG1", "HS-GGGG2"}),
        ({"q": "5550100999"}, {"PT-GGGG1", "HS-GGGG2"}),  # typed without the punctuation
        ({"q": "7700 900001"}, {"HS-AAAA1", "HS-AAAA2"}),
        ({"q": "pt-gggg1"}, {"PT-GGGG1"}),
        ({"status": "pending"}, {"HS-AAAA2"}),
        ({"kind": "portrait"}, {"PT-GGGG1"}),
        ({"unpaid": "on"}, {"HS-AAAA1"}),  # paid, no deposit, and cancelled are left out
        ({"first": "{+3}", "last": "{+5}"}, {"PT-GGGG1", "HS-GGGG2"}),
        ({"q": "ada", "kind": "headshot", "status": "confirmed"}, {"HS-AAAA1"}),
        ({"q": "%"}, set()),
        ({"q": "_"}, set()),
        ({"q": "<script>alert(1)</script>"}, set()),
        ({"q": "' OR 1=1 --"}, set()),
    ],
)
def test_filters_and_search(staff_client, bookings, params, expected):
    days = {f"{{+{n}}}": (timezone.localdate() + timedelta(days=n)).isoformat() for n in range(10)}
    params = {key: days.get(value, value) for key, value in params.items()}
    response, refs = shown(staff_client, **params)
    assert response.status_code == 200
    assert refs == expected
    assert "<script>alert(1)</script>" not in response.content.decode()


def test_filters_combine_with_the_tabs(staff_client, bookings):
    response = staff_client.get(LIST, {"show": "cancelled", "q": "grace"})
    assert {b.reference for b in response.context["page"].object_list} == {"HS-GGGG2"}
    html = response.content.decode()
    assert 'href="?show=upcoming&amp;q=grace"' in html  # the tabs keep the search


@pytest.mark.parametrize(
    ("params", "field"),
    [
        ({"status": "deleted"}, "status"),
        ({"kind": "wedding"}, "kind"),
        ({"first": "yesterday"}, "first"),
        ({"first": "2030-01-10", "last": "2030-01-01"}, "last"),
        ({"q": "two\nlines"}, "q"),
        ({"q": "x" * 101}, "q"),
    ],
)
def test_a_bad_filter_is_marked_and_the_others_still_apply(staff_client, bookings, params, field):
    response = staff_client.get(LIST, {"show": "all", "kind": "portrait", **params})
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    refs = {booking.reference for booking in response.context["page"].object_list}
    if field != "kind":
        assert refs == {"PT-GGGG1"}


def test_client_notes_are_saved_and_shown(staff_client, bookings):
    ada = Client.objects.get(name="Ada Lovelace")
    url = reverse("dashboard:client_notes", args=[ada.pk])
    response = staff_client.post(url, {"notes-private_notes": "  Prefers mornings. <b>Tall</b>  "})
    assert response.status_code == 302
    ada.refresh_from_db()
    assert ada.private_notes == "Prefers mornings. <b>Tall</b>"
    html = staff_client.get(reverse("dashboard:client", args=[ada.pk])).content.decode()
    assert "Prefers mornings. &lt;b&gt;Tall&lt;/b&gt;" in html


def test_too_long_notes_stay_on_the_page_with_an_error(staff_client, bookings):
    ada = Client.objects.get(name="Ada Lovelace")
    url = reverse("dashboard:client_notes", args=[ada.pk])
    response = staff_client.post(url, {"notes-private_notes": "n" * 5001})
    assert response.status_code == 400
    assert response.context["notes_form"].errors["private_notes"]
    ada.refresh_from_db()
    assert ada.private_notes == ""


def test_notes_for_an_unknown_client_are_a_404(staff_client, bookings):
    url = reverse("dashboard:client_notes", args=[999999])
    assert staff_client.post(url, {"notes-private_notes": "x"}).status_code == 404
    assert staff_client.get(url).status_code == 405


def test_the_client_page_shows_the_whole_history(staff_client, bookings):
    grace = Client.objects.get(name="Grace Hopper")
    html = staff_client.get(reverse("dashboard:client", args=[grace.pk])).content.decode()
    assert "PT-GGGG1" in html and "HS-GGGG2" in html
    assert "2 bookings" in html and "1 cancelled" in html
    assert f'href="{reverse("dashboard:booking_new")}?client={grace.pk}"' in html
