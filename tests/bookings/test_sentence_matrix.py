"""Every sentence true for the booking it is about (issue 24).

Renders every client email, at the time it would be sent, and the manage and
confirmation pages for a matrix of bookings (studio or location, one person or a group,
each session kind, deposit by the studio's instructions / paid online / unpaid with no
instructions, booked a week or 30 hours ahead) from the demo's own texts, and asserts
that no sentence kept in templates/emails/wrong_case.toml for another case appears.
"""

import itertools
import re
import tomllib
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from bookings import drafts
from bookings.emails import Renderer, build_message
from bookings.models import Booking
from bookings.reminder_kinds import SPECS
from bookings.reminders.schedule import Rules, plan
from guides.demo import seed_guides
from studio.demo import seed_studio
from studio.models import SessionType
from tests.factories import BookingFactory, ClientFactory, IntakeResponseFactory

pytestmark = pytest.mark.django_db

WRONG_CASE = tomllib.loads(
    (Path(settings.BASE_DIR) / "templates" / "emails" / "wrong_case.toml").read_text("utf-8")
)
CLIENT_KINDS = [kind for kind, spec in SPECS.items() if not spec.for_studio]
# A fixed Monday 09:00 in London, so "a week ahead" and "30 hours ahead" fall the same way.
NOW = datetime(2027, 3, 8, 9, 0, tzinfo=UTC)


def sentences(section: str) -> list[str]:
    return [s for group in WRONG_CASE[section].values() for s in group]


@dataclass(frozen=True)
class Case:
    on_location: bool
    people: int
    slug: str
    deposit: str  # "instructions", "paid_online", "unpaid"
    ahead: timedelta

    def __str__(self) -> str:
        where = "location" if self.on_location else "studio"
        return f"{where}-{self.people}p-{self.slug}-{self.deposit}-{self.ahead}"


CASES = [
    Case(*values)
    for values in itertools.product(
        (False, True),
        (1, 4),
        ("headshot", "portrait", "personal-branding"),
        ("instructions", "paid_online", "unpaid"),
        (timedelta(days=7), timedelta(hours=30)),
    )
]


def forbidden(case: Case, booking: Booking, *, sent_at: datetime, studio) -> list[str]:
    """The sentences that must not reach this booking in something sent at `sent_at`."""
    found = sentences("location_only" if not case.on_location else "studio_only")
    if case.people == 1:
        found += sentences("group_only")
    if booking.deposit_paid or not booking.deposit:
        found += sentences("deposit_due_only")
    if sent_at >= booking.change_deadline:
        found += sentences("change_open_only")
    else:
        found += sentences("change_closed_only")
    with timezone.override(studio.tz):
        days = (
            booking.start.astimezone(studio.tz).date() - sent_at.astimezone(studio.tz).date()
        ).days
    for lead in WRONG_CASE["lead"]:
        if days < lead["days"]:
            found += lead["sentences"]
    return found


def assert_none(text: str, banned: list[str], where: str) -> None:
    flat = re.sub(r"\s+", " ", text)
    seen = [sentence for sentence in banned if sentence in flat]
    assert not seen, f"{where}: {seen}"


@pytest.fixture
def demo(db, settings, monkeypatch):
    settings.SITE_URL = "https://studio.example"
    monkeypatch.setattr("studio.demo._give_demo_cover", lambda session_type: None)  # slow
    studio = seed_studio()
    seed_guides()
    return studio


def make_booking(case: Case, studio) -> Booking:
    session_type = SessionType.objects.get(slug=case.slug)
    start = (NOW + case.ahead).replace(minute=0)
    answers = {
        "uses": ["linkedin"],
        "people": "group" if case.people > 1 else "just_me",
        "styling": "few",
    }
    booking = BookingFactory(
        intake=IntakeResponseFactory(answers=answers, recommended_kind=session_type.kind),
        session_type=session_type,
        client=ClientFactory(name="Alex Morgan"),
        start=start,
        people=case.people,
        on_location=case.on_location,
        location="Roundhay Park, Leeds" if case.on_location else "",
        deposit_paid=case.deposit == "paid_online",
        deposit_online=case.deposit == "paid_online",
    )
    return Booking.objects.select_related("session_type", "client", "intake").get(pk=booking.pk)


@pytest.mark.parametrize("case", CASES, ids=str)
def test_no_sentence_of_another_case(case, demo, time_machine, client):
    studio = demo
    if case.deposit != "instructions":
        studio.deposit_instructions = ""
        studio.save()
    time_machine.move_to(NOW, tick=False)
    booking = make_booking(case, studio)
    rules = Rules.from_studio(studio)
    renderer = Renderer(studio)
    for kind in CLIENT_KINDS:
        decided = plan(kind, start=booking.start, end=booking.end, now=NOW, rules=rules)
        if decided.skip_reason:
            continue
        booking.status = SPECS[kind].fits[0]
        time_machine.move_to(decided.due_at, tick=False)
        message = build_message(kind, booking, renderer=renderer, previous_start=booking.start)
        html = re.sub(r"<[^>]+>", " ", message.alternatives[0][0])
        banned = forbidden(case, booking, sent_at=decided.due_at, studio=studio)
        for where, text in (("text", message.body), ("html", html), ("subject", message.subject)):
            assert_none(text, banned, f"{kind} {where}")
    Booking.objects.filter(pk=booking.pk).update(status=Booking.Status.CONFIRMED)
    booking.status = Booking.Status.CONFIRMED
    time_machine.move_to(NOW, tick=False)
    banned = forbidden(case, booking, sent_at=NOW, studio=studio)
    page = client.get(reverse("bookings:manage", args=[booking.manage_token]))
    assert_none(page.content.decode(), banned, "manage page")
    session = client.session
    session[drafts.DONE_KEY] = {"id": booking.pk}
    session.save()
    page = client.get(reverse("bookings:confirmed", args=[booking.session_type.slug]))
    assert page.status_code == 200
    assert_none(page.content.decode(), banned, "confirmation page")


@pytest.mark.parametrize(
    ("on_location", "kind", "said"),
    [
        (False, "day_before", "check your hair and clothes in the mirror"),
        (False, "preparation", "Have your haircut a week before"),
        (True, "day_before", "Be ready at the place ten minutes"),
        (True, "preparation", "Plan for the location and the weather"),
        (False, "confirmation", "You can move or cancel it yourself"),
        (False, "confirmation", "pay by card at the studio"),
    ],
)
def test_the_sentences_it_forbids_reach_their_own_case(on_location, kind, said, demo, time_machine):
    """A forbidden sentence is still said to the bookings it is true for (else the matrix
    could pass because nobody says it at all)."""
    case = Case(on_location, 1, "portrait", "instructions", timedelta(days=10))
    time_machine.move_to(NOW, tick=False)
    booking = make_booking(case, demo)
    message = build_message(kind, booking, renderer=Renderer(demo))
    assert said in re.sub(r"\s+", " ", message.body)
