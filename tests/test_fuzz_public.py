"""Hypothesis over every public form and JSON endpoint: odd input is a 4xx with a message,
never a 5xx. (The wizard's own fuzzing is in tests/bookings/test_intake_fuzz.py.)"""

from urllib.parse import quote, urlencode

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.bookings.booking_setup import headshot, open_studio
from tests.factories import BookingFactory, GuideFactory

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=50,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
nasty = st.one_of(
    st.text(max_size=30),
    st.text(alphabet="0123456789-:T+Z ", max_size=30),
    st.sampled_from(["2030-01-09", "2030-13-40", "9999-12", "0000-01-01", "-1", "1e9", "null"]),
    st.text(alphabet="x\x00\r\n<>\"'&;%", max_size=20),
    st.just("x" * 3000),
)
DETAIL_FIELDS = ["start", "name", "email", "phone", "people", "purpose", "notes", "images"]


def form_body(fields):
    return st.dictionaries(
        st.one_of(st.sampled_from(fields), st.text(max_size=10)),
        st.lists(nasty, min_size=1, max_size=3),
        max_size=len(fields),
    )


def post(client, url, body):
    return client.post(
        url, urlencode(body, doseq=True), content_type="application/x-www-form-urlencoded"
    )


@pytest.fixture
def site(settings):
    settings.RATELIMIT_ENABLE = False
    open_studio()
    session_type = headshot()
    GuideFactory(slug="before", kind="")
    booking = BookingFactory(session_type=session_type, manage_token="a" * 32)
    return session_type, booking


@FUZZ
@given(params=st.dictionaries(st.sampled_from(["date", "month", "x"]), nasty, max_size=2))
def test_slots_endpoint_answers_json_4xx_for_any_parameters(client, site, params):
    response = client.get("/book/headshot/slots/", params)
    assert response.status_code in (200, 400, 404)
    assert response["Content-Type"].startswith("application/json")
    if response.status_code != 200:
        assert response.json().get("error")


@FUZZ
@given(body=form_body(DETAIL_FIELDS))
def test_booking_details_post_never_fails(client, site, body):
    response = post(client, "/book/headshot/details/", body)
    assert response.status_code < 500


@FUZZ
@given(body=form_body(["key", "start", "csrfmiddlewaretoken"]))
def test_booking_review_post_never_fails(client, site, body):
    assert post(client, "/book/headshot/review/", body).status_code < 500


@FUZZ
@given(
    token=st.one_of(
        st.just("a" * 32), st.text(min_size=1, max_size=60).filter(lambda t: "/" not in t)
    ),
    action=st.sampled_from(["", "cancel/", "reschedule/", "reschedule/move/", "calendar.ics"]),
    body=form_body(["start", "reason", "confirm"]),
)
def test_manage_endpoints_never_fail_and_unknown_tokens_are_404(client, site, token, action, body):
    url = f"/manage/{quote(token, safe='')}/{action}"
    is_post = action in ("cancel/", "reschedule/move/")
    response = post(client, url, body) if is_post else client.get(url)
    assert response.status_code < 500
    if token != "a" * 32:
        assert response.status_code == 404


@FUZZ
@given(body=form_body(["username", "password", "next"]))
def test_login_post_never_fails(client, site, body):
    assert post(client, "/accounts/login/", body).status_code < 500


@FUZZ
@given(
    path=st.sampled_from(
        ["/", "/sessions/", "/guides/", "/book/", "/book/headshot/", "/guides/before/"]
    ),
    params=st.dictionaries(
        st.sampled_from(["date", "month", "session", "page", "q"]), nasty, max_size=3
    ),
)
def test_public_pages_survive_any_query_string(client, site, path, params):
    assert client.get(path, params).status_code < 500
