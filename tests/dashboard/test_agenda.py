from datetime import UTC, date, datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse
from django.utils import timezone

from bookings.models import Booking, Reminder
from dashboard.selectors.agenda import agenda, counters
from tests.factories import (
    BookingFactory,
    ClientFactory,
    ReminderFactory,
    SessionTypeFactory,
)

pytestmark = pytest.mark.django_db

NEW_YORK = ZoneInfo("America/New_York")


def test_agenda_puts_bookings_on_the_studio_s_local_day():
    # 23:30 in New York on 5 March is 04:30 UTC on 6 March.
    late = BookingFactory(start=datetime(2026, 3, 6, 4, 30, tzinfo=UTC))
    days = agenda(today=date(2026, 3, 5), tz=NEW_YORK, days=2)
    assert [day.date for day in days] == [date(2026, 3, 5), date(2026, 3, 6)]
    assert days[0].bookings == [late]
    assert days[1].bookings == []


def test_agenda_leaves_out_cancelled_bookings_and_days_outside_the_range():
    kept = BookingFactory(start=datetime(2026, 3, 5, 15, 0, tzinfo=UTC))
    BookingFactory(start=datetime(2026, 3, 5, 17, 0, tzinfo=UTC), status=Booking.Status.CANCELLED)
    BookingFactory(start=datetime(2026, 3, 12, 15, 0, tzinfo=UTC))  # the 8th day
    days = agenda(today=date(2026, 3, 5), tz=ZoneInfo("Europe/London"))
    assert len(days) == 7
    assert [b for day in days for b in day.bookings] == [kept]


def test_agenda_counts_each_booking_s_emails_by_state():
    booking = BookingFactory(start=datetime(2026, 3, 5, 15, 0, tzinfo=UTC))
    ReminderFactory(booking=booking, kind=Reminder.Kind.CONFIRMATION, state=Reminder.State.SENT)
    ReminderFactory(booking=booking, kind=Reminder.Kind.PREPARATION, state=Reminder.State.FAILED)
    ReminderFactory(booking=booking, kind=Reminder.Kind.DAY_BEFORE)
    [row] = agenda(today=date(2026, 3, 5), tz=ZoneInfo("Europe/London"), days=1)[0].bookings
    assert (row.reminders_sent, row.reminders_failed, row.reminders_planned) == (1, 1, 1)


def test_counters_new_pending_and_failed():
    now = timezone.now()
    old = BookingFactory(own_slot=True)
    Booking.objects.filter(pk=old.pk).update(created_at=now - timedelta(days=8))
    BookingFactory(own_slot=True)
    BookingFactory(own_slot=True, status=Booking.Status.PENDING)
    BookingFactory(status=Booking.Status.CANCELLED)  # new, but cancelled: not counted
    ReminderFactory(state=Reminder.State.FAILED, booking__own_slot=True)  # its booking is new too
    ReminderFactory(state=Reminder.State.SENT, booking__own_slot=True)
    result = counters(now=now)
    assert result.new_bookings == 4
    assert result.pending == 1
    assert result.failed_emails == 1


def _today_at(hour, studio):
    local = timezone.localtime(timezone.now(), studio.tz).replace(
        hour=hour, minute=0, second=0, microsecond=0
    )
    return local


def test_home_shows_today_s_sessions_with_their_details(staff_client, studio):
    session_type = SessionTypeFactory(name="Studio headshot", deposit=50)
    booking = BookingFactory(
        start=_today_at(10, studio),
        session_type=session_type,
        client=ClientFactory(name="Ada Lovelace"),
        people=2,
        status=Booking.Status.PENDING,
    )
    ReminderFactory(booking=booking, state=Reminder.State.SENT)
    response = staff_client.get(reverse("dashboard:home"))
    html = response.content.decode()
    assert "Today&#x27;s sessions" in html or "Today's sessions" in html
    today_section = html.split('id="today-heading"')[1].split('id="week-heading"')[0]
    for text in (
        "10:00",
        "Ada Lovelace",
        "Studio headshot",
        "2 people",
        "Pending confirmation",
        "Deposit due",
        "Emails: 1 sent, 0 planned",
        booking.reference,
    ):
        assert text in today_section, text
    assert reverse("dashboard:booking", args=[booking.reference]) in today_section


def test_home_lists_the_week_ahead_by_day(staff_client, studio):
    later = BookingFactory(start=_today_at(11, studio) + timedelta(days=3), deposit_paid=True)
    html = staff_client.get(reverse("dashboard:home")).content.decode()
    week = html.split('id="week-heading"')[1]
    assert later.client.name in week
    assert "Deposit paid" in week
    assert week.count("Nothing booked.") == 5


def test_home_counters_link_to_their_lists(staff_client):
    ReminderFactory(state=Reminder.State.FAILED, last_error="550 mailbox unavailable")
    html = staff_client.get(reverse("dashboard:home")).content.decode()
    assert reverse("dashboard:failed_emails") in html
    assert "?show=pending" in html
    failed = staff_client.get(reverse("dashboard:failed_emails")).content.decode()
    assert "550 mailbox unavailable" in failed


def _counter_texts(html):
    return [" ".join(span.split()) for span in html.split('class="d-block small">')[1:]]


def test_home_counters_say_one_booking_and_one_email_in_the_singular(staff_client):
    ReminderFactory(state=Reminder.State.FAILED, attempts=1)  # its booking is new too
    html = staff_client.get(reverse("dashboard:home")).content.decode()
    texts = [text.split("<")[0] for text in _counter_texts(html)]
    assert texts == ["new booking (7 days)", "to confirm", "failed email"]
    failed = staff_client.get(reverse("dashboard:failed_emails")).content.decode()
    assert ", 1 attempt<" in failed


def test_home_counters_say_several_in_the_plural(staff_client):
    ReminderFactory(state=Reminder.State.FAILED, booking__own_slot=True)
    ReminderFactory(state=Reminder.State.FAILED, booking__own_slot=True)
    html = staff_client.get(reverse("dashboard:home")).content.decode()
    texts = [text.split("<")[0] for text in _counter_texts(html)]
    assert texts == ["new bookings (7 days)", "to confirm", "failed emails"]


@pytest.mark.parametrize(
    ("show", "expected"),
    [
        ("pending", {"P"}),
        ("cancelled", {"X"}),
        ("past", {"D"}),
        ("upcoming", {"P", "C"}),
        ("nonsense", {"P", "C"}),
        ("all", {"P", "C", "X", "D"}),
    ],
)
def test_booking_list_filters(staff_client, show, expected):
    now = timezone.now()
    BookingFactory(reference="HS-P", status=Booking.Status.PENDING)
    BookingFactory(reference="HS-C", start=now + timedelta(days=2))
    BookingFactory(reference="HS-X", status=Booking.Status.CANCELLED)
    BookingFactory(reference="HS-D", start=now - timedelta(days=2), status="completed")
    html = staff_client.get(reverse("dashboard:bookings"), {"show": show}).content.decode()
    shown = {ref for ref in "PCXD" if f">HS-{ref}<" in html}
    assert shown == expected


def test_booking_list_paginates(staff_client):
    start = timezone.now() + timedelta(days=1)
    for i in range(55):
        BookingFactory(start=start + timedelta(hours=i))
    first = staff_client.get(reverse("dashboard:bookings")).content.decode()
    assert "Page 1 of 2" in first
    second = staff_client.get(reverse("dashboard:bookings"), {"page": 2}).content.decode()
    assert second.count('class="booking-row"') == 5
    assert staff_client.get(reverse("dashboard:bookings"), {"page": "x"}).status_code == 200
