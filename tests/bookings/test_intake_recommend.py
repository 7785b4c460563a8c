"""recommend(answers): the articles' clients as a table, plus invariants.

The table lives in tests/bookings/article_clients.py (its docstring says where the
articles disagree and which one the studio follows); the browser test drives a sample of
the same rows through the wizard.
"""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bookings.intake import QUESTIONS, Recommendation, asked_steps, recommend
from bookings.intake.questions import STEPS
from bookings.intake.recommend import DELIVERS, FREE_TEXT_KEYS, KINDS, MAX_REASONS, needs, signals
from bookings.intake.weights import answer_table, use_phrases

from .article_clients import CLIENTS

ROWS = pytest.mark.parametrize("client", CLIENTS, ids=[client.id for client in CLIENTS])
OPTIONAL_KEYS = {"uses_other", "people_count", "place_detail", "notes"}


def test_the_table_has_every_kind_of_client_and_every_answer():
    assert len(CLIENTS) >= 20
    assert {client.kind for client in CLIENTS} == set(KINDS)
    seen: dict[str, set] = {}
    for client in CLIENTS:
        for key, value in client.answers.items():
            values = value if isinstance(value, list) else [value]
            seen.setdefault(key, set()).update(str(v) for v in values)
    for key, question in QUESTIONS.items():
        if question.choices:
            assert question.codes <= seen[key], f"{key} misses {question.codes - seen[key]}"


def test_every_choice_is_weighed_or_named_neutral_in_weights():
    from bookings.intake import weights

    table = answer_table()
    for key, question in QUESTIONS.items():
        for code in question.codes:
            if key == "uses":
                known = (
                    *weights.PROFILE_USES,
                    *weights.STORY_USES,
                    *weights.BOTH_USES,
                    "casting",
                    *weights.NEUTRAL_USES,
                )
                assert code in known, code
            else:
                weighed, neutral = (key, code) in table, (key, code) in weights.NEUTRAL_ANSWERS
                assert weighed != neutral, (key, code)


@ROWS
def test_each_row_answers_exactly_the_questions_the_wizard_asks(client):
    asked = set(asked_steps(client.answers))
    expected = {
        key for step in STEPS if step.name in asked for key in step.keys if key not in OPTIONAL_KEYS
    }
    assert set(client.answers) - OPTIONAL_KEYS == expected


@ROWS
def test_the_articles_clients_get_the_session_the_articles_pick(client):
    result = recommend(client.answers)
    assert isinstance(result, Recommendation)
    assert result.kind == client.kind, (client.article, result.reasons)
    if client.runner_up is not None:
        assert result.runner_up == client.runner_up, result.why_not
    assert result.needs_both == (needs(client.answers) == {"headshot", "portrait"})


def _given(answers: dict, key: str, codes: tuple[str, ...]) -> bool:
    value = answers.get(key)
    values = value if isinstance(value, list) else [value]
    return bool(codes) and set(codes) <= {str(v) for v in values}


@ROWS
def test_every_reason_comes_from_an_answer_the_client_gave(client):
    result = recommend(client.answers)
    found = signals(client.answers)
    for signal in found:
        assert _given(client.answers, signal.key, signal.codes), signal
    by_reason = {signal.reason: signal for signal in found}
    for reason in result.reasons:
        assert reason in by_reason, reason
        signal = by_reason[reason]
        # A reason backs the recommended kind, or (for a hybrid) names a use it covers.
        assert signal.kind == result.kind or (result.kind == "hybrid" and signal.key == "uses")


@ROWS
def test_why_not_names_only_answers_the_client_gave_and_never_denies_one(client):
    result = recommend(client.answers)
    found = signals(client.answers)
    leaning = [signal for signal in found if signal.kind == result.runner_up]
    missing = needs(client.answers) - DELIVERS[result.runner_up]
    why_not = result.why_not
    said_leaning = any(
        phrase in why_not
        for phrase in ("came close because of", "leaned that way", "Some of your answers lean")
    )
    assert said_leaning == bool(leaning), why_not
    # Whatever the sentence names is something this client chose.
    for code, phrase in use_phrases().items():
        if phrase in why_not:
            assert code in client.answers["uses"], (phrase, why_not)
    for hint in {weight.hint for table in answer_table().values() for weight in table}:
        if hint in why_not:
            assert any(s.hint == hint for s in leaning), (hint, why_not)
    denial = "None of your answers" in why_not or "Nothing you told us" in why_not
    assert denial == (not leaning and not missing), why_not
    assert ("would not give you the headshot" in why_not) == ("headshot" in missing)
    assert ("would not give you the portraits" in why_not) == ("portrait" in missing)


@ROWS
def test_free_text_never_changes_the_result(client):
    result = recommend(client.answers)
    rewritten = {**client.answers}
    for key in FREE_TEXT_KEYS:
        if key in rewritten and key != "people_count":
            rewritten[key] = "portrait with dramatic light and props for my brand"
    rewritten["notes"] = "I want a headshot for LinkedIn, casting and a brand portfolio"
    again = recommend(rewritten)
    assert (again.kind, again.runner_up, again.reasons, again.why_not) == (
        result.kind,
        result.runner_up,
        result.reasons,
        result.why_not,
    )


def test_somewhere_else_is_passed_on_to_the_photographer():
    musician = next(client for client in CLIENTS if "album cover" in str(client.answers))
    assert any("album cover" in note for note in recommend(musician.answers).notes)


def test_needing_both_offers_the_hybrid_with_a_single_kind_as_runner_up():
    result = recommend({"uses": ["casting", "portfolio"], "purpose": "expressive"})
    assert (result.kind, result.needs_both) == ("hybrid", True)
    assert result.runner_up in ("headshot", "portrait")
    assert any("headshots for casting submissions" in reason for reason in result.reasons)


def test_a_hybrid_never_says_nothing_needs_it_when_props_were_asked_for():
    # The old runner-up box said "nothing you told us needs those yet" to a client with props.
    result = recommend({"uses": ["linkedin"], "styling": "several", "framing": "head_shoulders"})
    assert result.kind == "headshot"
    assert "nothing" not in result.why_not.lower() or result.runner_up == "hybrid"
    assert "several looks and props" in result.why_not


def test_casting_alone_is_a_headshot_however_the_style_leans():
    chosen = {"uses": ["casting"], "framing": "full_length", "styling": "several"}
    chosen["field"] = "creative"
    result = recommend(chosen)
    assert result.kind == "headshot"
    assert "8x10" in " ".join(result.notes)


def test_a_distant_runner_up_is_not_said_to_have_come_close():
    job_seeker = CLIENTS[0].answers
    result = recommend(job_seeker)
    assert "came close" not in result.why_not
    assert result.why_not


def test_group_with_profile_uses_only_is_a_team_headshot_but_with_a_story_use_not():
    team = {"uses": ["company"], "people": "group", "people_count": 6}
    assert recommend(team).kind == "headshot"
    assert recommend({**team, "uses": ["company", "wall_art"]}).kind == "hybrid"


choice_answers = st.fixed_dictionaries(
    {},
    optional={
        "uses": st.lists(st.sampled_from(sorted(QUESTIONS["uses"].codes)), unique=True),
        "people_count": st.integers(min_value=3, max_value=50),
        "place_detail": st.text(max_size=50),
        **{
            key: st.sampled_from(sorted(question.codes))
            for key, question in QUESTIONS.items()
            if question.choices and key != "uses"
        },
    },
)


@settings(max_examples=300, deadline=None)
@given(choice_answers)
def test_any_valid_answers_give_a_complete_recommendation(chosen):
    result = recommend(chosen)
    assert result.kind in KINDS
    assert result.runner_up in KINDS and result.runner_up != result.kind
    assert 1 <= len(result.reasons) <= MAX_REASONS
    assert all(isinstance(reason, str) and reason.strip() for reason in result.reasons)
    assert len(set(result.reasons)) == len(result.reasons)
    assert result.why_not
    assert recommend(chosen) == result  # pure: same answers, same recommendation
    if "casting" in chosen.get("uses", []):
        assert result.kind in ("headshot", "hybrid")


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from([*QUESTIONS, "junk"]), json_values))
def test_odd_stored_answers_never_break_the_recommendation(stored):
    assert recommend(stored).kind in KINDS
