"""The one description of each kind of message: complete, and read the same by everyone."""

import pytest
from django.template.loader import get_template

from bookings import reminder_kinds as kinds
from bookings.models import Booking, Reminder

Kind = Reminder.Kind
Status = Booking.Status


def test_every_kind_has_a_spec_and_both_templates():
    assert list(kinds.SPECS) == list(Kind)
    for kind, spec in kinds.SPECS.items():
        assert spec.kind == kind
        assert spec.fits or kind == Kind.DIGEST, kind
        get_template(spec.text_template)
        get_template(spec.html_template)


@pytest.mark.parametrize(
    ("status", "timed", "fitting"),
    [
        (Status.PENDING, (), {Kind.REQUESTED, Kind.RESCHEDULED, Kind.CHANGED, Kind.RESTORED}),
        (
            Status.CONFIRMED,
            (Kind.PREPARATION, Kind.WARDROBE, Kind.DAY_BEFORE),
            {
                Kind.CONFIRMATION,
                Kind.RESCHEDULED,
                Kind.CHANGED,
                Kind.RESTORED,
                Kind.PREPARATION,
                Kind.WARDROBE,
                Kind.DAY_BEFORE,
            },
        ),
        (Status.CANCELLED, (), {Kind.CANCELLED, Kind.LATE_REFUND}),
        (Status.AWAITING_PAYMENT, (), {Kind.FINISH_PAYING}),
        (Status.EXPIRED, (), {Kind.EXPIRED, Kind.LATE_REFUND}),
        (Status.COMPLETED, (Kind.THANK_YOU,), {Kind.THANK_YOU}),
        (Status.NO_SHOW, (), set()),
    ],
)
def test_each_status_gets_its_messages(status, timed, fitting):
    assert kinds.timed_for(status) == timed
    client_kinds = [kind for kind in Kind if kind not in kinds.FOR_STUDIO]
    assert {kind for kind in client_kinds if kinds.fits(kind, status)} == fitting


def test_announcements_are_urgent_and_the_rest_wait_out_quiet_hours():
    assert kinds.URGENT - kinds.FOR_STUDIO == {
        Kind.REQUESTED,
        Kind.CONFIRMATION,
        Kind.RESCHEDULED,
        Kind.CANCELLED,
        Kind.EXPIRED,
        Kind.FINISH_PAYING,
        Kind.LATE_REFUND,
        Kind.CHANGED,
        Kind.RESTORED,
    }
    assert kinds.FOR_STUDIO <= kinds.URGENT  # alerts and the digest are never held
    assert kinds.BEFORE_SESSION == (Kind.PREPARATION, Kind.WARDROBE, Kind.DAY_BEFORE)


def test_invitations_and_cancellations_carry_a_calendar_file():
    methods = {kind: spec.ics_method for kind, spec in kinds.SPECS.items() if spec.ics_method}
    assert methods == {
        Kind.CONFIRMATION: "REQUEST",
        Kind.RESCHEDULED: "REQUEST",
        Kind.CANCELLED: "CANCEL",
        Kind.CHANGED: "REQUEST",
        Kind.RESTORED: "REQUEST",
    }
