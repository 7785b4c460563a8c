"""Studio alerts and the morning digest: planned by the services, sent by the outbox,
addressed to the studio alone."""

import email
import re
from datetime import UTC, date, datetime, time, timedelta
from email import policy

import pytest
from django.core import mail

from bookings import services
from bookings.models import Booking, Reminder
from bookings.reminders import plan_alert, plan_digest, send_due
from bookings.reminders.current import SKIP_NO_STUDIO_ADDRESS, SKIP_SWITCHED_OFF
from bookings.reminders.digest import SKIP_DAY_OVER, SKIP_NO_SESSIONS
from bookings.studio_emails import build_studio_message
from studio.models import StudioProfile
from tests.bookings.booking_setup import NOW, headshot, later_day, open_studio, wednesday
from tests.factories import (
    BookingFactory,
    BusyIntervalFactory,
    ClientFactory,
    IntakeResponseFactory,
)

Kind = Reminder.Kind
State = Reminder.State
ALERTS = (Kind.ALERT_NEW, Kind.ALERT_PENDING, Kind.ALERT_MOVED, Kind.ALERT_CANCELLED)
CLIENT = services.ClientDetails(name="Ada Lovelace", email="ada@example.com", phone="")


@pytest.fixture
def studio(db, settings):
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.SITE_URL = "https://studio.example"
    return open_studio(
        email="hello@studio.example", quiet_hours_start=time(0), quiet_hours_end=time(0)
    )


def alerts_of(booking: Booking) -> list[Reminder]:
    return list(booking.reminders.filter(kind__in=ALERTS).order_by("pk"))


def parsed(message):
    return email.message_from_bytes(message.message().as_bytes(), policy=policy.default)


def book(session_type, start=None, **extra):
    return services.book(
        session_type=session_type,
        start=start or wednesday("10:00"),
        client=CLIENT,
        now=NOW,
        **extra,
    )


def studio_messages() -> list:
    return [m for m in mail.outbox if "ada@example.com" not in m.to[0]]


def test_a_client_booking_plans_one_new_booking_alert(studio):
    booking = book(headshot(), notes="I wear glasses.")
    (alert,) = alerts_of(booking)
    assert (alert.kind, alert.state, alert.due_at) == (Kind.ALERT_NEW, State.PENDING, NOW)


def test_a_booking_waiting_for_confirmation_plans_the_pending_alert_instead(studio):
    StudioProfile.objects.filter(pk=1).update(require_confirmation=True)
    booking = book(headshot())
    assert [alert.kind for alert in alerts_of(booking)] == [Kind.ALERT_PENDING]


def test_every_client_event_plans_exactly_one_alert(studio):
    booking = book(headshot())
    booking = services.reschedule(booking=booking, start=wednesday("14:00"), now=NOW)
    booking = services.cancel(booking=booking, reason="Flu, sorry.", now=NOW)
    services.cancel(booking=booking, reason="again", now=NOW)  # harmless, no second alert
    kinds = [alert.kind for alert in alerts_of(booking)]
    assert kinds == [Kind.ALERT_NEW, Kind.ALERT_MOVED, Kind.ALERT_CANCELLED]
    moved = booking.reminders.get(kind=Kind.ALERT_MOVED)
    assert moved.previous_start == wednesday("10:00")


def test_changes_the_studio_makes_itself_raise_no_alert(studio):
    booking = services.book_for_studio(
        session_type=headshot(), start=wednesday("10:00"), client=CLIENT, now=NOW
    ).booking
    booking = services.move_for_studio(booking=booking, start=wednesday("14:00"), now=NOW).booking
    services.cancel(booking=booking, by_studio=True, now=NOW)
    assert alerts_of(booking) == []


def test_a_switched_off_kind_is_recorded_as_skipped_and_never_sent(studio):
    StudioProfile.objects.filter(pk=1).update(alert_new_booking=False)
    booking = book(headshot())
    (alert,) = alerts_of(booking)
    assert (alert.state, alert.last_error) == (State.SKIPPED, SKIP_SWITCHED_OFF)
    send_due(now=NOW)
    assert studio_messages() == []


def test_switching_off_after_planning_still_stops_the_alert(studio):
    booking = book(headshot())
    StudioProfile.objects.filter(pk=1).update(alert_new_booking=False)
    send_due(now=NOW)
    alert = alerts_of(booking)[0]
    assert (alert.state, alert.last_error) == (State.SKIPPED, SKIP_SWITCHED_OFF)
    assert studio_messages() == []


def test_without_any_studio_address_the_alert_is_skipped_with_the_reason(studio):
    StudioProfile.objects.filter(pk=1).update(email="", alert_email="")
    booking = book(headshot())
    assert alerts_of(booking)[0].last_error == SKIP_NO_STUDIO_ADDRESS


def test_planning_an_alert_twice_plans_it_once(studio):
    booking = book(headshot())
    plan_alert(booking, kind=Kind.ALERT_NEW, now=NOW)
    assert len(alerts_of(booking)) == 1
    with pytest.raises(ValueError):
        plan_alert(booking, kind=Kind.CONFIRMATION)


def test_alert_goes_to_the_alert_address_never_to_the_client(studio):
    StudioProfile.objects.filter(pk=1).update(alert_email="owner@studio.example")
    intake = IntakeResponseFactory(answers={"uses": ["linkedin"], "people": "just_me"})
    booking = book(headshot(), notes="Bringing my <b>dog</b>.", intake=intake)
    send_due(now=NOW)
    alerts = [m for m in mail.outbox if m.to == ["owner@studio.example"]]
    assert len(alerts) == 1
    message = parsed(alerts[0])
    assert message["Reply-To"] == "Ada Lovelace <ada@example.com>"
    assert all("ada@example.com" not in str(message[h] or "") for h in ("To", "Cc", "Bcc"))
    assert message["Subject"] == "New booking: Ada Lovelace, Headshot on Wed 9 Jan"
    text = message.get_body(preferencelist=("plain",)).get_content()
    html = message.get_body(preferencelist=("html",)).get_content()
    assert "Bringing my <b>dog</b>." in text and "Bringing my &lt;b&gt;dog&lt;/b&gt;." in html
    assert "The wizard recommended: Headshot" in text
    assert "You'll use it on LinkedIn." in text
    assert f"https://studio.example/dashboard/bookings/{booking.reference}/" in text
    assert "£50, not paid yet" in text
    # The client's own confirmation went to the client, as before.
    to_client = [m.subject for m in mail.outbox if m.to == ["Ada Lovelace <ada@example.com>"]]
    assert [subject for subject in to_client if subject.startswith("Booked:")] == [
        "Booked: Headshot on Wednesday 9 January 2030 at 10:00"
    ]


def test_moved_alert_names_the_old_and_new_time_and_cancel_alert_the_reason(studio):
    booking = book(headshot())
    booking = services.reschedule(booking=booking, start=wednesday("14:00"), now=NOW)
    booking = services.cancel(booking=booking, reason="Flu, sorry.", now=NOW)
    moved = build_studio_message(booking.reminders.get(kind=Kind.ALERT_MOVED))
    assert "Was: Wednesday 9 January 2030, 10:00 (GMT)" in moved.body
    assert "Now: Wednesday 9 January 2030, 14:00 (GMT)" in moved.body
    cancelled = build_studio_message(booking.reminders.get(kind=Kind.ALERT_CANCELLED))
    assert "Their reason: Flu, sorry." in cancelled.body
    assert cancelled.subject.startswith("Cancelled by the client: Ada Lovelace")


def test_a_name_with_line_breaks_cannot_inject_headers(studio):
    client = ClientFactory(name="Eve\r\nBcc: victim@example.com", email="eve@example.com")
    booking = BookingFactory(client=client, session_type=headshot())
    alert = plan_alert(booking, kind=Kind.ALERT_NEW, now=NOW)
    message = parsed(build_studio_message(alert))
    assert message["Bcc"] is None
    assert "\n" not in message["Subject"] and "\n" not in message["Reply-To"]


def test_an_alert_survives_a_later_move_of_the_booking(studio):
    booking = book(headshot())
    services.reschedule(booking=booking, start=wednesday("14:00"), now=NOW)
    assert send_due(now=NOW) >= 2
    states = {alert.kind: alert.state for alert in alerts_of(booking)}
    assert states == {Kind.ALERT_NEW: State.SENT, Kind.ALERT_MOVED: State.SENT}


# The digest


def digest_rows():
    return list(Reminder.objects.filter(kind=Kind.DIGEST))


def at_london(day: date, hhmm: str) -> datetime:
    return later_day((day - NOW.date()).days, hhmm)


def test_the_digest_is_planned_once_a_day_after_its_time(studio):
    monday = NOW.date()
    assert plan_digest(now=at_london(monday, "06:59")) is None
    row = plan_digest(now=at_london(monday, "07:00"))
    assert row.digest_day == monday and row.booking is None
    assert plan_digest(now=at_london(monday, "07:01")) is None
    assert plan_digest(now=at_london(monday + timedelta(days=1), "07:00")) is not None
    assert len(digest_rows()) == 2


def test_the_digest_switched_off_is_not_planned(studio):
    StudioProfile.objects.filter(pk=1).update(alert_digest=False)
    assert plan_digest(now=at_london(NOW.date(), "09:00")) is None
    assert digest_rows() == []


def test_the_digest_for_a_day_with_three_sessions_lists_three(studio):
    session_type = headshot()
    wednesday_day = date(2030, 1, 9)
    for hhmm, paid in (("09:00", True), ("11:00", False), ("15:00", False)):
        BookingFactory(
            session_type=session_type,
            start=wednesday(hhmm),
            intake=IntakeResponseFactory(),
            deposit_paid=paid,
        )
    BookingFactory(session_type=session_type, start=later_day(3, "10:00"))  # Thursday
    BookingFactory(
        session_type=session_type, start=wednesday("16:00"), status=Booking.Status.CANCELLED
    )
    row = plan_digest(now=at_london(wednesday_day, "07:00"))
    assert send_due(now=at_london(wednesday_day, "07:00")) == 1
    (message,) = mail.outbox
    assert message.to == ["hello@studio.example"] and not message.reply_to
    assert message.subject == "Wednesday 9 January: 3 sessions"
    assert "2 deposits not paid yet." in message.body
    listed = re.findall(r"^(\d+)\. (\d\d:\d\d)-", message.body, re.M)
    assert listed == [("1", "09:00"), ("2", "11:00"), ("3", "15:00")]
    assert message.body.count("What the client told the wizard:") == 3
    row.refresh_from_db()
    assert row.state == State.SENT


def test_the_digest_flags_a_session_that_clashes_with_the_photographer_s_calendar(studio):
    session_type = headshot()
    wednesday_day = date(2030, 1, 9)
    clashing = BookingFactory(session_type=session_type, start=wednesday("10:00"))
    BookingFactory(session_type=session_type, start=wednesday("14:00"))
    # Read from the photographer's calendar after the booking was made.
    BusyIntervalFactory(
        calendar__name="Family",
        start=wednesday("10:30"),
        end=wednesday("11:30"),
        title="School play",
    )
    plan_digest(now=at_london(wednesday_day, "07:00"))
    send_due(now=at_london(wednesday_day, "07:00"))
    (message,) = mail.outbox
    body = " ".join(message.body.split())
    assert body.count("Clashes with busy time") == 1
    assert 'Clashes with busy time in your calendar "Family", 10:30-11:30.' in body
    assert body.index("Clashes with busy time") < body.index("14:00-")  # under the 10:00 one
    assert "School play" not in body  # titles stay on the dashboard
    html = message.alternatives[0][0]
    assert "Clashes with busy time in your calendar “Family”" in html
    clashing.refresh_from_db()
    assert clashing.start == wednesday("10:00")  # the booking itself is never touched


def test_no_digest_on_a_day_without_sessions_nor_after_the_day(studio):
    monday = NOW.date()
    plan_digest(now=at_london(monday, "07:00"))
    send_due(now=at_london(monday, "07:00"))
    assert digest_rows()[0].last_error == SKIP_NO_SESSIONS
    BookingFactory(session_type=headshot(), start=later_day(1, "10:00"))
    plan_digest(now=at_london(monday + timedelta(days=1), "07:00"))
    # The sender was down all day: the next morning it is yesterday's news.
    send_due(now=datetime(2030, 1, 9, 7, 0, tzinfo=UTC))
    assert digest_rows()[1].last_error == SKIP_DAY_OVER
    assert mail.outbox == []
