"""One test per fix of issue 24: each sentence is true for the booking it reaches."""

import re
from datetime import timedelta

import pytest
import time_machine
from django.urls import reverse
from icalendar import Calendar

from bookings import services
from bookings.calendar import booking_ics
from bookings.emails import Renderer, build_message
from bookings.forms import WHERE_PLACE, details_from_answers
from bookings.intake.services import record_intake
from bookings.intake.session_keys import BOOKING_SESSION_KEY, RESULT_SESSION_KEY
from bookings.models import Reminder
from bookings.next_steps import deposit_instructions_for, true_here
from guides.demo import seed_guides
from guides.models import Tip
from studio.models import SessionType
from tests.bookings.booking_setup import NOW, headshot, open_studio, value, wednesday
from tests.factories import (
    BookingFactory,
    IntakeResponseFactory,
    ReminderFactory,
    SessionTypeFactory,
    TipFactory,
)

pytestmark = pytest.mark.django_db
Location = SessionType.Location
INSTRUCTIONS = (
    "Please pay the deposit within three days by bank transfer. "
    "You can also pay by card at the studio on the day."
)


def flat(text: str) -> str:
    return re.sub(r"\s+", " ", text)


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def studio():
    return open_studio(
        name="Northlight Studio",
        directions="Two bays in the courtyard.",
        deposit_instructions=INSTRUCTIONS,
    )


def on_location(studio, **kwargs):
    session_type = headshot(location=Location.EITHER, max_people=6)
    return BookingFactory(
        session_type=session_type,
        on_location=True,
        location="Roundhay Park, Leeds",
        **kwargs,
    )


def render(kind, booking, studio, **kwargs):
    message = build_message(kind, booking, renderer=Renderer(studio), **kwargs)
    return flat(message.body), message.subject


# 1. Location bookings never get the studio's sentences


def test_day_before_on_location_names_no_studio_mirror_or_directions(studio):
    booking = on_location(studio, start=NOW + timedelta(days=1, hours=2))
    body, _subject = render(Reminder.Kind.DAY_BEFORE, booking, studio)
    html = build_message(Reminder.Kind.DAY_BEFORE, booking, renderer=Renderer(studio))
    assert "in the mirror" not in body and "Two bays" not in body
    assert "Be ready at the place ten minutes" in body
    assert "at the studio. Directions" not in html.alternatives[0][0]


def test_thank_you_on_location_does_not_thank_for_coming_to_the_studio(studio):
    booking = on_location(studio, start=NOW - timedelta(days=3), status="completed")
    body, subject = render(Reminder.Kind.THANK_YOU, booking, studio)
    assert "coming to" not in subject and "have you at" not in body
    assert "photograph you on location" in body


def test_deposit_instructions_lose_the_studio_sentence_on_location():
    text, _late = deposit_instructions_for(
        INSTRUCTIONS, on_location=True, time_left=timedelta(days=10)
    )
    assert "at the studio" not in text and "bank transfer" in text
    kept, _late = deposit_instructions_for(
        INSTRUCTIONS, on_location=False, time_left=timedelta(days=10)
    )
    assert "at the studio" in kept


def test_calendar_summary_on_location_is_not_at_the_studio(studio):
    booking = on_location(studio)
    event = Calendar.from_ical(booking_ics(booking, studio=studio)).walk("VEVENT")[0]
    assert " at Northlight" not in str(event["SUMMARY"])
    assert "Roundhay Park" in str(event["LOCATION"])


def test_manage_page_on_location_shows_the_place_not_finding_us(client, studio):
    booking = on_location(studio)
    page = client.get(f"/manage/{booking.manage_token}/").content.decode()
    assert "Finding us" not in page and "Roundhay Park" in page


def test_preparation_on_location_leaves_out_studio_only_tips(studio):
    TipFactory(category=Tip.Category.TIMING, title="Check the studio directions", place="studio")
    TipFactory(category=Tip.Category.TIMING, title="Plan for rain", place="location")
    booking = on_location(studio, start=NOW + timedelta(days=6))
    body, _subject = render(Reminder.Kind.PREPARATION, booking, studio)
    assert "Check the studio directions" not in body and "Plan for rain" in body


# 2. Session copy that names the studio, on location


def test_what_to_expect_drops_the_studio_sentence_on_location():
    text = "We agree a shot list. The session opens with headshots in the studio. Then a break."
    assert true_here(text, on_location=True) == "We agree a shot list. Then a break."
    assert true_here(text, on_location=False) == text


# 4. Tips only while they can still be followed


def test_a_tip_needing_a_week_is_left_out_when_fewer_days_remain(studio):
    TipFactory(category=Tip.Category.GROOMING, title="Haircut a week before", act_days_before=5)
    soon = BookingFactory(session_type=headshot(), start=NOW + timedelta(days=3))
    body, _subject = render(Reminder.Kind.PREPARATION, soon, studio)
    assert "Haircut a week before" not in body
    body, _subject = render(Reminder.Kind.WARDROBE, soon, studio)
    assert "Haircut a week before" not in body


def test_a_tip_needing_days_comes_at_once_in_the_preparation_email(studio):
    TipFactory(category=Tip.Category.GROOMING, title="Haircut a week before", act_days_before=5)
    ahead = BookingFactory(session_type=headshot(), start=NOW + timedelta(days=8))
    body, _subject = render(Reminder.Kind.PREPARATION, ahead, studio)
    assert "START ON THESE NOW" in body and "Haircut a week before" in body


def test_a_late_bookings_confirmation_carries_the_urgent_tips(studio):
    TipFactory(category=Tip.Category.GROOMING, title="Trim the beard", act_days_before=2)
    session_type = headshot()
    late = BookingFactory(session_type=session_type, start=NOW + timedelta(days=3))
    early = BookingFactory(session_type=session_type, start=NOW + timedelta(days=20))
    assert "Trim the beard" in render(Reminder.Kind.CONFIRMATION, late, studio)[0]
    assert "Trim the beard" not in render(Reminder.Kind.CONFIRMATION, early, studio)[0]


# 5. The booking form follows the wizard's answers


def test_details_form_is_prefilled_from_the_wizards_people_and_place(client, studio):
    headshot(location=Location.EITHER, max_people=6)
    intake = IntakeResponseFactory(
        answers={
            "uses": ["family"],
            "people": "group",
            "people_count": 3,
            "place": "meaningful",
            "place_detail": "Roundhay Park",
        }
    )
    session = client.session
    session[BOOKING_SESSION_KEY] = intake.pk
    session.save()
    page = client.get("/book/headshot/details/", {"start": value(wednesday("10:00"))}, follow=True)
    html = page.content.decode()
    assert page.redirect_chain == [], [str(m) for m in page.context["messages"]]
    assert re.search(r'<option value="3"[^>]*selected', html)
    assert re.search(rf'value="{WHERE_PLACE}"[^>]*checked', html)
    assert 'value="Roundhay Park"' in html


def test_answers_this_session_cannot_follow_are_said_not_dropped():
    studio_only = SessionType(max_people=1, location=Location.STUDIO)
    found = details_from_answers(
        {"people": "group", "people_count": 6, "place": "meaningful"}, studio_only
    )
    assert found.initial == {}
    assert len(found.notes) == 2 and "6 people" in found.notes[0]


# 6. Deadlines already passed at booking


def test_a_change_deadline_already_passed_is_worded_so(studio):
    booking = BookingFactory(session_type=headshot(), start=NOW + timedelta(hours=30))
    body, _subject = render(Reminder.Kind.CONFIRMATION, booking, studio)
    assert "You can move or cancel it yourself" not in body
    assert "can no longer be moved or cancelled online" in body


def test_days_to_pay_that_end_after_the_session_are_replaced(studio):
    booking = BookingFactory(session_type=headshot(deposit=50), start=NOW + timedelta(hours=30))
    body, _subject = render(Reminder.Kind.CONFIRMATION, booking, studio)
    assert "within three days" not in body and "Please pay the deposit by bank transfer." in body
    assert "please pay it before the session starts" in body


# 7. The moved email


def test_the_moved_email_names_the_old_time_and_carries_new_calendar_links(studio):
    booking = BookingFactory(
        session_type=headshot(), start=wednesday("10:00"), change_notice_hours=24
    )
    ReminderFactory(booking=booking, kind=Reminder.Kind.CONFIRMATION, state="sent")
    services.reschedule(booking=booking, start=wednesday("14:00"))
    row = Reminder.objects.get(booking=booking, kind=Reminder.Kind.RESCHEDULED)
    assert row.previous_start == wednesday("10:00")
    body = flat(Renderer(studio).message(row).body)
    assert "from Wednesday 9 January 2030 at 10:00" in body
    assert "calendar.google.com" in body and "stays where it is if the session moves" in body


# 10. A team of headshots in the wizard


def test_a_team_of_headshots_is_told_one_person_at_a_time_and_no_people_field(client, studio):
    SessionTypeFactory(kind="headshot", slug="team-headshot", max_people=1, location="studio")
    intake = record_intake(
        answers={"uses": ["linkedin"], "people": "group", "people_count": 6, "purpose": "credible"}
    )
    session = client.session
    session[RESULT_SESSION_KEY] = intake.pk
    session.save()
    page = flat(client.get(reverse("intake:result")).content.decode())
    assert "takes up to 1 " not in page
    assert "how many of you are coming when you book" not in page
    assert "one person at a time when booked online" in page


# 8. Contradictions inside one email


def test_no_emailed_demo_tip_asks_for_something_at_booking(studio):
    """Emails go after booking, so a tip in them never says "when you book"."""
    seed_guides()
    emailed = Tip.objects.filter(use_in_reminders=True)
    assert emailed.exists()
    assert [tip.title for tip in emailed if "Tell us when you book" in tip.body] == []


def test_the_day_before_email_does_not_ask_for_two_good_nights(studio):
    TipFactory(
        category=Tip.Category.RELAXATION,
        title="Sleep and water in the two days before",
        body="Aim for two good nights before the session.",
        act_days_before=2,
    )
    booking = BookingFactory(session_type=headshot(), start=NOW + timedelta(hours=26))
    body, _subject = render(Reminder.Kind.DAY_BEFORE, booking, studio)
    assert "Sleep well tonight" in body and "two good nights" not in body


# 9. Personal advice from more of the answers


@pytest.mark.parametrize(
    ("answers", "notes", "topic"),
    [
        ({"field": "creative"}, "", "field"),
        ({"field": "traditional"}, "", "field"),
        ({"notes": "I wear glasses"}, "", "glasses"),
        ({}, "Bringing our son (4) and the dog", "little_ones"),
    ],
)
def test_advice_follows_the_field_glasses_and_little_ones(answers, notes, topic, studio):
    booking = BookingFactory(
        session_type=headshot(),
        start=NOW + timedelta(days=6),
        notes=notes,
        intake=IntakeResponseFactory(answers={"uses": ["linkedin"], **answers}),
    )
    body, _subject = render(Reminder.Kind.PREPARATION, booking, studio)
    titles = {
        "field": "Dressing for",
        "glasses": "Your glasses",
        "little_ones": "Children and pets",
    }
    assert titles[topic] in body
    plain = BookingFactory(session_type=booking.session_type, start=NOW + timedelta(days=7))
    assert titles[topic] not in render(Reminder.Kind.PREPARATION, plain, studio)[0]


# 3. Location advice: no golden hour without a sunset check


def test_no_emailed_demo_tip_promises_golden_hour(studio):
    seed_guides()
    emailed = Tip.objects.filter(use_in_reminders=True)
    assert [tip.title for tip in emailed if "before sunset" in tip.body] == []
