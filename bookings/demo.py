"""Sample bookings for the demo studio, so a first `make run` shows a working week.

Made through the same services as real bookings (book, confirm, set_outcome, the wizard's
record_intake), so every row obeys the rules and the database constraint, "as of" the day
the client booked (two weeks before a past session, a few days ago for a coming one); the
emails due since then are marked sent (one bounced), as the sender would have left them.
Only the two "pending" samples, those email states and the booking dates are written here
directly, for the demo's sake. Idempotent: each sample has an idempotency key
(`demo-...`), and running again returns the bookings already made, whatever the date.
Clients have addresses on example.com, a domain that never receives mail.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from datetime import datetime, time, timedelta

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from PIL import Image, ImageDraw

from studio.images import clean_image
from studio.models import SessionType, StudioProfile

from .availability import free_slots
from .intake.services import choose_session_type, record_intake
from .models import Booking, Reminder
from .reminders import plan_reminders
from .selectors import busy_for_days, rules_for, shape_of
from .services import ClientDetails, book, confirm, mark_deposit_paid, set_outcome

KEY_PREFIX = "demo-"
# How far ahead of a past session its booking is made, so the services accept it, and how
# many days around a sample's day are searched for a free time.
BOOKED_AHEAD = timedelta(days=14)
SEARCH_DAYS = 7
# A past session's planned emails were sent; this one bounced, to show a failed email.
BOUNCE = "550 5.1.1 Recipient address rejected: mailbox unavailable"


@dataclass(frozen=True)
class Sample:
    key: str
    name: str
    email: str
    session: str  # session type slug
    day: int  # days from today, negative for past sessions
    hour: int  # the preferred start, studio time; the nearest free start that day is taken
    booked: int = 3  # days before today the client booked a coming session
    phone: str = ""
    people: int = 1
    purpose: str = ""
    notes: str = ""
    answers: dict = field(default_factory=dict)  # the wizard's answers, if the client used it
    outcome: str = ""  # completed / no_show for past sessions
    pending: bool = False  # waiting for the studio's confirmation
    deposit_paid: bool = False
    image: bool = False  # an inspiration image
    failed_email: bool = False


SAMPLES = (
    Sample(
        "priya",
        "Priya Raman",
        "priya.raman@example.com",
        "headshot",
        day=-12,
        hour=10,
        purpose="New LinkedIn photo",
        answers={"uses": ["linkedin", "company"], "purpose": "credible", "people": "just_me"},
        outcome=Booking.Status.COMPLETED,
        deposit_paid=True,
    ),
    Sample(
        "tom",
        "Tom Whitaker",
        "tom.whitaker@example.com",
        "portrait",
        day=-9,
        hour=14,
        purpose="Portraits for a book jacket",
        notes="I write crime novels; something moody would suit.",
        answers={"uses": ["editorial"], "purpose": "expressive", "light": "dramatic"},
        outcome=Booking.Status.COMPLETED,
        deposit_paid=True,
    ),
    Sample(
        "jess",
        "Jess Morgan",
        "jess.morgan@example.com",
        "headshot",
        day=-5,
        hour=11,
        phone="+44 7700 900123",
        purpose="Casting headshots",
        outcome=Booking.Status.NO_SHOW,
    ),
    Sample(
        "amara",
        "Amara Okafor",
        "amara.okafor@example.com",
        "personal-branding",
        day=-3,
        hour=10,
        purpose="Website and social media for my bakery",
        answers={
            "uses": ["brand", "social"],
            "purpose": "story",
            "people": "just_me",
            "place": "either",
            "styling": "few",
        },
        outcome=Booking.Status.COMPLETED,
        deposit_paid=True,
        failed_email=True,
    ),
    Sample(
        "daniel",
        "Daniel Cho",
        "daniel.cho@example.com",
        "headshot",
        day=1,
        hour=9,
        booked=10,
        purpose="Speaker bio for a conference",
        notes="I wear glasses; should I bring contact lenses as well?",
        answers={"uses": ["speaker", "linkedin"], "purpose": "credible", "people": "just_me"},
        deposit_paid=True,
        image=True,
    ),
    Sample(
        "harper",
        "Harper & Sam Ellis",
        "harper.ellis@example.com",
        "portrait",
        day=2,
        hour=13,
        booked=1,
        people=2,
        purpose="An anniversary portrait for the living room",
        answers={"uses": ["wall_art"], "people": "two", "light": "natural"},
        pending=True,
    ),
    Sample(
        "lucia",
        "Lucía Fernández",
        "lucia.fernandez@example.com",
        "personal-branding",
        day=4,
        hour=10,
        booked=6,
        purpose="New website for my design studio",
        notes="I would love a few pictures at my desk with my tools.",
        answers={
            "uses": ["brand", "linkedin"],
            "purpose": "mix",
            "people": "just_me",
            "place": "either",
            "styling": "props",
            "field": "creative",
        },
        deposit_paid=True,
    ),
    Sample(
        "oliver",
        "Oliver Grant",
        "oliver.grant@example.com",
        "headshot",
        day=6,
        hour=15,
        booked=2,
        phone="+44 7700 900456",
        purpose="Company team page",
    ),
    Sample(
        "mei",
        "Mei Lin",
        "mei.lin@example.com",
        "portrait",
        day=9,
        hour=11,
        booked=0,
        purpose="Portfolio for my dance company",
        answers={"uses": ["editorial", "brand"], "purpose": "expressive", "framing": "full_length"},
        pending=True,
    ),
    Sample(
        "noah",
        "Noah Bennett",
        "noah.bennett@example.com",
        "headshot",
        day=12,
        hour=10,
        booked=4,
        purpose="Headshot for a new job",
        deposit_paid=True,
    ),
)


def _start(sample: Sample, session_type: SessionType, *, studio, as_of: datetime) -> datetime:
    """The free start nearest the sample's preferred hour on its day or, when the studio is
    closed or full that day, on the nearest day that keeps a past sample in the past."""
    rules, shape = rules_for(studio), shape_of(session_type)
    day = timezone.localtime(timezone.now(), studio.tz).date() + timedelta(days=sample.day)
    step = timedelta(days=-1 if sample.day < 0 else 1)
    last = day + step * SEARCH_DAYS
    busy = busy_for_days(min(day, last), max(day, last), rules=rules, shape=shape)
    for _ in range(SEARCH_DAYS):
        preferred = datetime.combine(day, time(sample.hour), tzinfo=studio.tz)
        starts = free_slots(day, rules=rules, session=shape, busy=busy, now=as_of)
        if starts:
            return min(starts, key=lambda start: abs(start - preferred))
        day += step
    raise LookupError(f"No free time near day {sample.day} for the sample '{sample.key}'.")


def _inspiration_image():
    """A small generated mood picture, through the same cleaning as an upload."""
    picture = Image.new("RGB", (480, 360), (214, 196, 176))
    draw = ImageDraw.Draw(picture)
    draw.ellipse((170, 60, 310, 200), fill=(120, 98, 82))
    draw.rectangle((130, 210, 350, 360), fill=(58, 64, 78))
    data = io.BytesIO()
    picture.save(data, "JPEG", quality=85)
    return clean_image(ContentFile(data.getvalue(), name="mood.jpg"))


def _book(sample: Sample, session_type: SessionType, *, studio, now: datetime) -> Booking:
    past = sample.day < 0
    as_of = now + timedelta(days=sample.day) - BOOKED_AHEAD if past else now
    as_of -= timedelta(days=0 if past else sample.booked)
    intake = None
    if sample.answers:
        intake = record_intake(answers=sample.answers)
        choose_session_type(intake=intake, session_type=session_type)
    booking = book(
        session_type=session_type,
        start=_start(sample, session_type, studio=studio, as_of=as_of),
        client=ClientDetails(name=sample.name, email=sample.email, phone=sample.phone),
        people=sample.people,
        purpose=sample.purpose,
        notes=sample.notes,
        intake=intake,
        images=[_inspiration_image()] if sample.image else [],
        idempotency_key=KEY_PREFIX + sample.key,
        now=as_of,
    )
    if booking.status == Booking.Status.PENDING and not sample.pending:
        booking = confirm(booking=booking)
    elif booking.status == Booking.Status.CONFIRMED and sample.pending:
        # As if the studio had asked to confirm this one itself: the confirmation email is
        # skipped and the "request received" one planned instead.
        booking.status = Booking.Status.PENDING
        booking.save(update_fields=["status", "updated_at"])
        plan_reminders(booking, now=as_of)
    if sample.deposit_paid:
        booking = mark_deposit_paid(booking=booking)
    _settle_past_emails(booking, now=now)
    if past:
        booking = set_outcome(booking=booking, status=sample.outcome, now=now)
        _settle_past_emails(booking, now=now, failed=sample.failed_email)
    Booking.objects.filter(pk=booking.pk).update(created_at=as_of)
    return booking


def _settle_past_emails(booking: Booking, *, now: datetime, failed: bool = False) -> None:
    """Emails that were due before now show as sent (one as bounced), not waiting to go."""
    due = booking.reminders.filter(state=Reminder.State.PENDING, due_at__lte=now)
    due.update(state=Reminder.State.SENT, sent_at=F("due_at"), attempts=1)
    if failed:
        last = booking.reminders.filter(state=Reminder.State.SENT).order_by("-due_at").first()
        if last is not None:
            Reminder.objects.filter(pk=last.pk).update(
                state=Reminder.State.FAILED, sent_at=None, attempts=5, last_error=BOUNCE
            )


def seed_bookings(*, now: datetime | None = None) -> list[Booking]:
    """The sample bookings, made once. Returns them in the order of SAMPLES."""
    now = now or timezone.now()
    studio = StudioProfile.load()
    types = {session_type.slug: session_type for session_type in SessionType.objects.all()}
    made = []
    for sample in SAMPLES:
        existing = Booking.objects.filter(idempotency_key=KEY_PREFIX + sample.key).first()
        if existing is not None:
            made.append(existing)
            continue
        with transaction.atomic():
            made.append(_book(sample, types[sample.session], studio=studio, now=now))
    return made
