"""Hypothesis-generated POST bodies against every wizard step and the result page: never 5xx."""

from urllib.parse import urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bookings.intake import QUESTIONS, STEP_NAMES
from bookings.intake.forms import STEP_FORMS
from bookings.intake.session_keys import RESULT_SESSION_KEY
from tests.bookings.intake_steps import answer_until, finish, step_url
from tests.factories import SessionTypeFactory

pytestmark = pytest.mark.django_db

FIELD_NAMES = sorted(
    {f"{step}-{name}" for step, form in STEP_FORMS for name in form.base_fields}
    | {"wizard_goto_step", "reset", "session_type", "csrfmiddlewaretoken", "intake-current_step"}
)
CODES = sorted({code for question in QUESTIONS.values() for code in question.codes})

values = st.one_of(
    st.sampled_from([*CODES, *STEP_NAMES, "finish", "result", "headshot", "portrait"]),
    st.text(max_size=40),
    st.integers(min_value=-(10**20), max_value=10**20).map(str),
    st.text(alphabet="x\x00\r\n<>\"'&;%", max_size=30),
    st.just("x" * 5000),
)
bodies = st.dictionaries(
    st.one_of(st.sampled_from(FIELD_NAMES), st.text(max_size=12)),
    st.lists(values, min_size=1, max_size=4),
    max_size=6,
)
FUZZ = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def post_form(client, url, body):
    return client.post(
        url, urlencode(body, doseq=True), content_type="application/x-www-form-urlencoded"
    )


def assert_handled(response):
    assert response.status_code < 500, response.content[:500]
    if response.status_code in (400, 429):
        page = response.content.decode()
        assert 'role="alert"' in page or "alert-danger" in page


@pytest.fixture
def offer():
    SessionTypeFactory(kind="headshot", slug="headshot")
    SessionTypeFactory(kind="portrait", slug="portrait")
    SessionTypeFactory(kind="hybrid", slug="branding")


@pytest.mark.parametrize("step", STEP_NAMES)
@FUZZ
@given(body=bodies)
def test_any_post_body_to_any_step_is_answered_without_a_server_error(client, offer, step, body):
    if "wizard_intake" not in client.session:
        answer_until(client, step, uses=["company", "wall_art"])  # every step is asked
    assert_handled(post_form(client, step_url(step), body))


@FUZZ
@given(body=bodies)
def test_any_post_body_to_a_fresh_wizard_is_answered_without_a_server_error(client, body):
    # No session at all: an expired or forged wizard state.
    client.cookies.clear()
    for url in ("/which-session/", step_url("about"), "/which-session/finish/"):
        assert_handled(post_form(client, url, body))


@FUZZ
@given(body=bodies)
def test_any_post_body_to_the_result_page_is_answered_without_a_server_error(client, offer, body):
    if RESULT_SESSION_KEY not in client.session:
        finish(client)
    assert_handled(post_form(client, "/which-session/result/", body))


@FUZZ
@given(query=st.dictionaries(st.sampled_from(["session", "reset", "step"]), values, max_size=3))
def test_any_query_string_on_the_start_page_is_answered_without_a_server_error(
    client, offer, query
):
    response = client.get("/which-session/?" + urlencode(query))
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
