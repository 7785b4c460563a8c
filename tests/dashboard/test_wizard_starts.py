"""Wizard starts are counted once per visitor's run, anonymously, for the insights page."""

import pytest

from studio import counters
from tests.bookings.intake_steps import answer, answer_until, step_url

pytestmark = pytest.mark.django_db


def started():
    from datetime import date

    return counters.total(counters.WIZARD_STARTED, since=date(2000, 1, 1))


def test_first_answer_counts_one_start_and_later_answers_do_not(client, studio):
    client.get("/which-session/", follow=True)
    assert started() == 0  # looking at the first question is not starting
    answer(client, "uses", {"uses-uses": []})  # an invalid answer is not a start either
    assert started() == 0
    answer_until(client, "about")
    assert started() == 1
    answer(client, "uses")  # changing the first answer later is the same run
    assert started() == 1


def test_a_fresh_run_after_start_again_counts_again(client, studio):
    answer_until(client, "purpose")
    client.post("/which-session/", {"reset": "1"})
    answer(client, "uses")
    assert started() == 2
    assert client.get(step_url("purpose")).status_code == 200
