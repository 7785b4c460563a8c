"""Preparation guides in a real browser: reading, the checklist that remembers, printing."""

import io
import re

import pytest
from django.core.management import call_command
from playwright.sync_api import expect

pytestmark = pytest.mark.django_db(transaction=True)


@pytest.fixture
def demo_content():
    call_command("seed_demo", "--no-login", stdout=io.StringIO())


@pytest.mark.parametrize("width", [1280, 375])
def test_visitor_reads_a_guide_and_ticks_the_checklist(
    page, live_server, screenshot, demo_content, width
):
    page.set_viewport_size({"width": width, "height": 900})
    page.goto(live_server.url + "/guides/")
    expect(page.locator("article")).to_have_count(4)
    screenshot(page, f"guides-list-{width}")

    page.get_by_role(
        "link", name=re.compile(r"^Read the guide\W+Preparing for your portrait session$")
    ).click()
    expect(page).to_have_url(live_server.url + "/guides/portrait-preparation/")
    for category in ("Wardrobe", "Grooming", "What to bring", "Working with the photographer"):
        expect(page.get_by_role("heading", level=2, name=category, exact=True)).to_be_visible()
    expect(page.get_by_role("heading", name="Props with a story")).to_be_visible()
    # A headshot-only tip does not belong in the portrait guide.
    expect(page.get_by_role("heading", name="Forward and down with the chin")).to_have_count(0)
    if width < 992:
        page.get_by_role("navigation", name="Jump to a topic").get_by_role(
            "link", name="What to bring"
        ).click()
        expect(page).to_have_url(live_server.url + "/guides/portrait-preparation/#bring")
    screenshot(page, f"guides-portrait-{width}")

    page.get_by_role("link", name="Printable checklist").first.click()
    expect(page).to_have_url(live_server.url + "/guides/portrait-preparation/checklist/")
    props = page.get_by_label("Props with a story")
    haircut = page.get_by_label("Have your haircut a week before, not the day before")
    props.check()
    haircut.check()
    page.reload()
    expect(props).to_be_checked()
    expect(haircut).to_be_checked()
    expect(page.get_by_label("Shoes count in full-length pictures")).not_to_be_checked()
    screenshot(page, f"guides-checklist-{width}")

    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Main")).to_be_hidden()
    expect(page.get_by_role("button", name="Print this checklist")).to_be_hidden()
    expect(props).to_be_visible()
    screenshot(page, f"guides-checklist-print-{width}")
    page.emulate_media(media="screen")

    page.get_by_role("button", name="Clear all ticks").click()
    expect(page.get_by_role("status")).to_have_text("All ticks cleared.")
    page.reload()
    expect(props).not_to_be_checked()


def test_ticks_are_kept_per_guide(page, live_server, demo_content):
    page.goto(live_server.url + "/guides/portrait-preparation/checklist/")
    page.get_by_label("Arrive ten minutes early").check()
    page.goto(live_server.url + "/guides/headshot-preparation/checklist/")
    expect(page.get_by_label("Arrive ten minutes early")).not_to_be_checked()
    stored = page.evaluate("Object.keys(localStorage)")
    assert stored == ["studio-checklist:portrait-preparation"]


def test_checklist_works_without_javascript(browser, live_server, demo_content):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    try:
        page.goto(live_server.url + "/guides/before-any-session/checklist/")
        expect(page.get_by_role("button", name="Print this checklist")).to_be_hidden()
        box = page.get_by_label("Arrive ten minutes early")
        box.check()
        expect(box).to_be_checked()
        expect(page.get_by_role("link", name="Read the full guide")).to_be_visible()
    finally:
        context.close()


def test_broken_stored_state_is_ignored(page, live_server, demo_content):
    page.goto(live_server.url + "/guides/headshot-preparation/checklist/")
    page.evaluate("localStorage.setItem('studio-checklist:headshot-preparation', '{not json')")
    page.reload()
    box = page.get_by_label("Arrive ten minutes early")
    expect(box).not_to_be_checked()
    box.check()
    page.reload()
    expect(box).to_be_checked()
