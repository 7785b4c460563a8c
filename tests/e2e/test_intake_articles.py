"""A sample of the articles' clients answer the wizard in Chromium, with JavaScript on and off.

Each client answers exactly what tests/bookings/article_clients.py says they would; the
browser must walk the steps the wizard asks for those uses, count them without jumping,
and end on the session the articles pick with the reasons recommend() gives.
"""

import re

import pytest
from playwright.sync_api import expect

from bookings.intake import STEPS, asked_steps, recommend
from bookings.models import IntakeResponse
from studio.demo import seed_studio
from tests.bookings.article_clients import CLIENTS

pytestmark = pytest.mark.django_db(transaction=True)

SAMPLE = (
    "job seeker updating LinkedIn and CV",
    "team of eight for the team page",
    "actor applying for castings",
    "aspiring actor or model building a portfolio",
    "artisan crafter with their own website",
    "musician with an album cover and posts",
    "family portrait for the wall",
    "student ID badge",
    "personal branding client: profile, talks and marketing",
)
SAMPLED = [client for client in CLIENTS if client.id in SAMPLE]
assert len(SAMPLED) == len(SAMPLE)

KIND_BADGE = {
    "headshot": "Headshot",
    "portrait": "Portrait",
    "hybrid": "Hybrid / personal branding",
}
KEYS_BY_STEP = {step.name: step.keys for step in STEPS}


@pytest.fixture
def studio():
    seed_studio()


def _answer_step(page, step: str, answers: dict) -> None:
    for key in KEYS_BY_STEP[step]:
        if key not in answers:
            continue
        value = answers[key]
        for code in value if isinstance(value, list) else [value]:
            option = page.locator(f'input[name="{step}-{key}"][value="{code}"]')
            if option.count():
                option.check()
            else:  # a text or number field
                page.locator(f'[name="{step}-{key}"]').fill(str(code))


@pytest.mark.parametrize("javascript", [True, False], ids=["js", "no-js"])
@pytest.mark.parametrize("client", SAMPLED, ids=[client.id for client in SAMPLED])
def test_the_articles_clients_reach_the_session_the_articles_pick(
    browser, live_server, studio, screenshot, client, javascript
):
    context = browser.new_context(
        java_script_enabled=javascript, viewport={"width": 1024, "height": 900}
    )
    page = context.new_page()
    try:
        page.goto(live_server.url + "/which-session/")
        visited, counters = [], []
        while "/result/" not in page.url:
            step = re.search(r"/which-session/([a-z_]+)/$", page.url)[1]
            visited.append(step)
            counters.append(page.locator(".intake-progress-label").inner_text())
            _answer_step(page, step, client.answers)
            page.locator(".intake-actions button:not([name])").click()
            page.wait_for_load_state()
            assert page.locator(".intake-error").count() == 0, page.content()[:2000]

        assert visited == asked_steps(client.answers)
        count = len(visited)
        assert counters[0] == ("Step 1 of up to 8")
        assert counters[1:] == [f"Step {n} of {count}" for n in range(2, count + 1)]

        expected = recommend(client.answers)
        expect(page.locator(".kind-badge").first).to_have_text(KIND_BADGE[client.kind])
        shown = page.locator("#why-heading + ul li").all_inner_texts()
        assert shown == list(expected.reasons)
        if expected.needs_both:
            expect(page.locator("#needs-both")).to_be_visible()
        runner_up = page.locator("#runner-up-heading + p")
        expect(runner_up).to_have_text(expected.why_not)
        intake = IntakeResponse.objects.get()
        assert intake.recommended_kind == client.kind
        if client.id == SAMPLE[5]:
            expect(page.get_by_text("album cover").first).to_be_visible()
        if javascript is False and client.id in (SAMPLE[3], SAMPLE[4]):
            screenshot(page, f"intake-article-{client.kind}-nojs")
    finally:
        context.close()
