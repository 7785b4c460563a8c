"""The photographer's actions on a booking go through the booking services, POST only."""

from datetime import datetime, time, timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from bookings.models import Booking, Reminder
from tests.factories import (
    BookingFactory,
    ClientFactory,
    ReminderFactory,
    TimeOffFactory,
    WorkingHoursFactory,
)

pytestmark = pytest.mark.django_db


Kind, State = Reminder.Kind, Reminder.State
ANNOUNCEMENTS = [Kind.REQUESTED, Kind.CONFIRMATION, Kind.RESCHEDULED, Kind.CANCELLED]


def announced(booking) -> list[tuple[str, str]]:
    """The outbox's message to the client about the booking as it is now, (kind, state):
    pending to be sent, or skipped when the studio chose not to tell the client."""
    booking.refresh_from_db()
    rows = Reminder.objects.filter(
        booking=booking, booking_version=booking.version, kind__in=ANNOUNCEMENTS
    )
    return sorted(rows.values_list("kind", "state"))


def outbox(booking) -> list[tuple[str, str]]:
    """Every outbox row of the booking: the factories make none, so [] means nothing planned."""
    return list(Reminder.objects.filter(booking=booking).values_list("kind", "state"))


@pytest.fixture
def open_all_week(studio):
    for weekday in range(7):
        WorkingHoursFactory(weekday=weekday, start=time(9), end=time(18))


def _at(days, hour, minute=0, studio=None):
    tz = timezone.get_current_timezone() if studio is None else studio.tz
    day = timezone.localdate(timezone.now(), tz) + timedelta(days=days)
    return datetime.combine(day, time(hour, minute), tzinfo=tz)


def url(name, booking):
    return reverse(f"dashboard:booking_{name}", args=[booking.reference])


def flashed(response):
    return [str(message) for message in response.context["messages"]]


# Confirm, deposit, outcome --------------------------------------------------------------


def test_confirm_a_pending_booking(staff_client):
    booking = BookingFactory(status=Booking.Status.PENDING)
    response = staff_client.post(url("confirm", booking), follow=True)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    assert "Booking confirmed." in flashed(response)
    assert announced(booking) == [(Kind.CONFIRMATION, State.PENDING)]


def test_confirming_a_cancelled_booking_is_refused_with_the_reason(staff_client):
    booking = BookingFactory(status=Booking.Status.CANCELLED)
    response = staff_client.post(url("confirm", booking), follow=True)
    assert response.status_code == 200
    assert "Only a booking awaiting confirmation can be confirmed." in flashed(response)
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED


@pytest.mark.parametrize(("value", "paid"), [("1", True), ("0", False)])
def test_deposit_is_marked_paid_or_not(staff_client, value, paid):
    booking = BookingFactory(deposit_paid=not paid)
    staff_client.post(url("deposit", booking), {"paid": value})
    booking.refresh_from_db()
    assert booking.deposit_paid is paid


def test_a_bad_deposit_value_changes_nothing(staff_client):
    booking = BookingFactory()
    response = staff_client.post(url("deposit", booking), {"paid": "yes"}, follow=True)
    assert "Choose whether the deposit is paid." in flashed(response)
    booking.refresh_from_db()
    assert not booking.deposit_paid


@pytest.mark.parametrize("status", ["completed", "no_show"])
def test_outcome_of_a_past_session(staff_client, status):
    booking = BookingFactory(start=timezone.now() - timedelta(hours=3))
    staff_client.post(url("outcome", booking), {"status": status})
    booking.refresh_from_db()
    assert booking.status == status


def test_outcome_of_a_future_session_is_refused(staff_client):
    booking = BookingFactory()
    response = staff_client.post(url("outcome", booking), {"status": "completed"}, follow=True)
    assert any("record how it went afterwards" in m for m in flashed(response))
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED
    response = staff_client.post(url("outcome", booking), {"status": "cancelled"}, follow=True)
    assert "Choose completed or no-show." in flashed(response)


def test_outcome_buttons_show_only_once_the_session_has_started(staff_client):
    future, past = BookingFactory(), BookingFactory(start=timezone.now() - timedelta(days=1))
    assert (
        "How did it go?"
        not in staff_client.get(
            reverse("dashboard:booking", args=[future.reference])
        ).content.decode()
    )
    assert (
        "How did it go?"
        in staff_client.get(reverse("dashboard:booking", args=[past.reference])).content.decode()
    )


# Private notes ---------------------------------------------------------------------------


def test_private_notes_are_saved_and_shown_inert(staff_client):
    booking = BookingFactory()
    staff_client.post(
        url("notes", booking), {"notes-private_notes": "Prefers left side <script>x</script>"}
    )
    booking.refresh_from_db()
    assert booking.private_notes == "Prefers left side <script>x</script>"
    html = staff_client.get(reverse("dashboard:booking", args=[booking.reference])).content.decode()
    assert "Prefers left side &lt;script&gt;x&lt;/script&gt;" in html
    assert outbox(booking) == []  # notes never email anyone


def test_too_long_notes_come_back_with_a_message_and_the_text(staff_client):
    booking = BookingFactory(private_notes="old")
    response = staff_client.post(url("notes", booking), {"notes-private_notes": "n" * 5001})
    assert response.status_code == 400
    assert response.context["notes_form"].errors["private_notes"]
    assert "n" * 5001 in response.content.decode()
    booking.refresh_from_db()
    assert booking.private_notes == "old"


# Cancel ----------------------------------------------------------------------------------


def test_cancel_and_tell_the_client(staff_client):
    booking = BookingFactory(start=timezone.now() + timedelta(hours=2))  # inside client notice
    response = staff_client.post(
        url("cancel", booking),
        {
            "cancel-notify": "on",
            "cancel-client_asked": "no",
            "cancel-reason": "The studio flooded.",
        },
        follow=True,
    )
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CANCELLED
    assert (booking.cancelled_by, booking.cancel_reason) == ("studio", "The studio flooded.")
    assert announced(booking) == [(Kind.CANCELLED, State.PENDING)]
    assert "Booking cancelled; the client is told by email." in flashed(response)
    html = response.content.decode()
    assert "by the studio" in html and "The studio flooded." in html
    assert "Cancel the booking" not in html  # nothing left to cancel


def test_cancel_without_telling_the_client(staff_client):
    booking = BookingFactory()
    response = staff_client.post(
        url("cancel", booking), {"cancel-client_asked": "no", "cancel-reason": ""}, follow=True
    )
    assert announced(booking) == [(Kind.CANCELLED, State.SKIPPED)]
    assert "Booking cancelled without emailing the client." in flashed(response)


def test_a_finished_session_cannot_be_cancelled(staff_client):
    booking = BookingFactory(start=timezone.now() - timedelta(days=2), status="completed")
    response = staff_client.post(
        url("cancel", booking), {"cancel-notify": "on", "cancel-client_asked": "yes"}, follow=True
    )
    assert any("already taken place" in m for m in flashed(response))
    assert outbox(booking) == []


def test_cancel_asks_whether_the_client_asked(staff_client):
    booking = BookingFactory()
    response = staff_client.post(url("cancel", booking), {"cancel-notify": "on"})
    assert response.status_code == 400
    assert response.context["cancel_form"].errors["client_asked"] == [
        "Say whether the client asked for this cancellation."
    ]
    assert "Did the client ask to cancel?" in response.content.decode()
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED and outbox(booking) == []


def test_cancel_at_the_clients_request_is_the_clients_cancellation(staff_client):
    booking = BookingFactory(start=timezone.now() + timedelta(hours=2))  # inside client notice
    staff_client.post(
        url("cancel", booking), {"cancel-notify": "on", "cancel-client_asked": "yes"}, follow=True
    )
    booking.refresh_from_db()
    assert (booking.status, booking.cancelled_by) == (Booking.Status.CANCELLED, "client")
    assert announced(booking) == [(Kind.CANCELLED, State.PENDING)]
    assert Kind.ALERT_CANCELLED not in [kind for kind, _state in outbox(booking)]  # not to itself


def test_cancel_reason_too_long_is_refused_by_the_field(staff_client):
    booking = BookingFactory()
    response = staff_client.post(url("cancel", booking), {"cancel-reason": "r" * 1001})
    assert response.status_code == 400
    assert response.context["cancel_form"].errors["reason"]
    booking.refresh_from_db()
    assert booking.status == Booking.Status.CONFIRMED


# Reschedule ------------------------------------------------------------------------------


def _move(client, booking, start, notify=True):
    local = timezone.localtime(start)
    data = {"move-date": local.date().isoformat(), "move-time": local.strftime("%H:%M")}
    if notify:
        data["move-notify"] = "on"
    return client.post(url("reschedule", booking), data)


def test_studio_moves_a_booking_at_short_notice_to_any_free_minute(
    staff_client, open_all_week, studio
):
    booking = BookingFactory(start=timezone.now() + timedelta(hours=1))  # far inside notice
    ReminderFactory(booking=booking, kind=Kind.CONFIRMATION, state=State.SENT)
    new_start = _at(2, 10, 10, studio=studio)  # not on the client's 30-minute grid
    response = _move(staff_client, booking, new_start, notify=False)
    assert response.status_code == 302
    booking.refresh_from_db()
    assert booking.start == new_start and booking.version == 1
    assert announced(booking) == [(Kind.RESCHEDULED, State.SKIPPED)]


def test_move_onto_a_taken_time_names_and_links_the_clashing_booking(
    staff_client, open_all_week, studio
):
    other = BookingFactory(
        start=_at(3, 11, studio=studio), client=ClientFactory(name="Grace Hopper")
    )
    booking = BookingFactory(start=_at(4, 11, studio=studio))
    response = _move(staff_client, booking, _at(3, 11, 30, studio=studio))
    assert response.status_code == 409
    html = response.content.decode()
    assert f"That time overlaps booking {other.reference}." in html
    assert "Grace Hopper" in html
    assert f'href="{reverse("dashboard:booking", args=[other.reference])}"' in html
    booking.refresh_from_db()
    assert booking.start == _at(4, 11, studio=studio) and booking.version == 0
    assert outbox(booking) == []
    # What was typed is kept.
    assert 'value="11:30"' in html


def test_move_onto_time_off_or_outside_hours_asks_to_book_anyway(
    staff_client, open_all_week, studio
):
    booking = BookingFactory(start=_at(4, 11, studio=studio))
    TimeOffFactory(start=_at(5, 0, studio=studio), end=_at(6, 0, studio=studio))
    for start, words, box in (
        (_at(5, 10, studio=studio), "during time off", "Book anyway, during time off"),
        (_at(6, 20, studio=studio), "outside working hours", "Book anyway, outside working hours"),
    ):
        response = _move(staff_client, booking, start)
        assert response.status_code == 400
        html = response.content.decode()
        assert f"That time is {words}." in html and box in html
        booking.refresh_from_db()
        assert booking.version == 0 and outbox(booking) == []


def test_move_with_the_override_ticked_goes_through_and_says_so(
    staff_client, open_all_week, studio
):
    booking = BookingFactory(start=_at(4, 11, studio=studio))
    start = _at(6, 20, studio=studio)
    local = timezone.localtime(start)
    data = {
        "move-date": local.date().isoformat(),
        "move-time": local.strftime("%H:%M"),
        "move-allow": ["closed"],
    }
    response = staff_client.post(url("reschedule", booking), data, follow=True)
    assert "Booked anyway: outside working hours." in response.content.decode()
    booking.refresh_from_db()
    assert booking.start == start and booking.version == 1


def test_an_override_never_reaches_over_another_booking(staff_client, open_all_week, studio):
    other = BookingFactory(start=_at(6, 20, studio=studio))
    booking = BookingFactory(start=_at(4, 11, studio=studio))
    local = timezone.localtime(other.start)
    data = {
        "move-date": local.date().isoformat(),
        "move-time": local.strftime("%H:%M"),
        "move-allow": ["closed", "notice", "time_off"],
    }
    response = staff_client.post(url("reschedule", booking), data)
    assert response.status_code == 409
    assert f"That time overlaps booking {other.reference}." in response.content.decode()
    booking.refresh_from_db()
    assert booking.version == 0


@pytest.mark.parametrize(
    ("data", "field"),
    [
        ({"move-date": "2020-01-01", "move-time": "10:00"}, "date"),
        ({"move-date": "", "move-time": "10:00"}, "date"),
        ({"move-date": "2030-01-01", "move-time": "25:00"}, "time"),
    ],
)
def test_move_form_mistakes_are_marked_by_the_field(staff_client, data, field):
    booking = BookingFactory()
    response = staff_client.post(url("reschedule", booking), data)
    assert response.status_code == 400
    assert response.context["form"].errors[field]
    assert outbox(booking) == []


def test_move_to_a_time_lost_to_the_clocks_changing(staff_client, studio):
    booking = BookingFactory()
    response = staff_client.post(
        url("reschedule", booking), {"move-date": "2030-03-31", "move-time": "01:30"}
    )
    assert response.status_code == 400
    assert "does not exist" in response.context["form"].errors["time"][0]


def test_reschedule_page_shows_the_day_with_hours_time_off_and_bookings(
    staff_client, open_all_week, studio
):
    booking = BookingFactory(start=_at(3, 11, studio=studio))
    neighbour = BookingFactory(start=_at(3, 14, studio=studio), client=ClientFactory(name="Ada"))
    html = staff_client.get(url("reschedule", booking)).content.decode()
    assert "Open 09:00–18:00" in html
    assert "This booking" in html and "Ada" in html
    assert reverse("dashboard:booking", args=[neighbour.reference]) in html
    other_day = _at(9, 0, studio=studio).date().isoformat()
    html = staff_client.get(url("reschedule", booking), {"date": other_day}).content.decode()
    assert "Nothing booked that day." in html


def test_a_cancelled_booking_cannot_be_moved(staff_client, open_all_week, studio):
    booking = BookingFactory(status=Booking.Status.CANCELLED)
    response = _move(staff_client, booking, _at(3, 10, studio=studio))
    assert response.status_code == 400
    assert "no longer active" in response.content.decode()


# Resend an email ---------------------------------------------------------------------------


def _resend(client, booking, reminder):
    return client.post(
        reverse("dashboard:booking_resend", args=[booking.reference, reminder.pk]), follow=True
    )


def test_a_failed_email_is_planned_again_now(staff_client):
    booking = BookingFactory()
    failed = ReminderFactory(
        booking=booking,
        kind=Reminder.Kind.CONFIRMATION,
        state=Reminder.State.FAILED,
        attempts=5,
        last_error="550 mailbox unavailable",
        due_at=timezone.now() - timedelta(days=1),
    )
    page = staff_client.get(reverse("dashboard:booking", args=[booking.reference])).content
    assert b"Resend" in page
    response = _resend(staff_client, booking, failed)
    assert "“Confirmation” will be sent again in a moment." in flashed(response)
    assert response.redirect_chain[-1][0].endswith("#emails")
    failed.refresh_from_db()
    assert (failed.state, failed.attempts, failed.last_error) == ("pending", 0, "")
    assert failed.due_at > timezone.now() - timedelta(minutes=1)


def test_an_email_about_an_earlier_time_is_not_resent(staff_client):
    booking = BookingFactory(version=2)
    old = ReminderFactory(
        booking=booking, kind=Reminder.Kind.DAY_BEFORE, state="sent", booking_version=1
    )
    page = staff_client.get(reverse("dashboard:booking", args=[booking.reference])).content
    assert b"Send again" not in page
    response = _resend(staff_client, booking, old)
    assert "This message was about an earlier time of the booking." in flashed(response)
    old.refresh_from_db()
    assert old.state == "sent"


def test_a_cancelled_booking_can_resend_only_its_cancellation(staff_client):
    booking = BookingFactory(status=Booking.Status.CANCELLED, version=1)
    day_before = ReminderFactory(
        booking=booking, kind="day_before", state="failed", booking_version=1
    )
    cancellation = ReminderFactory(
        booking=booking, kind="cancelled", state="failed", booking_version=1
    )
    html = staff_client.get(reverse("dashboard:booking", args=[booking.reference])).content.decode()
    assert html.count(">Resend<") == 1
    assert (
        "only the cancellation can be sent"
        in flashed(_resend(staff_client, booking, day_before))[0]
    )
    _resend(staff_client, booking, cancellation)
    cancellation.refresh_from_db()
    assert cancellation.state == "pending"


def test_an_email_of_another_booking_is_404(staff_client):
    booking = BookingFactory(own_slot=True)
    other = ReminderFactory(state="failed", booking__own_slot=True)
    url = reverse("dashboard:booking_resend", args=[booking.reference, other.pk])
    assert staff_client.post(url).status_code == 404
    assert staff_client.get(url).status_code == 405
