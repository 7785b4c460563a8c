"""The personal advice in the reminder emails, decided from the wizard's answer codes.

Pure: answer codes and the booked session's facts in, a list of Advice out. Only this
module reads the answers for the emails; the wording lives in
templates/emails/advice/<topic>.{txt,html}. What the booking says wins over what the
wizard was told: the advice must be true for the session the client actually booked.

- casting: the client said casting, and the session takes headshots (not in a portrait
  email: casting photos are plain headshots, which a portrait session does not make);
- group: more than one person is booked (never for one person, whatever the answers);
  in a headshot session each person has a headshot of their own, one after another;
- location: the session happens on location, or may and the client chose a meaningful
  place (never for a studio-only session);
- looks: the session fits more than one look and the client did not say "one outfit";
  props only where the session is a portrait or hybrid;
- field: the client said their field is traditional or creative (what to wear for it);
- glasses: the wizard's notes or the booking's notes mention glasses;
- little_ones: the notes mention children or pets coming along.

`from_answers` says whether the advice follows from the client's own answers, so an
email says "from what you told us" only about those.
"""

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .recommend import chosen_uses
from .weights import HEADSHOT, HYBRID, PORTRAIT

TOPICS = ("casting", "group", "location", "looks", "field", "glasses", "little_ones")
FIELDS = ("traditional", "creative")
_GLASSES = re.compile(r"\b(glasses|spectacles|specs|eyewear)\b", re.IGNORECASE)
_LITTLE_ONES = re.compile(
    r"\b(child|children|kids?|toddlers?|baby|babies|son|daughter|dogs?|puppy|cats?|pets?)\b",
    re.IGNORECASE,
)
LOCATION, EITHER = "location", "either"  # SessionType.Location values
MAX_PLACE_LENGTH = 120


@dataclass(frozen=True)
class Advice:
    topic: str
    from_answers: bool
    count: int = 0  # people for "group", looks for "looks"
    place: str = ""  # the client's own words for the place ("location")
    props: bool = False  # "looks": bring props too
    together: bool = True  # "group": in one picture (False: a headshot each, in turn)
    field: str = ""  # "field": traditional or creative

    @property
    def html_template(self) -> str:
        return f"emails/advice/{self.topic}.html"

    @property
    def text_template(self) -> str:
        return f"emails/advice/{self.topic}.txt"


def _answers(raw: Any) -> Mapping[str, Any]:
    return raw if isinstance(raw, Mapping) else {}


def _one_line(text: Any) -> str:
    flat = " ".join(str(text).split()) if isinstance(text, str) else ""
    return flat[:MAX_PLACE_LENGTH].rstrip()


def advice_for(
    *,
    answers: Any,
    kind: str,
    people: int,
    looks: int,
    location: str,
    place: str = "",
    notes: str = "",
) -> list[Advice]:
    """Advice for a booking of a session `kind` (its looks and location) for `people`.

    `answers` are the wizard's stored answers or None; odd shapes are read as no answer.
    `place` is where the client said, when booking, the session should happen; it wins
    over the wizard's place; `notes` what the client wrote when booking. Each topic appears
    at most once, in the order of TOPICS.
    """
    answers = _answers(answers)
    found: list[Advice] = []
    if "casting" in chosen_uses(answers) and kind in (HEADSHOT, HYBRID):
        found.append(Advice("casting", from_answers=True))
    if people > 1:
        told = answers.get("people") in ("two", "group")
        found.append(Advice("group", from_answers=told, count=people, together=kind != HEADSHOT))
    meaningful = answers.get("place") == "meaningful"
    if location == LOCATION or (location == EITHER and meaningful):
        told = _one_line(answers.get("place_detail")) if meaningful else ""
        found.append(Advice("location", from_answers=meaningful, place=_one_line(place) or told))
    styling = answers.get("styling")
    if looks > 1 and styling != "none":
        answered = styling in ("few", "several")
        count = min(looks, 2) if styling == "few" else looks
        props = styling == "several" and kind in (PORTRAIT, HYBRID)
        found.append(Advice("looks", from_answers=answered, count=count, props=props))
    if answers.get("field") in FIELDS:
        found.append(Advice("field", from_answers=True, field=answers["field"]))
    written = " ".join(text for text in (str(answers.get("notes") or ""), notes or "") if text)
    if _GLASSES.search(written):
        found.append(Advice("glasses", from_answers=True))
    if _LITTLE_ONES.search(written):
        found.append(Advice("little_ones", from_answers=True))
    return found
