"""Rendering: every kind has text + HTML, safe headers, absolute links and the right .ics."""

import email
import re
from datetime import UTC, datetime, timedelta
from email import policy
from email.utils import parseaddr, parsedate_to_datetime

import pytest
from icalendar import Calendar

from bookings.calendar import uid_for
from bookings.emails import Renderer, build_message, one_line
from bookings.models import Booking, Reminder
from bookings.reminder_kinds import FOR_STUDIO
from studio.formatting import money
from studio.models import SessionType
from tests.factories import (
    BookingFactory,
    GuideFactory,
    IntakeResponseFactory,
    SessionTypeFactory,
    StudioProfileFactory,
    TipFactory,
)

pytestmark = pytest.mark.django_db

Kind = Reminder.Kind
# The next steps link to maps and to calendar services (add to Google Calendar / Outlook).
ELSEWHERE = (
    "https://www.google.com/maps/search/?",
    "https://calendar.google.com/calendar/render?",
    "https://outlook.live.com/calendar/0/deeplink/compose?",
)
ALL_KINDS = [kind for kind in Kind.values if kind not in FOR_STUDIO]  # to the client
START = datetime(2027, 6, 16, 9, 0, tzinfo=UTC)  # 10:00 BST


@pytest.fixture(autouse=True)
def site(settings):
    settings.SITE_URL = "https://studio.example"
    settings.DEFAULT_FROM_EMAIL = "Bookings <bookings@studio.example>"


@pytest.fixture
def studio():
    return StudioProfileFactory(
        name="Northlight Studio",
        time_zone="Europe/London",
        email="hello@northlight.example",
        directions="Two bays in the courtyard, signed Studio.",
    )


@pytest.fixture
def booking(studio, time_machine):
    time_machine.move_to(START - timedelta(days=3), tick=False)
    session_type = SessionTypeFactory(
        name="Professional headshot",
        slug="headshot",
        kind="headshot",
        what_happens="We talk, set the light and shoot in short bursts.",
        deliverables="Two retouched images within five working days.",
    )
    return BookingFactory(
        session_type=session_type,
        start=START,
        end=START + timedelta(minutes=45),
        reference="HS-7K3Q9",
        client__name="Ada Lovelace",
        client__email="ada@example.com",
        version=2,
    )


def parts(message):
    """The sent bytes parsed back: (parsed message, text, html, calendar parts)."""
    parsed = email.message_from_bytes(message.message().as_bytes(), policy=policy.default)
    text = parsed.get_body(preferencelist=("plain",)).get_content()
    html = parsed.get_body(preferencelist=("html",)).get_content()
    calendars = [part for part in parsed.walk() if part.get_content_type() == "text/calendar"]
    return parsed, text, html, calendars


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_every_kind_has_text_and_html_parts_with_studio_headers(kind, booking):
    parsed, text, html, _calendars = parts(build_message(kind, booking))
    assert parsed["From"] == "Northlight Studio <bookings@studio.example>"
    assert parsed["Reply-To"] == "Northlight Studio <hello@northlight.example>"
    assert parsed["To"] == "Ada Lovelace <ada@example.com>"
    assert parsed["Subject"] and "\n" not in parsed["Subject"]
    assert parsed["Auto-Submitted"] == "auto-generated"
    assert "HS-7K3Q9" in text and "HS-7K3Q9" in html
    assert html.lstrip().startswith("<!doctype html>")
    assert "<style" not in html  # inline styles only: clients that drop <style> still show it
    assert "<img" not in html  # readable without images
    assert "{{" not in text + html and "{%" not in text + html


@pytest.mark.parametrize("kind", ALL_KINDS)
def test_every_link_is_absolute_from_site_url(kind, booking):
    _parsed, text, html, _calendars = parts(build_message(kind, booking))
    hrefs = re.findall(r'href="([^"]+)"', html)
    assert hrefs
    for href in hrefs:
        assert href.startswith(("https://studio.example/", "mailto:", "tel:", *ELSEWHERE)), href
    for url in re.findall(r"https?://\S+", text):
        assert url.startswith(("https://studio.example/", *ELSEWHERE)), url


def test_confirmation_has_local_time_zone_address_policy_and_manage_link(booking):
    _parsed, text, html, _calendars = parts(build_message(Kind.CONFIRMATION, booking))
    assert "Wednesday 16 June 2027" in text
    assert "10:00-10:45 (BST, Europe/London)" in text
    assert "1 Test Street" in text and "Two bays in the courtyard" in text
    assert "We talk, set the light" in text  # what to expect
    assert "deposit of £50" in text and "48 hours" in text
    assert "Monday 14 June, 10:00" in text  # the last moment to change it for free
    assert f"https://studio.example/manage/{booking.manage_token}/" in text
    assert f'href="https://studio.example/manage/{booking.manage_token}/"' in html


def test_times_on_either_side_of_a_fall_back_are_each_labelled_with_their_zone(booking):
    """London falls back at 02:00 BST on 31 October 2027: 01:30 BST + 45 min is 01:15 GMT."""
    booking.start = datetime(2027, 10, 31, 0, 30, tzinfo=UTC)
    booking.end = booking.start + timedelta(minutes=45)
    _parsed, text, html, _calendars = parts(build_message(Kind.CONFIRMATION, booking))
    assert "Sunday 31 October 2027, 01:30 BST – 01:15 GMT (Europe/London)" in text
    assert "01:30 BST &ndash; 01:15 GMT" in html or "01:30 BST – 01:15 GMT" in html
    assert "01:30-01:15" not in text


@pytest.mark.parametrize(
    ("now", "offset"),
    [
        (datetime(2027, 6, 13, 9, 0, 5, tzinfo=UTC), "+0100"),  # BST
        (datetime(2027, 12, 13, 9, 0, 5, tzinfo=UTC), "+0000"),  # GMT
    ],
)
def test_date_header_is_the_moment_written_with_the_studios_offset(
    now, offset, booking, time_machine
):
    time_machine.move_to(now, tick=False)
    parsed, _text, _html, _calendars = parts(build_message(Kind.CONFIRMATION, booking))
    header = str(parsed["Date"])
    assert header.endswith(f" {offset}"), header  # not "-0000": offset unknown
    assert parsedate_to_datetime(header) == now


def test_paid_deposit_is_acknowledged(booking):
    booking.deposit_paid = True
    _parsed, text, _html, _calendars = parts(build_message(Kind.CONFIRMATION, booking))
    assert "deposit of £50 is paid" in text and "balance of £150" in text


@pytest.mark.parametrize(
    ("kind", "method"),
    [(Kind.CONFIRMATION, "REQUEST"), (Kind.RESCHEDULED, "REQUEST"), (Kind.CANCELLED, "CANCEL")],
)
def test_calendar_attachment_parses_back_with_studio_zone_uid_and_method(kind, method, booking):
    if kind == Kind.CANCELLED:
        booking.status = Booking.Status.CANCELLED
    _parsed, _text, _html, calendars = parts(build_message(kind, booking))
    assert len(calendars) == 1
    part = calendars[0]
    assert part.get_param("method") == method
    assert part.get_filename().endswith(".ics")
    calendar = Calendar.from_ical(part.get_content())
    assert calendar["METHOD"] == method
    (event,) = calendar.walk("VEVENT")
    start = event.decoded("DTSTART")
    assert str(start.tzinfo) == "Europe/London" and (start.hour, start.minute) == (10, 0)
    assert str(event["UID"]) == uid_for(booking)
    # Version 2: its REQUESTs carry 2, so the CANCEL must carry more to be applied.
    assert int(event["SEQUENCE"]) == (3 if kind == Kind.CANCELLED else 2)


@pytest.mark.parametrize("kind", [Kind.PREPARATION, Kind.WARDROBE, Kind.DAY_BEFORE, Kind.THANK_YOU])
def test_reminders_carry_no_calendar_file(kind, booking):
    assert parts(build_message(kind, booking))[3] == []


def test_request_for_a_pending_booking_has_no_invitation_yet(booking):
    booking.status = Booking.Status.PENDING
    for kind in (Kind.REQUESTED, Kind.RESCHEDULED):
        _parsed, text, _html, calendars = parts(build_message(kind, booking))
        assert calendars == []
    assert "confirm" in parts(build_message(Kind.REQUESTED, booking))[1]


def test_rescheduled_shows_the_new_time(booking):
    booking.start = START + timedelta(days=2, hours=4)
    booking.end = booking.start + timedelta(minutes=45)
    parsed, text, _html, _calendars = parts(build_message(Kind.RESCHEDULED, booking))
    assert "Friday 18 June 2027 at 14:00" in parsed["Subject"]
    assert "Friday 18 June 2027" in text and "14:00" in text


def test_day_before_subject_says_tomorrow_and_names_parking(booking, time_machine):
    time_machine.move_to(START - timedelta(hours=24), tick=False)
    parsed, text, _html, _calendars = parts(build_message(Kind.DAY_BEFORE, booking))
    assert parsed["Subject"] == "See you tomorrow at 10:00"
    assert "Two bays in the courtyard" in text and "ten minutes early" in text


def test_thank_you_says_what_happens_next_and_when(booking):
    _parsed, text, _html, _calendars = parts(build_message(Kind.THANK_YOU, booking))
    assert "within five working days" in text and "gallery" in text


def test_preparation_has_guide_what_to_bring_and_printable_checklist(booking, studio):
    GuideFactory(kind="headshot", slug="headshot-guide", intro="Read this *before* you pack.")
    GuideFactory(kind="", slug="general", intro="General.")
    TipFactory(category="bring", title="Both pairs of glasses", body="We light for them.")
    TipFactory(category="wardrobe", title="Solid colours")
    TipFactory(category="grooming", title="Haircut a week before")
    _parsed, text, html, _calendars = parts(build_message(Kind.PREPARATION, booking))
    assert "Read this before you pack." in text and "<em>before</em>" in html
    assert "Both pairs of glasses" in text and "We light for them." in text
    assert "Solid colours" in text  # wardrobe headline, full notes later
    assert "Haircut a week before" not in text
    assert "Printable checklist" in text
    assert "3 days away" in text


def test_wardrobe_has_the_kinds_wardrobe_and_grooming_tips_rendered_safely(booking):
    TipFactory(title="Solid colours", body="Wear **solid** colours. <script>alert(1)</script>")
    TipFactory(category="grooming", title="Haircut", body="[See the guide](/guides/headshot/)")
    TipFactory(title="Portrait only", for_headshot=False)
    TipFactory(title="Kept out of emails", use_in_reminders=False)
    TipFactory(category="bring", title="Bring glasses")
    _parsed, text, html, _calendars = parts(build_message(Kind.WARDROBE, booking))
    assert "<strong>solid</strong>" in html and "<script" not in html
    assert 'href="https://studio.example/guides/headshot/"' in html
    assert "Solid colours" in text and "Haircut" in text
    for absent in ("Portrait only", "Kept out of emails", "Bring glasses", "<script"):
        assert absent not in text + html


def test_wardrobe_without_any_tips_still_says_something_useful(booking):
    _parsed, text, _html, _calendars = parts(build_message(Kind.WARDROBE, booking))
    assert "solid colours" in text


def test_user_text_cannot_break_headers_or_html(booking, studio):
    booking.client.name = '<script>x</script>Eve\r\nBcc: victim@example.com\u2028"'
    booking.session_type.name = "Headshot\nBcc: other@example.com"
    studio.name = "Studio\r\nX-Evil: 1"
    booking.notes = "<img src=x onerror=alert(1)>"
    message = build_message(Kind.CONFIRMATION, booking, renderer=Renderer(studio))
    raw = message.message().as_bytes()
    parsed, text, html, _calendars = parts(message)
    assert b"\nBcc:" not in raw and b"\nX-Evil" not in raw
    assert parsed["Bcc"] is None and parsed["X-Evil"] is None
    assert [parseaddr(address)[1] for address in message.recipients()] == ["ada@example.com"]
    assert [address.addr_spec for address in parsed["To"].addresses] == ["ada@example.com"]
    assert "<script>" not in html and "&lt;script&gt;" in html
    assert "Eve" in parsed["To"]


def test_one_line_flattens_every_kind_of_line_break():
    assert one_line("a\r\nb\nc\rd\u2028e\x85f\tg\x00h") == "a b c d e f g h"
    assert len(one_line("x" * 500)) == 200


def test_money_shows_pence_only_when_there_are_some():
    from decimal import Decimal

    assert money(Decimal("50.00")) == "£50"
    assert money(Decimal("49.5")) == "£49.50"
    assert money(Decimal("1200")) == "£1,200"


# Personal advice: decided in bookings.intake.advice, worded in templates/emails/advice/.

CASTING = "For your casting submissions"
PROPS = "Props are welcome"
GROUP = "of you in the picture"
TOLD = "From what you told us"
ADVICE_TITLES = (CASTING, "Shooting on location", "looks", GROUP, "one after another")
ANSWERS = {
    "uses": ["casting", "portfolio"],
    "people": "two",
    "place": "meaningful",
    "place_detail": "My bakery <b>on Mill Lane</b>",
    "styling": "several",
}


def flat(text: str) -> str:
    return " ".join(text.split())  # the text part is wrapped at 72 columns


@pytest.mark.parametrize("with_answers", [True, False], ids=["answers", "no-answers"])
@pytest.mark.parametrize("session_kind", ["headshot", "portrait", "hybrid"])
@pytest.mark.parametrize("kind", ALL_KINDS)
def test_every_email_gives_only_advice_true_for_this_booking(
    booking, kind, session_kind, with_answers
):
    booking.session_type.kind = session_kind
    booking.session_type.looks = 3
    booking.session_type.location = SessionType.Location.EITHER
    booking.on_location = True  # chosen when booking, the place left to agree
    booking.session_type.max_people = 2
    booking.people = 2
    booking.intake = IntakeResponseFactory(answers=ANSWERS) if with_answers else None
    _parsed, text, html, _calendars = parts(build_message(kind, booking))
    text, advised = flat(text), kind in (Kind.PREPARATION, Kind.WARDROBE)
    # Headshot-only advice never reaches a portrait email, props never a headshot email.
    assert (CASTING in text) == (advised and with_answers and session_kind != "portrait")
    assert (PROPS in text) == (advised and with_answers and session_kind != "headshot")
    # Group advice only when more than one person is booked; a headshot each in turn.
    assert (GROUP in text) == (advised and session_kind != "headshot")
    assert ("2 of you, one after another" in text) == (advised and session_kind == "headshot")
    # "From what you told us" only when the client told us something.
    assert (TOLD.upper() in text) == (advised and with_answers)
    assert (TOLD in html) == (advised and with_answers)
    if not with_answers:
        assert "You chose" not in text and "Mill Lane" not in text
    # No piece of advice twice in one email, in either part.
    for title in ADVICE_TITLES:
        assert text.count(title) <= 1, title
        assert html.count(title) <= 1, title
    if advised and with_answers:
        assert "My bakery &lt;b&gt;on Mill Lane&lt;/b&gt;" in html and "<b>on Mill" not in html
        assert "My bakery <b>on Mill Lane</b>" in text


def test_advice_the_client_did_not_give_is_under_its_own_heading(booking):
    booking.session_type.looks = 3
    booking.intake = IntakeResponseFactory(answers={"uses": ["casting"]})
    _parsed, text, html, _calendars = parts(build_message(Kind.WARDROBE, booking))
    text = flat(text)
    told, other = text.index("FROM WHAT YOU TOLD US"), text.index("FOR YOUR SESSION")
    assert told < text.index(CASTING) < other < text.index("Your 3 looks")


@pytest.mark.parametrize(
    ("days_before", "tonight", "night_before"),
    [(1, True, False), (2, False, True), (0, False, False)],
)
def test_tonight_only_when_the_email_arrives_the_day_before(
    booking, time_machine, days_before, tonight, night_before
):
    time_machine.move_to(START - timedelta(days=days_before, hours=1), tick=False)
    for part in parts(build_message(Kind.DAY_BEFORE, booking))[1:3]:
        assert ("Sleep well tonight" in part) is tonight
        assert ("Sleep well the night before" in part) is night_before


@pytest.mark.parametrize(
    "answers",
    [
        {},
        [],
        "nonsense",
        {"uses": None, "people": {"x": 1}, "place": 7, "place_detail": None},
        {"people": True, "people_count": "many", "styling": ["none"]},
    ],
)
def test_odd_or_missing_answers_never_break_rendering(booking, answers):
    booking.session_type.looks = 1
    intake = IntakeResponseFactory()
    intake.answers = answers
    booking.intake = intake
    for kind in (Kind.PREPARATION, Kind.WARDROBE):
        text = parts(build_message(kind, booking))[1]
        assert text and "FROM WHAT YOU TOLD US" not in text


def test_renderer_fetches_tips_and_guide_once_per_batch(booking, django_assert_num_queries):
    TipFactory(title="Solid colours")
    renderer = Renderer()
    build_message(Kind.WARDROBE, booking, renderer=renderer)
    with django_assert_num_queries(0):
        build_message(Kind.WARDROBE, booking, renderer=renderer)


def test_cancellation_by_the_studio_apologises_and_gives_its_reason_safely(booking):
    booking.status = Booking.Status.CANCELLED
    booking.cancelled_by = "studio"
    booking.cancel_reason = "The studio is flooded <b>again</b>."
    _parsed, text, html, _calendars = parts(build_message(Kind.CANCELLED, booking))
    text = " ".join(text.split())  # the text part is wrapped at 72 columns
    assert "sorry to cancel" in text and "The studio is flooded <b>again</b>." in text
    assert "flooded &lt;b&gt;again&lt;/b&gt;" in html
    booking.cancelled_by = "client"
    _parsed, text, _html, _calendars = parts(build_message(Kind.CANCELLED, booking))
    assert "sorry to cancel" not in text and "flooded" not in text


def test_renderer_builds_the_next_confirmation_and_its_ics_without_a_query(
    booking, django_assert_num_queries
):
    renderer = Renderer()
    build_message(Kind.CONFIRMATION, booking, renderer=renderer)
    with django_assert_num_queries(0):
        _parsed, _text, _html, calendars = parts(
            build_message(Kind.CONFIRMATION, booking, renderer=renderer)
        )
    assert len(calendars) == 1


def test_a_booking_on_location_names_its_place_in_the_details_advice_and_calendar(booking):
    booking.session_type.looks = 1
    booking.session_type.location = SessionType.Location.EITHER
    booking.intake = None
    _parsed, text, _html, _calendars = parts(build_message(Kind.WARDROBE, booking))
    assert "location" not in flat(text).lower()  # the client chose the studio
    booking.on_location = True
    _parsed, text, _html, _calendars = parts(build_message(Kind.CONFIRMATION, booking))
    assert "On location: we will agree the place with you." in text
    booking.location = "Victoria Park bandstand, London E9"
    _parsed, text, html, calendars = parts(build_message(Kind.CONFIRMATION, booking))
    assert "On location: Victoria Park bandstand, London E9" in text
    assert "query=Victoria+Park+bandstand%2C+London+E9" in html  # the map link
    (event,) = Calendar.from_ical(calendars[0].get_content()).walk("VEVENT")
    assert str(event["LOCATION"]) == "Victoria Park bandstand, London E9"
    # The place given when booking wins over the wizard's answer in the advice.
    booking.intake = IntakeResponseFactory(
        answers={"place": "meaningful", "place_detail": "My bakery"}
    )
    _parsed, text, _html, _calendars = parts(build_message(Kind.WARDROBE, booking))
    assert "Victoria Park bandstand" in flat(text) and "My bakery" not in flat(text)
