import csv
import io
from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bookings.models import Booking, Client, HistoryEntry
from dashboard.export import safe_cell
from dashboard.selectors.clients import search_clients
from tests.factories import BookingFactory, ClientFactory, IntakeResponseFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def people(studio):
    ada = ClientFactory(name="Ada Lovelace", email="ada@analytical.example", phone="+44 7700 1")
    grace = ClientFactory(name="Grace Hopper", email="grace@navy.example", phone="555 0100")
    BookingFactory(client=grace, reference="HS-GRACE1")
    BookingFactory(
        client=ada,
        start=timezone.now() - timedelta(days=30),
        status=Booking.Status.NO_SHOW,
    )
    BookingFactory(client=ada, start=timezone.now() + timedelta(days=5))
    return ada, grace


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("", ["Ada Lovelace", "Grace Hopper"]),
        ("lovelace", ["Ada Lovelace"]),
        ("NAVY.example", ["Grace Hopper"]),
        ("0100", ["Grace Hopper"]),
        ("hs-grace1", ["Grace Hopper"]),
        ("nobody", []),
    ],
)
def test_search_matches_name_email_phone_and_reference(people, query, names):
    found = search_clients(query, now=timezone.now())
    assert [client.name for client in found] == names


def test_search_summarises_each_client_s_bookings(people):
    ada = search_clients("ada", now=timezone.now()).get()
    assert (ada.booking_count, ada.no_show_count) == (2, 1)
    assert ada.next_start > timezone.now() > ada.last_start


def test_client_list_page_searches_and_says_when_nothing_matches(staff_client, people):
    html = staff_client.get(reverse("dashboard:clients"), {"q": "hopper"}).content.decode()
    assert "Grace Hopper" in html and "Ada Lovelace" not in html
    assert "1 client" in html
    html = staff_client.get(reverse("dashboard:clients"), {"q": "zzz"}).content.decode()
    assert "No client matches “zzz”." in html


def test_client_page_lists_bookings_with_wizard_answers(staff_client, people):
    ada, _grace = people
    BookingFactory(
        client=ada,
        intake=IntakeResponseFactory(answers={"uses": ["casting"]}, recommended_kind="headshot"),
        own_slot=True,
    )
    html = staff_client.get(reverse("dashboard:client", args=[ada.pk])).content.decode()
    assert html.count('aria-labelledby="b-') == 3
    assert "Wizard answers (recommended Headshot)" in html
    assert "Casting or agency submissions" in html
    assert staff_client.get(reverse("dashboard:client", args=[99999])).status_code == 404


def _csv(response):
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="clients-')
    return list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode("utf-8-sig"))))


def test_export_has_a_row_per_client(staff_client, people):
    rows = _csv(staff_client.get(reverse("dashboard:clients_export")))
    assert rows[0][:4] == ["Name", "Email", "Phone", "Bookings"]
    by_name = {row[0]: row for row in rows[1:]}
    assert set(by_name) == {"Ada Lovelace", "Grace Hopper"}
    assert by_name["Ada Lovelace"][3:6] == ["2", "0", "1"]


def test_export_first_and_last_session_leave_out_cancelled_bookings(staff_client, studio):
    tz = studio.tz
    now = timezone.now()
    client = ClientFactory(name="Mary Somerville")
    BookingFactory(client=client, start=now - timedelta(days=60), status=Booking.Status.CANCELLED)
    held = BookingFactory(client=client, start=now - timedelta(days=30))
    later = BookingFactory(client=client, start=now - timedelta(days=3))
    BookingFactory(client=client, start=now - timedelta(days=1), status=Booking.Status.CANCELLED)
    rows = _csv(staff_client.get(reverse("dashboard:clients_export")))
    header, row = rows[0], rows[1]
    first, last = header.index("First session"), header.index("Last session")
    assert row[first] == timezone.localtime(held.start, tz).date().isoformat()
    assert row[last] == timezone.localtime(later.start, tz).date().isoformat()


def test_export_follows_the_search(staff_client, people):
    rows = _csv(staff_client.get(reverse("dashboard:clients_export"), {"q": "grace"}))
    assert [row[0] for row in rows[1:]] == ["Grace Hopper"]


def test_export_defuses_spreadsheet_formulas(staff_client, studio):
    BookingFactory(client=ClientFactory(name='=HYPERLINK("http://evil.example","x")'))
    rows = _csv(staff_client.get(reverse("dashboard:clients_export")))
    assert rows[1][0] == '\'=HYPERLINK("http://evil.example","x")'


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("=1+1", "'=1+1"),
        ("+44", "+44"),  # a phone number: nothing to call
        ("+44 7700 900123", "+44 7700 900123"),
        ("+SUM(A1)", "'+SUM(A1)"),
        ("+1+cmd|' /C calc'!A0", "'+1+cmd|' /C calc'!A0"),
        ("-2", "'-2"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tx", "'\tx"),
        ("Ada", "Ada"),
        ("", ""),
        (None, ""),
    ],
)
def test_safe_cell(value, expected):
    assert safe_cell(value) == expected


def test_a_client_s_details_are_edited_from_their_page(staff_client):
    client = ClientFactory(name="Old", email="old@example.com", phone="")
    url = reverse("dashboard:client_edit", args=[client.pk])
    assert staff_client.get(url).status_code == 200
    data = {"name": "New", "email": "", "phone": "07700 900123", "private_notes": "Tall."}
    response = staff_client.post(url, data)
    assert response.status_code == 302
    client.refresh_from_db()
    assert (client.name, client.email, client.phone) == ("New", None, "+44 7700 900123")
    page = staff_client.get(reverse("dashboard:client", args=[client.pk])).content.decode()
    assert HistoryEntry.objects.get(client=client).what == "client_updated"
    assert "Client details changed" in page


def test_editing_to_another_client_s_email_is_a_form_error(staff_client):
    ClientFactory(email="taken@example.com")
    client = ClientFactory(email="mine@example.com")
    url = reverse("dashboard:client_edit", args=[client.pk])
    response = staff_client.post(url, {"name": "X", "email": "taken@example.com"})
    assert response.status_code == 400
    assert "merge the two instead" in response.content.decode()


def test_a_duplicate_is_offered_and_merged_after_confirming(staff_client):
    keep = ClientFactory(name="Ann Lee", email="ann@example.com", phone="")
    duplicate = ClientFactory(name="ann lee", email=None, phone="07700 900123")
    page = staff_client.get(reverse("dashboard:client", args=[keep.pk])).content.decode()
    merge = reverse("dashboard:client_merge", args=[keep.pk])
    assert f"{merge}?other={duplicate.pk}" in page
    confirm = staff_client.get(merge, {"other": duplicate.pk})
    assert confirm.status_code == 200 and Client.objects.filter(pk=duplicate.pk).exists()
    response = staff_client.post(merge, {"other": duplicate.pk})
    assert response.status_code == 302
    assert not Client.objects.filter(pk=duplicate.pk).exists()
    keep.refresh_from_db()
    assert keep.phone == "07700 900123"  # as it was stored: merging copies, never rewrites


@pytest.mark.parametrize(
    "written", ["+44 7700 900123", "07700 900123", "07700-900-123", "0044 7700 900123"]
)
def test_a_phone_number_is_found_however_it_is_written(staff_client, written):
    from bookings import services

    client = ClientFactory(name="Mo", email=None, phone="")
    services.update_client(client=client, name="Mo", email="", phone="07700 900123")
    client.refresh_from_db()
    assert client.phone == "+44 7700 900123"  # one stored form, the studio's country read in
    found = search_clients(written, now=timezone.now())
    assert list(found) == [client]


def test_phone_numbers_are_tap_to_call_links(staff_client):
    client = ClientFactory(phone="+44 7700 900123")
    html = staff_client.get(reverse("dashboard:clients")).content.decode()
    assert 'href="tel:+447700900123"' in html
    page = staff_client.get(reverse("dashboard:client", args=[client.pk])).content.decode()
    assert 'href="tel:+447700900123"' in page


def test_export_is_confirmed_then_downloaded_as_a_zip(staff_client):
    client = ClientFactory(name="Ada")
    url = reverse("dashboard:client_data_export", args=[client.pk])
    assert "Download the file" in staff_client.get(url).content.decode()
    response = staff_client.post(url)
    assert response["Content-Type"] == "application/zip"
    assert response.content.startswith(b"PK")
    assert HistoryEntry.objects.get(client=client).what == "client_exported"


def test_erase_needs_the_tick_then_anonymises(staff_client):
    client = ClientFactory(name="Ada", email="ada@example.com")
    url = reverse("dashboard:client_erase", args=[client.pk])
    assert staff_client.post(url, {}).status_code == 400
    client.refresh_from_db()
    assert client.name == "Ada"
    assert staff_client.post(url, {"confirm": "on"}).status_code == 302
    client.refresh_from_db()
    assert client.email is None and client.name.startswith("Erased client")


def test_a_client_with_a_session_to_come_is_not_erased_and_the_page_says_why(staff_client):
    client = ClientFactory()
    BookingFactory(client=client, start=timezone.now() + timedelta(days=2))
    url = reverse("dashboard:client_erase", args=[client.pk])
    response = staff_client.post(url, {"confirm": "on"})
    assert response.status_code == 400 and "still to come" in response.content.decode()


def test_export_starts_with_a_byte_order_mark_so_accents_survive(staff_client, studio):
    BookingFactory(client=ClientFactory(name="Zoë Müller"))
    response = staff_client.get(reverse("dashboard:clients_export"))
    body = b"".join(response.streaming_content)
    assert body.startswith(b"\xef\xbb\xbf")
    assert "Zoë Müller" in body.decode("utf-8-sig")
