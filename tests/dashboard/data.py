"""Bulk test data for the query-count tests: many bookings, quickly, never overlapping."""

import secrets
from datetime import datetime, time, timedelta
from decimal import Decimal

from django.utils import timezone

from bookings.models import Booking, Client, IntakeResponse, Reminder
from guides.models import Tip
from studio.models import SessionKind, StudioProfile, TimeOff
from tests.factories import SessionTypeFactory

KINDS = [SessionKind.HEADSHOT, SessionKind.PORTRAIT, SessionKind.HYBRID]


def session_types():
    return [
        SessionTypeFactory(kind=kind, duration_minutes=30, buffer_after_minutes=0) for kind in KINDS
    ]


def add_bookings(count: int, *, offset: int = 0, types=None, clients=None) -> list[Booking]:
    """`count` bookings over the 83 days around today, never overlapping, two emails each.

    Every fifth client gets many bookings (for history pages); every third booking has
    wizard answers; every seventh has a failed email; some are pending or cancelled.
    """
    tz = StudioProfile.load().tz
    today = timezone.localdate(timezone.now(), tz)
    types = types or session_types()
    if clients is None:
        clients = Client.objects.bulk_create(
            Client(name=f"Client {i}", email=f"bulk{i}-{secrets.token_hex(3)}@example.com")
            for i in range(5)
        )
    bookings, intakes = [], []
    for i in range(offset, offset + count):
        # 7 is invertible mod 83: each run of 83 bookings covers every day once, today first;
        # 2,000 bookings fill each day from 07:00 to 19:30 at most, never into the next.
        day = today + timedelta(days=(i * 7 + 41) % 83 - 41)
        start = datetime.combine(day, time(7, 0), tzinfo=tz) + timedelta(minutes=30 * (i // 83))
        session_type = types[i % 3]
        status = Booking.Status.CONFIRMED
        if i % 11 == 0:
            status = Booking.Status.PENDING
        elif i % 13 == 0:
            status = Booking.Status.CANCELLED
        intake = None
        if i % 3 == 0:
            intake = IntakeResponse(
                answers={"uses": ["linkedin"], "people": "just_me"},
                recommended_kind=KINDS[i % 2],
                runner_up_kind=SessionKind.HYBRID,
                reasons=["A reason."],
            )
            intakes.append(intake)
        bookings.append(
            Booking(
                reference=f"HS-Q{i:05d}",
                manage_token=f"bulk-{i}-{secrets.token_hex(8)}",
                client=clients[i % len(clients)],
                session_type=session_type,
                start=start,
                end=start + timedelta(minutes=30),
                blocked_start=start,
                blocked_end=start + timedelta(minutes=30),
                status=status,
                price=Decimal("100"),
                deposit=Decimal("20"),
                change_notice_hours=48,
                intake=intake,
            )
        )
    IntakeResponse.objects.bulk_create(intakes)
    for booking in bookings:
        if booking.intake is not None:
            booking.intake_id = booking.intake.pk
    Booking.objects.bulk_create(bookings)
    reminders = []
    for index, booking in enumerate(bookings):
        failed = (offset + index) % 7 == 0
        reminders += [
            Reminder(
                booking=booking,
                kind=Reminder.Kind.CONFIRMATION,
                due_at=booking.start,
                state=Reminder.State.FAILED if failed else Reminder.State.SENT,
            ),
            Reminder(booking=booking, kind=Reminder.Kind.DAY_BEFORE, due_at=booking.start),
        ]
    Reminder.objects.bulk_create(reminders)
    Tip.objects.bulk_create(
        Tip(category=Tip.Category.WARDROBE, title=f"Tip {offset + i}", body="Wear blue.")
        for i in range(max(count // 10, 1))
    )
    TimeOff.objects.create(
        start=timezone.now() + timedelta(days=offset % 17 + 1),
        end=timezone.now() + timedelta(days=offset % 17 + 2),
    )
    return bookings
