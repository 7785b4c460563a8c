"""advice_for(): the emails' personal advice from answer codes and the booked session (pure)."""

import pytest

from bookings.intake.advice import TOPICS, Advice, advice_for

EVERYTHING = {
    "uses": ["casting", "portfolio"],
    "people": "group",
    "people_count": 4,
    "place": "meaningful",
    "place_detail": "  my   bakery\r\n",
    "styling": "several",
}


def topics(**kwargs) -> list[str]:
    return [advice.topic for advice in advice_for(**kwargs)]


def session(kind="portrait", people=1, looks=1, location="studio", answers=None) -> dict:
    return {
        "kind": kind,
        "people": people,
        "looks": looks,
        "location": location,
        "answers": answers,
    }


@pytest.mark.parametrize(
    ("kind", "expected"), [("headshot", True), ("hybrid", True), ("portrait", False)]
)
def test_casting_advice_only_where_the_session_takes_headshots(kind, expected):
    found = advice_for(**session(kind=kind, answers={"uses": ["casting"]}))
    assert (Advice("casting", from_answers=True) in found) is expected


def test_group_advice_follows_the_booking_never_one_person():
    assert topics(**session(answers={"people": "group", "people_count": 6})) == []
    (group,) = advice_for(**session(people=3, answers={"people": "group", "people_count": 6}))
    assert (group.topic, group.count, group.from_answers) == ("group", 3, True)
    (group,) = advice_for(**session(people=2, answers={"people": "just_me"}))
    assert group.from_answers is False  # the booking says two, the client did not
    (group,) = advice_for(**session(people=2))
    assert group.from_answers is False
    (group,) = advice_for(**session(kind="headshot", people=4))
    assert group.together is False  # a team: one headshot each, in turn


def test_location_advice_only_where_the_session_can_leave_the_studio():
    meaningful = {"place": "meaningful", "place_detail": "my bakery"}
    assert topics(**session(location="studio", answers=meaningful)) == []
    (where,) = advice_for(**session(location="either", answers=meaningful))
    assert (where.from_answers, where.place) == (True, "my bakery")
    assert topics(**session(location="either", answers={"place": "studio"})) == []
    (where,) = advice_for(**session(location="location"))
    assert (where.from_answers, where.place) == (False, "")
    (where,) = advice_for(**session(location="location", answers={"place": "either"}))
    assert where.place == "" and where.from_answers is False


def test_looks_advice_follows_the_session_and_props_only_in_portraits_and_hybrids():
    assert topics(**session(looks=1, answers={"styling": "several"})) == []
    assert topics(**session(looks=3, answers={"styling": "none"})) == []
    (looks,) = advice_for(**session(looks=3, answers={"styling": "few"}))
    assert (looks.count, looks.props, looks.from_answers) == (2, False, True)
    (looks,) = advice_for(**session(looks=4, answers={"styling": "several"}))
    assert (looks.count, looks.props) == (4, True)
    (looks,) = advice_for(**session(kind="headshot", looks=2, answers={"styling": "several"}))
    assert (looks.count, looks.props) == (2, False)
    (looks,) = advice_for(**session(looks=3))
    assert (looks.count, looks.from_answers) == (3, False)


@pytest.mark.parametrize("kind", ["headshot", "portrait", "hybrid"])
def test_without_answers_nothing_claims_to_come_from_them(kind):
    found = advice_for(**session(kind=kind, people=3, looks=3, location="location"))
    assert found and not any(advice.from_answers for advice in found)


@pytest.mark.parametrize("kind", ["headshot", "portrait", "hybrid"])
def test_each_topic_at_most_once_in_a_fixed_order(kind):
    found = advice_for(
        **session(kind=kind, people=4, looks=3, location="either", answers=EVERYTHING)
    )
    names = [advice.topic for advice in found]
    assert names == [topic for topic in TOPICS if topic in names]
    assert ("casting" in names) is (kind != "portrait")
    assert next(a for a in found if a.topic == "location").place == "my bakery"


@pytest.mark.parametrize(
    "answers",
    [
        None,
        {},
        [],
        "nonsense",
        {"uses": None, "people": {"x": 1}, "place": 7, "place_detail": None},
        {"people": True, "people_count": "many", "styling": ["none"], "uses": "casting"},
    ],
)
def test_odd_answers_are_read_as_no_answer(answers):
    found = advice_for(**session(kind="headshot", looks=1, answers=answers))
    assert [advice.topic for advice in found] in ([], ["casting"])
