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
from bookings.studio_emails import build_studio_message
from studio.models import SessionKind, SessionType, StudioProfile


def sample_booking(studio: StudioProfile, session_type: SessionType, index: int = 0) -> Booking:
    """An unsaved booking nine days ahead at 10:00 studio time, with intake answers."""
    day = timezone.now().astimezone(studio.tz).date() + timedelta(days=9)
    start = datetime.combine(day, time(10, 0), tzinfo=studio.tz)
    intake = IntakeResponse(
        answers={"uses": ["linkedin", "casting"], "people": "just_me", "styling": "few"},
        recommended_kind=session_type.kind,
    )
    booking = Booking(
        reference=f"SAMPLE{index}",
        manage_token="sample-manage-token",  # noqa: S106 - not a secret: a sample link
        client=Client(name="Alex Morgan", email="alex.morgan@example.com"),
        session_type=session_type,
        start=start,
        end=start + timedelta(minutes=session_type.duration_minutes),
        status=Booking.Status.CONFIRMED,
        people=1,
        price=session_type.price,
        deposit=session_type.deposit,
        change_notice_hours=studio.change_notice_hours,
        version=1,
    )
    booking.intake = intake
    return booking


def studio_message(kind: str, booking: Booking, studio: StudioProfile):
    """A studio alert or digest about the sample booking (an unsaved outbox row)."""
    booking.status = Booking.Status.CONFIRMED
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
        renderer = Renderer(studio)
        session_type = SessionType.objects.active().first() or made_up_session_type()
        booking = sample_booking(studio, session_type)
        written = []
        for kind, spec in SPECS.items():
            if spec.for_studio:
                message = studio_message(kind, booking, studio)
                write(folder, kind, message)
                written.append((kind, message.subject))
                continue
            booking.status = spec.fits[0]  # the status the message usually goes out in
            message = build_message(kind, booking, renderer=renderer)
            write(folder, kind, message)
            written.append((kind, message.subject))
        links = "\n".join(
            f'<li><a href="{kind}.html">{escape(subject)}</a> '
            f'(<a href="{kind}.txt">text</a>, <a href="{kind}.eml">.eml</a>)</li>'
            for kind, subject in written
        )
        (folder / "index.html").write_text(
            f"<!doctype html><meta charset='utf-8'><title>Email samples</title>"
            f"<h1>Email samples</h1><ul>{links}</ul>\n",
            encoding="utf-8",
        )
        self.stdout.write(f"Wrote {len(written)} messages to {folder}")
