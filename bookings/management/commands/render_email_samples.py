import copy
from dataclasses import dataclass
from datetime import datetime, time, timedelta
from decimal import Decimal
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone
from django.utils.html import escape

from bookings.emails import Renderer, build_message
from bookings.models import Booking, Client, IntakeResponse, Reminder
from bookings.reminder_kinds import SPECS
from bookings.reminders.schedule import Rules, plan
from bookings.studio_emails import build_studio_message
from studio.models import SessionKind, SessionType, StudioProfile


@dataclass(frozen=True)
class Case:
    """One booking of the samples' matrix."""

    on_location: bool = False
    people: int = 1
    deposit: str = "instructions"  # the studio's instructions, "paid_online" or "unpaid"
    days_ahead: int = 9  # 9 days ahead at 10:00, or 1: 30 hours ahead (see start_for)

    @property
    def name(self) -> str:
        where = "location" if self.on_location else "studio"
        ahead = "week-ahead" if self.days_ahead > 1 else "30-hours-ahead"
        return f"{where}-{self.people}p-{self.deposit}-{ahead}"


CASES = [
    Case(on_location, people, deposit, days)
    for on_location in (False, True)
    for people in (1, 3)
    for deposit in ("instructions", "paid_online", "unpaid")
    for days in (9, 1)
]
# Studio alerts are about an event; the booking's status is the one that event left.
ALERT_STATUS = {
    Reminder.Kind.ALERT_PENDING: Booking.Status.PENDING,
    Reminder.Kind.ALERT_CANCELLED: Booking.Status.CANCELLED,
}


def start_for(studio: StudioProfile, case: Case) -> datetime:
    if case.days_ahead <= 1:
        return (timezone.now() + timedelta(hours=30)).replace(minute=0, second=0, microsecond=0)
    day = timezone.now().astimezone(studio.tz).date() + timedelta(days=case.days_ahead)
    return datetime.combine(day, time(10, 0), tzinfo=studio.tz)


def sample_booking(
    studio: StudioProfile, session_type: SessionType, index: int = 0, case: Case = Case()
) -> Booking:
    """An unsaved booking as `case` describes (nine days ahead at 10:00 studio time by
    default), with intake answers that agree with it."""
    start = start_for(studio, case)
    people = min(case.people, session_type.max_people)
    answers = {
        "uses": ["linkedin", "casting"] if people == 1 else ["family"],
        "people": "just_me" if people == 1 else "group",
        "styling": "few",
    }
    if people > 1:
        answers["people_count"] = people
    if case.on_location:
        answers.update(place="meaningful", place_detail="Roundhay Park")
    intake = IntakeResponse(answers=answers, recommended_kind=session_type.kind)
    booking = Booking(
        reference=f"SAMPLE{index}",
        manage_token="sample-manage-token",  # noqa: S106 - not a secret: a sample link
        client=Client(name="Alex Morgan", email="alex.morgan@example.com"),
        session_type=session_type,
        start=start,
        end=start + timedelta(minutes=session_type.duration_minutes),
        status=Booking.Status.CONFIRMED,
        people=people,
        on_location=case.on_location,
        location="Roundhay Park, Leeds" if case.on_location else "",
        price=session_type.price,
        deposit=session_type.deposit,
        deposit_paid=case.deposit == "paid_online",
        deposit_online=case.deposit == "paid_online",
        change_notice_hours=studio.change_notice_hours,
        version=1,
    )
    booking.intake = intake
    return booking


def studio_message(kind: str, booking: Booking, studio: StudioProfile):
    """A studio alert or digest about the sample booking (an unsaved outbox row)."""
    booking.status = ALERT_STATUS.get(kind, Booking.Status.CONFIRMED)
    booking.notes = "I wear glasses, and I would love one photo by the window."
    if kind == Reminder.Kind.ALERT_CANCELLED:
        booking.cancel_reason = "My flight was moved; I will book again next month."
    reminder = Reminder(
        booking=booking,
        kind=kind,
        previous_start=booking.start - timedelta(days=2),
        due_at=timezone.now(),
    )
    if kind == Reminder.Kind.DIGEST:
        reminder.booking = None
        reminder.digest_day = booking.start.astimezone(studio.tz).date()
        return build_studio_message(reminder, studio=studio, sessions=[booking])
    return build_studio_message(reminder, studio=studio)


def write(folder: Path, kind: str, message) -> None:
    (folder / f"{kind}.txt").write_text(message.body, encoding="utf-8")
    (folder / f"{kind}.html").write_text(message.alternatives[0][0], encoding="utf-8")
    (folder / f"{kind}.eml").write_bytes(message.message().as_bytes())


def made_up_session_type() -> SessionType:
    return SessionType(
        kind=SessionKind.HEADSHOT,
        name="Professional headshot",
        slug="headshot",
        summary="A clear, friendly head-and-shoulders photo.",
        purpose="",
        suits="",
        what_happens="We talk about where the photo will be used, set the light and shoot.",
        deliverables="Two retouched images in a private gallery within five working days.",
        duration_minutes=45,
        price=Decimal("185.00"),
        deposit=Decimal("50.00"),
        looks=2,
    )


def render_case(folder: Path, studio: StudioProfile, booking: Booking) -> list:
    """Every message about one sample booking, each in the status it goes out in; a kind
    the outbox would skip for this booking (booked too late for it) is left out."""
    renderer = Renderer(studio)
    rules = Rules.from_studio(studio)
    now = timezone.now()
    written = []
    for kind, spec in SPECS.items():
        if spec.for_studio:
            message = studio_message(kind, booking, studio)
        else:
            if plan(kind, start=booking.start, end=booking.end, now=now, rules=rules).skip_reason:
                continue
            booking.status = spec.fits[0]  # the status the message usually goes out in
            moved = kind == Reminder.Kind.RESCHEDULED
            previous = booking.start - timedelta(days=2) if moved else None
            message = build_message(kind, booking, renderer=renderer, previous_start=previous)
        write(folder, kind, message)
        written.append((kind, message.subject))
    return written


def index(folder: Path, title: str, written: list, cases: list[str] = ()) -> None:
    links = "\n".join(
        f'<li><a href="{kind}.html">{escape(subject)}</a> '
        f'(<a href="{kind}.txt">text</a>, <a href="{kind}.eml">.eml</a>)</li>'
        for kind, subject in written
    )
    more = "".join(f'<li><a href="{name}/index.html">{escape(name)}</a></li>' for name in cases)
    (folder / "index.html").write_text(
        f"<!doctype html><meta charset='utf-8'><title>{escape(title)}</title>"
        f"<h1>{escape(title)}</h1><ul>{links}</ul>"
        + (f"<h2>Every case</h2><ul>{more}</ul>" if more else "")
        + "\n",
        encoding="utf-8",
    )


class Command(BaseCommand):
    help = (
        "Write every email the site sends, as text, HTML and .eml, for a made-up booking "
        "with this studio's own profile, guides and tips (default folder: var/email-samples)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--out", default=str(Path(settings.BASE_DIR) / "var" / "email-samples"))

    def handle(self, *args, out, **options):
        folder = Path(out)
        folder.mkdir(parents=True, exist_ok=True)
        studio = StudioProfile.load()
        session_types = list(SessionType.objects.active()) or [made_up_session_type()]
        # The first session type, at the studio for one person a week ahead, at the top.
        written = render_case(folder, studio, sample_booking(studio, session_types[0]))
        cases = []
        for session_type in session_types:
            for case in CASES:
                if case.on_location and not session_type.asks_where:
                    continue
                if case.people > 1 and session_type.max_people == 1:
                    continue
                name = f"{session_type.slug}-{case.name}"
                here = folder / "cases" / name
                here.mkdir(parents=True, exist_ok=True)
                case_studio = copy.copy(studio)
                if case.deposit == "unpaid":
                    case_studio.deposit_instructions = ""
                booking = sample_booking(case_studio, session_type, case=case)
                index(here, name, render_case(here, case_studio, booking))
                cases.append(f"cases/{name}")
        index(folder, "Email samples", written, cases)
        self.stdout.write(f"Wrote {len(written)} messages and {len(cases)} cases to {folder}")
