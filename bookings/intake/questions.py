"""The wizard's questions as data, the rules that skip them, and their plain-word labels.

Everything here is plain values: the forms, the recommendation and the dashboard read
these tables, so changing a question or an answer happens in one place.
"""

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Choice:
    code: str
    label: str
    hint: str = ""


@dataclass(frozen=True)
class Question:
    key: str
    label: str
    choices: tuple[Choice, ...] = ()
    help: str = ""

    @property
    def codes(self) -> frozenset[str]:
        return frozenset(choice.code for choice in self.choices)

    def label_for(self, code: str) -> str:
        for choice in self.choices:
            if choice.code == code:
                return str(choice.label)
        return str(code)  # an answer saved before a choice was renamed still shows


# Answer codes are stored in IntakeResponse.answers: rename labels freely, never codes.
USES = Question(
    "uses",
    _("Where will the photos be used?"),
    (
        Choice("linkedin", _("LinkedIn or your CV")),
        Choice("company", _("Company or team page")),
        Choice("speaker", _("Speaker bio or press kit")),
        Choice("casting", _("Casting or agency submissions")),
        Choice("badge", _("ID badge or staff pass")),
        Choice("avatar", _("Email signature or avatar")),
        Choice("social", _("Dating or social media profile")),
        Choice("website", _("My own website"), _("Your “about” page or shop")),
        Choice(
            "brand",
            _("Personal brand and marketing"),
            _("Promoting yourself: website, adverts, talks, social"),
        ),
        Choice("portfolio", _("A portfolio"), _("A portfolio book or showreel of your range")),
        Choice("content", _("Social media posts or a blog"), _("Pictures that tell a story")),
        Choice("editorial", _("Editorial feature or book jacket")),
        Choice("wall_art", _("Wall art or a gift"), _("Framed at home or given to someone")),
        Choice("other", _("Somewhere else")),
    ),
    _("Tick everything that applies."),
)
USES_OTHER = Question(
    "uses_other",
    _("Where else?"),
    help=_(
        "A few words are enough, for example “album cover”. The photographer reads it with "
        "your booking; it does not change the recommendation."
    ),
)
PURPOSE = Question(
    "purpose",
    _("What should the photo say about you?"),
    (
        Choice("credible", _("Credible and approachable"), _("Someone people trust at a glance")),
        Choice("story", _("Who I am and what I do"), _("Your work, your world, your character")),
        Choice("expressive", _("Creative and expressive"), _("Mood, personality, a bit of art")),
        Choice("mix", _("A mix of these")),
    ),
)
PEOPLE = Question(
    "people",
    _("Who will be in the picture?"),
    (
        Choice("just_me", _("Just me")),
        Choice("two", _("Two of us"), _("A couple, friends, business partners")),
        Choice("group", _("A family or group"), _("Tell us how many below")),
    ),
)
PEOPLE_COUNT = Question(
    "people_count",
    _("How many people?"),
    help=_("Only for a family or group. Count everyone, children too."),
)
FRAMING = Question(
    "framing",
    _("How much of you should the photos show?"),
    (
        Choice("head_shoulders", _("Head and shoulders"), _("Tight on your face")),
        Choice("three_quarter", _("Three-quarter"), _("From about mid-thigh up")),
        Choice("full_length", _("Full length"), _("Head to toe, with room around you")),
        Choice("not_sure", _("Not sure yet"), _("We will try a range and you choose")),
    ),
)
LIGHT = Question(
    "light",
    _("What mood and light do you like?"),
    (
        Choice("bright", _("Bright and even"), _("Clean, light and friendly")),
        Choice("natural", _("Natural"), _("Soft daylight, relaxed")),
        Choice("dramatic", _("Dramatic or cinematic"), _("Deep shadows, strong contrast")),
        Choice("no_preference", _("No preference")),
    ),
)
PLACE = Question(
    "place",
    _("Where would you like to be photographed?"),
    (
        Choice("studio", _("In the studio"), _("A clean, plain backdrop")),
        Choice(
            "meaningful",
            _("Somewhere that means something"),
            _("Your workplace, your home or outdoors"),
        ),
        Choice("either", _("Either is fine")),
    ),
)
PLACE_DETAIL = Question(
    "place_detail",
    _("Which place?"),
    help=_("Only if you chose somewhere that means something, for example “my bakery”."),
)
STYLING = Question(
    "styling",
    _("Outfit changes, props or styling?"),
    (
        Choice("none", _("None"), _("One outfit, no props")),
        Choice("few", _("One or two outfit changes")),
        Choice(
            "several", _("Several looks, maybe props"), _("Instruments, tools, things you love")
        ),
    ),
)
FIELD = Question(
    "field",
    _("What field do you work in?"),
    (
        Choice("traditional", _("Traditional"), _("Corporate, law, finance, medicine")),
        Choice("creative", _("Creative"), _("Arts, performance, design")),
        Choice("mixed", _("A mix of both")),
        Choice("neither", _("Neither, or it does not matter here")),
    ),
)
NOTES = Question(
    "notes",
    _("Anything else the photographer should know?"),
    help=_("Glasses, a deadline, nerves in front of the camera, a brand colour: it all helps."),
)

QUESTIONS: dict[str, Question] = {
    question.key: question
    for question in (
        USES,
        USES_OTHER,
        PURPOSE,
        PEOPLE,
        PEOPLE_COUNT,
        FRAMING,
        LIGHT,
        PLACE,
        PLACE_DETAIL,
        STYLING,
        FIELD,
        NOTES,
    )
}

NOTES_MAX_LENGTH = 2000
SHORT_TEXT_MAX_LENGTH = 200
MAX_PEOPLE = 50


# Uses that only ever show one face, and uses whose format someone else dictates
# (a casting director, the security office), which makes some questions pointless.
SOLO_USES = frozenset({"linkedin", "casting", "badge", "avatar", "speaker"})
FORMAT_SET_USES = frozenset({"casting", "badge"})
THUMBNAIL_USES = frozenset({"badge", "avatar"})


@dataclass(frozen=True)
class Step:
    name: str
    title: str
    keys: tuple[str, ...]
    # The step is skipped when every chosen use is in this set (empty: always asked).
    skip_if_only: frozenset[str] = frozenset()


STEPS: tuple[Step, ...] = (
    Step("uses", _("Uses"), ("uses", "uses_other")),
    Step("purpose", _("Purpose"), ("purpose",), FORMAT_SET_USES),
    Step("people", _("People"), ("people", "people_count"), SOLO_USES),
    Step("framing", _("Framing"), ("framing",), THUMBNAIL_USES),
    Step("light", _("Light"), ("light",), FORMAT_SET_USES),
    Step("place", _("Place"), ("place", "place_detail"), FORMAT_SET_USES | THUMBNAIL_USES),
    Step("styling", _("Styling"), ("styling",), THUMBNAIL_USES),
    Step("about", _("About you"), ("field", "notes")),
)
STEP_NAMES: tuple[str, ...] = tuple(step.name for step in STEPS)
_STEPS_BY_NAME = {step.name: step for step in STEPS}


def is_asked(step_name: str, answers: Mapping[str, Any]) -> bool:
    """Whether a step still matters given the answers so far (only `uses` decides)."""
    step = _STEPS_BY_NAME[step_name]
    uses = set(answers.get("uses") or ())
    return not (step.skip_if_only and uses and uses <= step.skip_if_only)


def asked_steps(answers: Mapping[str, Any]) -> list[str]:
    return [step.name for step in STEPS if is_asked(step.name, answers)]


def join_words(items: Iterable[str]) -> str:
    """["a", "b", "c"] -> "a, b and c", the way people write a list."""
    items = [str(item) for item in items]
    if len(items) <= 1:
        return "".join(items)
    return gettext("%(items)s and %(last)s") % {"items": ", ".join(items[:-1]), "last": items[-1]}


def describe_answers(answers: Mapping[str, Any]) -> list[tuple[str, str]]:
    """(question, answer) pairs in plain words, in the wizard's order, for people to read.

    Never raises on old or odd data: unknown codes are shown as they are.
    """
    if not isinstance(answers, Mapping):
        return []
    rows: list[tuple[str, str]] = []
    for key, question in QUESTIONS.items():
        value = answers.get(key)
        if value in (None, "", [], ()):
            continue
        if key == "people_count":
            continue  # shown with "people"
        if key == "uses":
            codes = value if isinstance(value, list | tuple) else [value]
            text = ", ".join(question.label_for(str(code)) for code in codes)
        elif key == "people" and value == "group" and answers.get("people_count"):
            text = gettext("%(group)s (%(count)s people)") % {
                "group": question.label_for(value),
                "count": answers["people_count"],
            }
        elif question.choices:
            text = question.label_for(str(value))
        else:
            text = str(value)
        rows.append((str(question.label), text))
    return rows


# What a session type tells us about likely answers, used when the wizard starts from
# that type's page. Only initial values: the visitor sees and confirms every one.
_KIND_PREFILL = {
    "headshot": {
        "purpose": "credible",
        "framing": "head_shoulders",
        "light": "bright",
        "place": "studio",
    },
    "portrait": {"purpose": "expressive", "framing": "three_quarter", "light": "natural"},
    "hybrid": {"uses": ["brand"], "purpose": "story", "framing": "not_sure", "place": "either"},
}


def prefill_for(*, kind: str, location: str = "", looks: int = 0, max_people: int = 0) -> dict:
    """Initial answers suggested by a session type's kind and traits (key -> value)."""
    answers = dict(_KIND_PREFILL.get(kind, {}))
    if max_people == 1:
        answers["people"] = "just_me"
    if location == "studio":
        answers.setdefault("place", "studio")
    elif location == "location":
        answers["place"] = "meaningful"
    if looks == 1:
        answers["styling"] = "none"
    elif looks == 2:
        answers["styling"] = "few"
    elif looks >= 3:
        answers["styling"] = "several"
    return answers


def normalise_answers(raw: Mapping[str, Any]) -> dict[str, Any]:
    """Known keys only, empty values dropped, follow-up details only where they apply."""
    answers: dict[str, Any] = {}
    for key, question in QUESTIONS.items():
        value = raw.get(key)
        if key == "uses":
            if isinstance(value, str):
                value = [value]
            chosen = set(value) if isinstance(value, list | tuple | set | frozenset) else set()
            value = [choice.code for choice in question.choices if choice.code in chosen]
        elif isinstance(value, str):
            value = value.strip()
        if value in (None, "", []):
            continue
        answers[key] = value
    if answers.get("people") != "group":
        answers.pop("people_count", None)
    if answers.get("place") != "meaningful":
        answers.pop("place_detail", None)
    if "other" not in answers.get("uses", []):
        answers.pop("uses_other", None)
    return answers
