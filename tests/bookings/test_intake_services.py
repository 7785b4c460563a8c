"""Saving a finished intake, choosing a session type, and the result page's reads."""

import pytest

from bookings.intake.selectors import intake_by_id, intake_result, pick_session_type
from bookings.intake.services import IntakeError, choose_session_type, record_intake
from bookings.models import IntakeResponse
from tests.factories import GuideFactory, IntakeResponseFactory, SessionTypeFactory

pytestmark = pytest.mark.django_db

JOB_SEEKER = {
    "uses": ["linkedin"],
    "purpose": "credible",
    "framing": "head_shoulders",
    "light": "bright",
    "place": "studio",
    "styling": "none",
    "field": "traditional",
    "notes": "  I wear glasses  ",
}


def test_record_intake_saves_normalised_answers_and_the_recommendation():
    started = SessionTypeFactory(kind="headshot")
    intake = record_intake(
        answers={**JOB_SEEKER, "people_count": 4, "place_detail": "x"}, started_from=started
    )
    intake.refresh_from_db()
    assert intake.answers == {**JOB_SEEKER, "notes": "I wear glasses"}
    assert intake.recommended_kind == "headshot"
    assert intake.runner_up_kind == "hybrid"
    assert intake.reasons and all(isinstance(reason, str) for reason in intake.reasons)
    assert "You'll use it on LinkedIn" in intake.reasons[0]
    assert intake.notes == []
    assert intake.started_from == started
    assert intake.chosen_session_type is None


def test_record_intake_keeps_the_casting_notes():
    intake = record_intake(answers={"uses": ["casting"], "framing": "head_shoulders"})
    assert intake.recommended_kind == "headshot"
    assert any("8x10" in note for note in intake.notes)


def test_choose_session_type_records_the_choice_and_a_second_choice_replaces_it():
    intake = IntakeResponseFactory()
    first, second = SessionTypeFactory(), SessionTypeFactory(kind="portrait")
    choose_session_type(intake=intake, session_type=first)
    choose_session_type(intake=intake, session_type=second)
    intake.refresh_from_db()
    assert intake.chosen_session_type == second
    assert IntakeResponse.objects.count() == 1


def test_choose_session_type_refuses_a_type_no_longer_offered():
    intake = IntakeResponseFactory()
    retired = SessionTypeFactory(is_active=False)
    with pytest.raises(IntakeError, match="no longer offered"):
        choose_session_type(intake=intake, session_type=retired)
    intake.refresh_from_db()
    assert intake.chosen_session_type is None


@pytest.mark.parametrize("pk", [None, "", "abc", "1.5", [1], 10**30])
def test_intake_by_id_is_none_for_malformed_ids(pk):
    assert intake_by_id(pk) is None


def test_intake_by_id_finds_the_row():
    intake = IntakeResponseFactory()
    assert intake_by_id(str(intake.pk)) == intake
    assert intake_by_id(intake.pk + 1) is None


def test_pick_session_type_prefers_the_first_of_the_kind_that_takes_everyone():
    solo = SessionTypeFactory.build(kind="portrait", max_people=1, order=1)
    family = SessionTypeFactory.build(kind="portrait", max_people=6, order=2)
    headshot = SessionTypeFactory.build(kind="headshot", max_people=1)
    options = [headshot, solo, family]
    assert pick_session_type("portrait", options, people=1) is solo
    assert pick_session_type("portrait", options, people=4) is family
    assert pick_session_type("portrait", options, people=40) is solo  # nothing fits: the first
    assert pick_session_type("hybrid", options) is None


def test_intake_result_gathers_recommended_runner_up_others_and_guide(
    django_assert_max_num_queries,
):
    headshot = SessionTypeFactory(kind="headshot", order=1)
    branding = SessionTypeFactory(kind="hybrid", order=2)
    portrait = SessionTypeFactory(kind="portrait", order=3)
    SessionTypeFactory(kind="headshot", is_active=False)
    GuideFactory(kind="headshot", slug="unpublished", is_published=False, order=0)
    guide = GuideFactory(kind="headshot", slug="headshot-prep", order=1)
    GuideFactory(kind="portrait", slug="portrait-prep")
    intake = record_intake(answers=JOB_SEEKER)
    with django_assert_max_num_queries(2):
        result = intake_result(intake)
    assert result.recommended == headshot
    assert result.runner_up == branding
    assert result.others == [portrait]
    assert result.guide == guide
    assert "Nothing you told us needs both kinds of picture." in result.why_not
    assert not result.too_many_people


def test_intake_result_warns_when_the_group_is_larger_than_the_session_allows():
    SessionTypeFactory(kind="portrait", max_people=4)
    intake = record_intake(answers={"uses": ["wall_art"], "people": "group", "people_count": 9})
    result = intake_result(intake)
    assert result.people == 9
    assert result.too_many_people


def test_intake_result_without_an_offered_session_of_that_kind():
    SessionTypeFactory(kind="headshot")
    GuideFactory(kind="portrait")
    intake = record_intake(answers={"uses": ["wall_art"], "purpose": "expressive"})
    result = intake_result(intake)
    assert intake.recommended_kind == "portrait"
    assert result.recommended is None
    assert result.guide is None
    assert result.runner_up.kind == "headshot"
    assert result.others == []


def test_intake_result_drops_the_why_not_sentence_when_the_rules_have_changed_since():
    SessionTypeFactory(kind="headshot")
    intake = IntakeResponseFactory(
        answers={"uses": ["linkedin"]}, recommended_kind="portrait", runner_up_kind="hybrid"
    )
    assert intake_result(intake).why_not == ""
