"""recommend(answers): table-driven cases a photographer would recognise, plus invariants."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bookings.intake import QUESTIONS, Recommendation, recommend
from bookings.intake.recommend import KINDS, MAX_REASONS, signals

# The answers of someone who has no strong view on anything after the first question.
NEUTRAL = {
    "people": "just_me",
    "framing": "not_sure",
    "light": "no_preference",
    "place": "either",
    "field": "neither",
}


def answers(**chosen):
    return {**NEUTRAL, **chosen}


# id, answers, kind, runner-up (None: not asserted), fragment of a reason, fragment of a note
CASES = [
    (
        "actor applying for castings",
        {"uses": ["casting"], "framing": "head_shoulders", "styling": "few", "field": "creative"},
        "headshot",
        "portrait",
        "Casting directors and agents ask for a headshot",
        "8x10",
    ),
    (
        "actor who likes moody pictures still gets a casting headshot",
        {
            "uses": ["casting"],
            "purpose": "expressive",
            "framing": "full_length",
            "light": "dramatic",
            "place": "meaningful",
            "styling": "several",
            "field": "creative",
        },
        "headshot",
        "portrait",
        "casting photos are always a headshot session",
        "range of expressions",
    ),
    (
        "actor who also wants wall art is told to book that apart",
        {"uses": ["casting", "wall_art"], "framing": "head_shoulders"},
        "headshot",
        "portrait",
        "Casting directors",
        "ask us about a separate session",
    ),
    (
        "job seeker updating LinkedIn",
        answers(
            uses=["linkedin"],
            purpose="credible",
            framing="head_shoulders",
            light="bright",
            place="studio",
            styling="few",
            field="traditional",
        ),
        "headshot",
        "hybrid",
        "You'll use it on LinkedIn: that calls for a clean, well-lit headshot",
        None,
    ),
    (
        "corporate team page",
        answers(
            uses=["company"],
            purpose="credible",
            people="group",
            people_count=12,
            framing="head_shoulders",
            light="bright",
            place="studio",
            styling="none",
            field="traditional",
        ),
        "headshot",
        "hybrid",
        "your company page",
        "each person in turn",
    ),
    (
        "two co-founders for the company page",
        answers(uses=["company"], people="two", purpose="credible", place="studio"),
        "headshot",
        None,
        "everyone gets the same light",
        "each person in turn",
    ),
    (
        "entrepreneur building a personal brand",
        answers(
            uses=["brand", "linkedin", "social"],
            purpose="story",
            framing="three_quarter",
            light="natural",
            place="meaningful",
            place_detail="my studio kitchen",
            styling="several",
            field="mixed",
        ),
        "hybrid",
        "portrait",
        "a personal branding session covers both",
        "my studio kitchen",
    ),
    (
        "musician wanting expressive images",
        answers(
            uses=["brand", "editorial"],
            purpose="expressive",
            framing="full_length",
            light="dramatic",
            place="meaningful",
            styling="several",
            field="creative",
        ),
        "portrait",
        "hybrid",
        "creative, expressive pictures",
        None,
    ),
    (
        "couple wanting a picture for their wall",
        answers(uses=["wall_art"], people="two", light="natural", place="meaningful"),
        "portrait",
        "hybrid",
        "two of you in the picture",
        None,
    ),
    (
        "family of five portrait",
        answers(
            uses=["wall_art"],
            people="group",
            people_count=5,
            framing="full_length",
            purpose="story",
        ),
        "portrait",
        None,
        "With 5 people in the picture",
        "A group of 5",
    ),
    (
        "someone wanting both a profile photo and wall art",
        answers(uses=["linkedin", "wall_art"], purpose="mix", styling="few", field="mixed"),
        "hybrid",
        None,
        "You need a profile photo for LinkedIn, and pictures with a story for wall art",
        None,
    ),
    (
        "coach with a brand and a speaker page",
        answers(uses=["brand", "speaker"], purpose="credible", place="studio", styling="few"),
        "hybrid",
        "headshot",
        "speaker bios and press",
        None,
    ),
    (
        "brand website alone",
        answers(uses=["brand"], purpose="story", framing="three_quarter", styling="several"),
        "hybrid",
        "portrait",
        "Your own brand needs more than one picture",
        None,
    ),
    (
        "lawyer for the firm's site, LinkedIn and conference bios",
        answers(
            uses=["linkedin", "company", "speaker"],
            purpose="credible",
            framing="head_shoulders",
            light="bright",
            place="studio",
            styling="none",
            field="traditional",
        ),
        "headshot",
        None,
        "LinkedIn, your company page and speaker bios and press",
        None,
    ),
    (
        "new starter's ID badge",
        {"uses": ["badge"], "field": "traditional"},
        "headshot",
        None,
        "an ID badge",
        "ID badges often have rules",
    ),
    (
        "email signature avatar",
        {"uses": ["avatar"], "purpose": "credible", "light": "bright", "field": "neither"},
        "headshot",
        None,
        "your email signature",
        None,
    ),
    (
        "dating profile in soft light",
        answers(uses=["social"], purpose="credible", light="natural"),
        "headshot",
        None,
        "your social profiles",
        None,
    ),
    (
        "author needing a book jacket photo",
        answers(
            uses=["editorial"],
            purpose="story",
            framing="three_quarter",
            light="natural",
            place="meaningful",
            field="creative",
        ),
        "portrait",
        None,
        "an editorial feature or book jacket",
        None,
    ),
    (
        "a gift portrait in dramatic light",
        answers(uses=["wall_art"], purpose="expressive", light="dramatic"),
        "portrait",
        None,
        "Dramatic, cinematic light",
        None,
    ),
    (
        "somewhere else with no preferences at all",
        answers(uses=["other"], uses_other="a conference programme"),
        "headshot",
        None,
        "Nothing you told us needs more than a headshot",
        "tight and wider frames",
    ),
    (
        "no answers at all",
        {},
        "headshot",
        "hybrid",
        "Nothing you told us needs more than a headshot",
        None,
    ),
    (
        "a place that means something, nothing else",
        answers(uses=["other"], place="meaningful", place_detail="my bakery"),
        "portrait",
        "hybrid",
        "A place that means something to you",
        "my bakery",
    ),
    (
        "a corporate headshot with a dramatic twist",
        answers(
            uses=["linkedin", "company"],
            purpose="credible",
            framing="head_shoulders",
            light="dramatic",
        ),
        "headshot",
        "portrait",
        "LinkedIn and your company page",
        "dramatic variation",
    ),
    (
        "a headshot client who brings a wardrobe",
        answers(
            uses=["linkedin"],
            framing="head_shoulders",
            place="studio",
            styling="several",
            field="traditional",
        ),
        "headshot",
        None,
        "classic headshot frame",
        "two looks",
    ),
    (
        "designer who wants personality on their portfolio site and social",
        answers(
            uses=["brand", "social"],
            purpose="mix",
            framing="three_quarter",
            light="natural",
            styling="few",
            field="creative",
        ),
        "hybrid",
        None,
        "a personal branding session covers both",
        None,
    ),
    (
        "a full-length picture for a magazine feature",
        answers(uses=["editorial"], framing="full_length", styling="several"),
        "portrait",
        "hybrid",
        "Full-length pictures need space",
        None,
    ),
    (
        "a family group without a count still reads well",
        answers(uses=["wall_art"], people="group"),
        "portrait",
        None,
        "A family or group in one picture",
        None,
    ),
    (
        "unknown codes from an old form are ignored",
        {"uses": ["selfie", "linkedin"], "purpose": "zzz", "light": 7},
        "headshot",
        None,
        "You'll use it on LinkedIn",
        None,
    ),
    (
        "a single use given as a string",
        {"uses": "wall_art"},
        "portrait",
        None,
        "wall art or a gift",
        None,
    ),
    (
        "finance professional who wants natural light on location",
        answers(
            uses=["company", "linkedin"],
            purpose="credible",
            light="natural",
            place="meaningful",
            field="traditional",
        ),
        "headshot",
        None,
        "LinkedIn and your company page",
        "light and access",
    ),
]


@pytest.mark.parametrize(
    ("chosen", "kind", "runner_up", "reason", "note"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_recommendation_for_classic_clients(chosen, kind, runner_up, reason, note):
    result = recommend(chosen)
    assert isinstance(result, Recommendation)
    assert result.kind == kind, result.reasons
    if runner_up is not None:
        assert result.runner_up == runner_up
    assert any(reason in sentence for sentence in result.reasons), result.reasons
    if note is not None:
        assert any(note in sentence for sentence in result.notes), result.notes


def test_table_covers_every_answer_of_every_question():
    seen: dict[str, set] = {}
    for _id, case_answers, *_rest in CASES:
        for key, value in case_answers.items():
            values = value if isinstance(value, list) else [value]
            seen.setdefault(key, set()).update(str(v) for v in values)
    for key, question in QUESTIONS.items():
        if question.choices:
            assert question.codes <= seen[key], f"{key} misses {question.codes - seen[key]}"
    assert len(CASES) >= 25


def test_every_reason_is_tied_to_an_answer_of_the_recommended_kind():
    entrepreneur = CASES[6][1]
    result = recommend(entrepreneur)
    backing = {signal.reason for signal in signals(entrepreneur) if signal.kind == result.kind}
    assert set(result.reasons) <= backing
    assert len(result.reasons) == MAX_REASONS


def test_runner_up_explains_why_not_and_names_what_came_close():
    musician = answers(
        uses=["brand", "social"],
        purpose="expressive",
        framing="full_length",
        light="dramatic",
        place="meaningful",
        styling="several",
        field="creative",
    )
    result = recommend(musician)
    assert (result.kind, result.runner_up) == ("portrait", "hybrid")
    assert result.why_not.startswith("It came close because of")
    assert "profile headshots you did not ask for" in result.why_not


def test_a_distant_runner_up_is_not_said_to_have_come_close():
    result = recommend(CASES[3][1])  # the job seeker
    assert "came close" not in result.why_not
    assert result.why_not


def test_casting_beats_any_number_of_portrait_points():
    chosen = {
        "uses": ["casting", "wall_art", "editorial", "brand"],
        "purpose": "expressive",
        "people": "group",
        "people_count": 8,
        "framing": "full_length",
        "light": "dramatic",
        "place": "meaningful",
        "styling": "several",
        "field": "creative",
    }
    assert recommend(chosen).kind == "headshot"


def test_needing_both_kinds_of_picture_outweighs_a_wish_for_expressive_pictures():
    both = answers(uses=["linkedin", "wall_art"], purpose="expressive")
    assert recommend(both).kind == "hybrid"


def test_group_with_profile_uses_only_is_a_team_headshot_but_with_a_story_use_a_portrait():
    team = answers(uses=["company"], people="group", people_count=6)
    assert recommend(team).kind == "headshot"
    assert recommend({**team, "uses": ["company", "wall_art"]}).kind != "headshot"


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
        assert result.kind == "headshot"


json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner),
    max_leaves=8,
)


@settings(max_examples=200, deadline=None)
@given(st.dictionaries(st.sampled_from([*QUESTIONS, "junk"]), json_values))
def test_odd_stored_answers_never_break_the_recommendation(stored):
    assert recommend(stored).kind in KINDS
