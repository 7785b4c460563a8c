"""The dashboard offers "Resend" exactly when the outbox accepts it and the sender then sends.

One rule (`bookings.reminders.current`) decides all three; before it, the dashboard, the
resend service and the sender each had their own, and a click could report "will be
sent again" for a message the sender then skipped, or hide a studio alert it would send.
"""

from datetime import timedelta

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from bookings.models import Booking, Reminder
from bookings.reminders import send_due
from tests.factories import BookingFactory, ReminderFactory

pytestmark = pytest.mark.django_db

Kind, Status = Reminder.Kind, Booking.Status


def _past_session():
    start = (timezone.now() - timedelta(days=2)).replace(minute=0, second=0, microsecond=0)
    return {"start": start, "end": start + timedelta(hours=1)}


# (case, booking fields, outbox row fields, whether it may go again)
CASES = [
    ("a failed confirmation of a coming session", {}, {"kind": Kind.CONFIRMATION}, True),
    (
        "the request email of a booking confirmed since",
        {},
        {"kind": Kind.REQUESTED},
        False,
    ),
    (
        "a day-before email once the session is over",
        _past_session(),
        {"kind": Kind.DAY_BEFORE},
        False,
    ),
    (
        "an email about an earlier time",
        {"version": 2},
        {"kind": Kind.CONFIRMATION, "booking_version": 1},
        False,
    ),
    (
        "the studio's new-booking alert of a booking cancelled since",
        {"status": Status.CANCELLED, "version": 1},
        {"kind": Kind.ALERT_NEW, "booking_version": 0},
        True,
    ),
    (
        "a studio alert switched off since",
        {},
        {"kind": Kind.ALERT_PENDING},
        False,
    ),
    ("a cancellation", {"status": Status.CANCELLED}, {"kind": Kind.CANCELLED}, True),
]


@pytest.mark.parametrize(
    ("booking_fields", "row_fields", "may_go"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_resend_is_offered_accepted_and_sent_alike(
    staff_client, studio, booking_fields, row_fields, may_go
):
    studio.alert_pending = False
    studio.save()
    booking = BookingFactory(**booking_fields)
    row = ReminderFactory(
        booking=booking,
        state=Reminder.State.FAILED,
        attempts=3,
        last_error="421 try again later",
        due_at=timezone.now() - timedelta(hours=1),
        **row_fields,
    )
    page = staff_client.get(reverse("dashboard:booking", args=[booking.reference])).content
    offered = reverse("dashboard:booking_resend", args=[booking.reference, row.pk]).encode()
    staff_client.post(reverse("dashboard:booking_resend", args=[booking.reference, row.pk]))
    row.refresh_from_db()
    accepted = row.state == Reminder.State.PENDING
    mail.outbox.clear()
    send_due(ids=[row.pk])
    row.refresh_from_db()
    assert (offered in page, accepted, row.state == Reminder.State.SENT) == (may_go,) * 3
    assert len(mail.outbox) == int(may_go)
