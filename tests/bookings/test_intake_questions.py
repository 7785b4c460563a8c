"""The questions as data: skip rules, plain-word answers, normalising, pre-filling."""

import pytest

from bookings.intake import QUESTIONS, STEP_NAMES, asked_steps, describe_answers, prefill_for
from bookings.intake.questions import join_words, normalise_answers

ALL = list(STEP_NAMES)


@pytest.mark.parametrize(
    ("uses", "asked"),
    [
        ([], ALL),
        (["company"], ALL),
        (["linkedin"], ["uses", "purpose", "framing", "light", "place", "styling", "about"]),
        (["casting"], ["uses", "framing", "styling", "about"]),
        (["badge"], ["uses", "about"]),
        (["avatar"], ["uses", "purpose", "light", "about"]),
        (["badge", "avatar"], ["uses", "purpose", "light", "about"]),
        (["casting", "badge"], ["uses", "framing", "styling", "about"]),
        (
            ["casting", "linkedin"],
            ["uses", "purpose", "framing", "light", "place", "styling", "about"],
        ),
        (["casting", "wall_art"], ALL),
        (["wall_art"], ALL),
        (["other"], ALL),
    ],
)
def test_questions_that_no_longer_matter_are_skipped(uses, asked):
    assert asked_steps({"uses": uses}) == asked


def test_first_and_last_steps_are_always_asked():
    for code in QUESTIONS["uses"].codes:
        steps = asked_steps({"uses": [code]})
        assert steps[0] == "uses" and steps[-1] == "about"


def test_describe_answers_in_plain_words_and_wizard_order():
    rows = describe_answers(
        {
            "notes": "I wear glasses",
            "uses": ["company", "linkedin", "other"],
            "uses_other": "conference programme",
            "people": "group",
            "people_count": 7,
            "framing": "three_quarter",
            "field": "creative",
        }
    )
    assert rows == [
        (
            "Where will the photos be used?",
            "Company or team page, LinkedIn or your CV, Somewhere else",
        ),
        ("Where else?", "conference programme"),
        ("Who will be in the picture?", "A family or group (7 people)"),
        ("How much of you should the photos show?", "Three-quarter"),
        ("What field do you work in?", "Creative"),
        ("Anything else the photographer should know?", "I wear glasses"),
    ]


@pytest.mark.parametrize(
    "odd",
    [
        {"uses": ["linkedin", "retired-code"], "light": "ultraviolet"},
        {"uses": "linkedin", "people": 3, "junk": object()},
        {"people": "group", "people_count": None},
    ],
)
def test_describe_answers_never_fails_on_old_or_odd_data(odd):
    rows = describe_answers(odd)
    assert all(isinstance(q, str) and isinstance(a, str) for q, a in rows)


def test_describe_answers_shows_unknown_codes_as_they_are():
    rows = dict(describe_answers({"uses": ["retired-code"], "light": "ultraviolet"}))
    assert rows["Where will the photos be used?"] == "retired-code"
    assert rows["What mood and light do you like?"] == "ultraviolet"


def test_describe_answers_of_something_that_is_not_a_dict_is_empty():
    assert describe_answers(["uses"]) == []
    assert describe_answers({}) == []


def test_normalise_keeps_known_keys_and_details_only_where_they_apply():
    clean = normalise_answers(
        {
            "uses": ["wall_art", "linkedin", "linkedin", "bogus"],
            "uses_other": "ignored without 'other'",
            "people": "two",
            "people_count": 9,
            "place": "studio",
            "place_detail": "ignored in the studio",
            "notes": "   ",
            "hacker": "x",
        }
    )
    assert clean == {"uses": ["linkedin", "wall_art"], "people": "two", "place": "studio"}


@pytest.mark.parametrize(("uses", "expected"), [("brand", ["brand"]), (7, []), (None, [])])
def test_normalise_copes_with_a_use_that_is_not_a_list(uses, expected):
    assert normalise_answers({"uses": uses}).get("uses", []) == expected


def test_normalise_keeps_group_size_place_and_other_use_when_chosen():
    clean = normalise_answers(
        {
            "uses": ["other"],
            "uses_other": " album cover ",
            "people": "group",
            "people_count": 5,
            "place": "meaningful",
            "place_detail": "the allotment",
        }
    )
    assert clean["uses_other"] == "album cover"
    assert clean["people_count"] == 5
    assert clean["place_detail"] == "the allotment"


@pytest.mark.parametrize(
    ("traits", "expected"),
    [
        (
            {"kind": "headshot", "location": "studio", "looks": 2, "max_people": 1},
            {
                "purpose": "credible",
                "framing": "head_shoulders",
                "light": "bright",
                "place": "studio",
                "people": "just_me",
                "styling": "few",
            },
        ),
        (
            {"kind": "portrait", "location": "location", "looks": 3, "max_people": 6},
            {
                "purpose": "expressive",
                "framing": "three_quarter",
                "light": "natural",
                "place": "meaningful",
                "styling": "several",
            },
        ),
        (
            {"kind": "hybrid", "location": "either", "looks": 1, "max_people": 2},
            {
                "uses": ["brand"],
                "purpose": "story",
                "framing": "not_sure",
                "place": "either",
                "styling": "none",
            },
        ),
        ({"kind": "unknown"}, {}),
    ],
)
def test_prefill_from_a_session_type_suggests_what_it_can(traits, expected):
    assert prefill_for(**traits) == expected


def test_prefilled_codes_are_real_answers():
    for kind in ("headshot", "portrait", "hybrid"):
        for key, value in prefill_for(kind=kind, location="location", looks=3).items():
            values = value if isinstance(value, list) else [value]
            assert set(values) <= QUESTIONS[key].codes


def test_join_words_reads_like_a_sentence():
    assert join_words([]) == ""
    assert join_words(["a"]) == "a"
    assert join_words(["a", "b"]) == "a and b"
    assert join_words(["a", "b", "c"]) == "a, b and c"
