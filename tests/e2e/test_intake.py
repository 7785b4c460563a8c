"""The intake wizard in a real browser: whole run with both back buttons, keyboard only,
and how the pages look at desktop and phone widths."""

import re

import pytest
from django.contrib.sessions.backends.db import SessionStore
from playwright.sync_api import expect

from bookings.intake.session_keys import BOOKING_SESSION_KEY
from bookings.models import Booking, IntakeResponse
from studio.demo import seed_studio
from tests.factories import GuideFactory

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def studio():
    seed_studio()
    GuideFactory(kind="hybrid", slug="branding-day", title="Preparing for your branding day")
    GuideFactory(kind="headshot", slug="headshot-prep", title="Before your headshot")


def next_button(page):
    return page.get_by_role("button", name="Next")


def visitor_session(page, live_server) -> SessionStore:
    cookie = next(c for c in page.context.cookies(live_server.url) if c["name"] == "sessionid")
    return SessionStore(session_key=cookie["value"])


def tab_to(page, locator, limit=40):
    """Presses Tab until the locator has focus: proves it is reachable by keyboard."""
    for _ in range(limit):
        if locator.evaluate("element => element === document.activeElement"):
            return
        page.keyboard.press("Tab")
    raise AssertionError(f"{locator} never received focus")


def test_whole_wizard_with_back_buttons_to_the_booking_start(page, live_server, studio, screenshot):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/")
    page.get_by_role("link", name="Which session do I need?").first.click()
    expect(page).to_have_url(re.compile(r"/which-session/uses/$"))
    expect(page.get_by_text("Step 1 of up to 8")).to_be_visible()
    expect(page.get_by_role("heading", level=1)).to_have_text("Where will the photos be used?")

    page.get_by_label("LinkedIn or your CV").check()
    page.get_by_label("Personal brand and marketing").check()
    screenshot(page, "intake-step-1280")
    next_button(page).click()

    expect(page.get_by_text("Step 2 of 8")).to_be_visible()
    page.get_by_label("Who I am and what I do").check()
    next_button(page).click()
    page.get_by_label("Just me").check()
    next_button(page).click()
    page.get_by_label("Three-quarter").check()

    # The page's own Back button keeps this answer and shows the previous one.
    page.get_by_role("button", name="Back").click()
    expect(page).to_have_url(re.compile(r"/which-session/people/$"))
    expect(page.get_by_label("Just me")).to_be_checked()
    next_button(page).click()
    expect(page.get_by_label("Three-quarter")).to_be_checked()
    next_button(page).click()
    page.get_by_label("Natural").check()
    next_button(page).click()
    expect(page).to_have_url(re.compile(r"/which-session/place/$"))

    # The browser's back button works too: each step has its own address.
    page.go_back()
    expect(page).to_have_url(re.compile(r"/which-session/light/$"))
    expect(page.get_by_label("Natural")).to_be_checked()
    next_button(page).click()

    page.get_by_label("Somewhere that means something").check()
    page.get_by_label("Which place?").fill("My workshop by the canal")
    next_button(page).click()
    page.get_by_label("Several looks, maybe props").check()
    next_button(page).click()
    page.get_by_label("A mix of both").check()
    page.get_by_label("Anything else the photographer should know?").fill("I wear glasses.")
    assert IntakeResponse.objects.count() == 0
    page.get_by_role("button", name="See my recommendation").click()

    expect(page).to_have_url(re.compile(r"/which-session/result/$"))
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "We recommend: Personal branding session"
    )
    expect(page.get_by_text("2 h 30 min")).to_be_visible()
    expect(page.get_by_text("A personal brand needs more than one picture")).to_be_visible()
    expect(page.get_by_text("You need both kinds of picture")).to_be_visible()
    expect(page.get_by_role("heading", name="Portrait session")).to_be_visible()  # runner-up
    guide = page.get_by_role("link", name="How to prepare: Preparing for your branding day")
    expect(guide).to_have_attribute("href", "/guides/branding-day/")
    expect(page.get_by_text("My workshop by the canal").first).to_be_visible()
    screenshot(page, "intake-result-1280")

    page.get_by_role("button", name="Book this session").click()
    expect(page).to_have_url(live_server.url + "/book/personal-branding/")
    intake = IntakeResponse.objects.select_related("chosen_session_type").get()
    assert intake.recommended_kind == "hybrid"
    assert intake.chosen_session_type.slug == "personal-branding"
    assert intake.answers == {
        "uses": ["linkedin", "brand"],
        "purpose": "story",
        "people": "just_me",
        "framing": "three_quarter",
        "light": "natural",
        "place": "meaningful",
        "place_detail": "My workshop by the canal",
        "styling": "several",
        "field": "mixed",
        "notes": "I wear glasses.",
    }
    assert visitor_session(page, live_server)[BOOKING_SESSION_KEY] == intake.pk

    # On into the booking flow: the answers travel with the visitor to the booking.
    expect(page.get_by_role("heading", level=1)).to_have_text("Book: Personal branding session")
    page.locator("a.day.free").first.click()
    page.locator("#times a.time").first.click()
    expect(page.get_by_text("Your answers from “Which session do I need?” are attached").first)
    expect(page.get_by_label("What are the photos for?")).to_have_count(0)
    page.get_by_label("Your name").fill("Grace Hopper")
    page.get_by_label("Email").fill("grace@example.com")
    page.get_by_role("button", name="Continue to review").click()
    page.get_by_role("button", name="Confirm booking").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("You're booked")
    booking = Booking.objects.get()
    assert booking.intake_id == intake.pk
    assert booking.session_type.slug == "personal-branding"


def test_keyboard_only_run_from_first_question_to_booking(page, live_server, studio, screenshot):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/which-session/")

    # Focus starts on the question itself, not on the site's navigation.
    expect(page.get_by_label("LinkedIn or your CV")).to_be_focused()
    tab_to(page, page.get_by_label("Casting or agency submissions"))
    page.keyboard.press("Space")
    screenshot(page, "intake-keyboard-focus-1280")
    tab_to(page, next_button(page))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "How much of you should the photos show?"
    )
    expect(page.get_by_label("Head and shoulders")).to_be_focused()
    page.keyboard.press("Space")
    tab_to(page, next_button(page))
    page.keyboard.press("Enter")

    expect(page.get_by_label("None", exact=False).first).to_be_focused()
    page.keyboard.press("ArrowDown")  # arrows move the choice within a radio group
    expect(page.get_by_label("One or two outfit changes")).to_be_checked()
    tab_to(page, next_button(page))
    page.keyboard.press("Enter")

    expect(page.get_by_label("Traditional")).to_be_focused()
    page.keyboard.press("ArrowDown")
    expect(page.get_by_label("Creative", exact=False).first).to_be_checked()
    tab_to(page, page.get_by_label("Anything else the photographer should know?"))
    page.keyboard.type("Self-tapes need a neutral look too.")
    tab_to(page, page.get_by_role("button", name="See my recommendation"))
    page.keyboard.press("Enter")

    expect(page.get_by_role("heading", level=1)).to_have_text("We recommend: Professional headshot")
    expect(page.get_by_text("8x10")).to_be_visible()
    tab_to(page, page.get_by_role("button", name="Book this session"))
    page.keyboard.press("Enter")
    expect(page).to_have_url(live_server.url + "/book/headshot/")
    intake = IntakeResponse.objects.get()
    assert intake.answers["uses"] == ["casting"]
    assert intake.answers["styling"] == "few"
    assert intake.chosen_session_type.slug == "headshot"


def test_errors_and_result_on_a_phone(page, live_server, studio, screenshot):
    page.set_viewport_size({"width": 375, "height": 812})
    page.goto(live_server.url + "/which-session/?session=headshot")
    expect(page.get_by_text("You came from the Professional headshot page")).to_be_visible()
    screenshot(page, "intake-step-375")

    next_button(page).click()
    alert = page.get_by_role("alert")
    expect(alert).to_contain_text("Please tick at least one answer to continue.")
    expect(page.get_by_label("LinkedIn or your CV")).to_be_focused()
    screenshot(page, "intake-error-375")

    page.get_by_label("ID badge or staff pass").check()
    next_button(page).click()
    expect(page.get_by_text("Step 2 of 2")).to_be_visible()
    page.get_by_label("Traditional").check()
    page.get_by_role("button", name="See my recommendation").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("We recommend: Professional headshot")
    expect(page.get_by_text("ID badges often have rules")).to_be_visible()
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= 375, f"page scrolls sideways ({width}px)"
    screenshot(page, "intake-result-375")

    page.get_by_role("button", name="Choose Portrait session instead").click()
    expect(page).to_have_url(live_server.url + "/book/portrait/")
    intake = IntakeResponse.objects.select_related("started_from", "chosen_session_type").get()
    assert intake.started_from.slug == "headshot"
    assert (intake.recommended_kind, intake.chosen_session_type.slug) == ("headshot", "portrait")


def test_follow_up_questions_appear_once_their_answer_is_chosen(page, live_server, studio):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/which-session/")
    where_else = page.get_by_label("Where else?")
    expect(where_else).to_be_hidden()
    page.get_by_label("Somewhere else").check()
    expect(where_else).to_be_visible()
    next_button(page).click()
    expect(page.locator("#id_uses-uses_other_error")).to_contain_text("Tell us in a few words")
    expect(where_else).to_be_visible()  # a follow-up with an error never hides
    where_else.fill("Album cover")
    next_button(page).click()
    page.get_by_label("Credible and approachable").check()
    next_button(page).click()

    how_many = page.get_by_label("How many people?")
    expect(how_many).to_be_hidden()
    page.get_by_label("A family or group").check()
    expect(how_many).to_be_visible()
    page.get_by_label("Just me").check()
    expect(how_many).to_be_hidden()


def test_the_wizard_works_without_javascript(browser, live_server, studio, screenshot):
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 812})
    page = context.new_page()
    try:
        page.goto(live_server.url + "/which-session/")
        page.get_by_label("Wall art or a gift").check()
        next_button(page).click()
        page.get_by_label("Creative and expressive").check()
        next_button(page).click()
        how_many = page.get_by_label("How many people?")
        expect(how_many).to_be_visible()  # follow-ups are simply shown
        page.get_by_label("A family or group").check()
        how_many.fill("5")
        screenshot(page, "intake-nojs-people-375")
        next_button(page).click()
        for label in ("Full length", "Natural", "Either is fine", "One or two outfit changes"):
            page.get_by_label(label).check()
            next_button(page).click()
        page.get_by_role("button", name="Back").click()
        expect(page.get_by_label("One or two outfit changes")).to_be_checked()
        next_button(page).click()
        page.get_by_label("Neither, or it does not matter here").check()
        page.get_by_role("button", name="See my recommendation").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("We recommend: Portrait session")
        page.get_by_role("button", name="Book this session").click()
        expect(page).to_have_url(live_server.url + "/book/portrait/")
    finally:
        context.close()
    intake = IntakeResponse.objects.get()
    assert intake.answers["people_count"] == 5
    assert intake.chosen_session_type.slug == "portrait"
