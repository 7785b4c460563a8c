"""recommend(answers): which session kind fits, and why, in plain words.

Two steps, both meant to be read:

1. The uses say which kinds of picture are *needed* (weights.needs_of): a headshot for a
   profile or a casting, a portrait for a portfolio or a wall, both for a personal brand.
   Only a session that delivers everything needed can be recommended, so someone who
   needs audition headshots and portraits of their range hears about the hybrid.
2. Among those, the points decide: each answer adds points to one kind with a sentence
   that says why (weights.answer_table). Ties go to the simpler, shorter session.

The runner-up is the best of the other kinds by points. Every reason and every "why not"
is built from signals, and every signal names the answer it came from, so nothing on the
result page can contradict what the visitor said. Free text never scores.
"""

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .questions import USES, join_words
from .weights import (
    DELIVERS,
    GROUP_POINTS,
    HEADSHOT,
    HYBRID,
    PORTRAIT,
    PROFILE_POINTS,
    PROFILE_USES,
    STORY_USES,
    TEAM_POINTS,
    answer_table,
    needs_of,
    use_phrases,
    use_weights,
)

KINDS = (HEADSHOT, PORTRAIT, HYBRID)
# On equal points the shorter, cheaper session wins.
_SIMPLICITY = {HEADSHOT: 0, HYBRID: 1, PORTRAIT: 2}
MAX_REASONS = 4
# Keys whose answers are the visitor's own words: kept for the photographer, never scored.
FREE_TEXT_KEYS = ("uses_other", "people_count", "place_detail", "notes")


@dataclass(frozen=True)
class Signal:
    kind: str
    points: int
    reason: str  # a full sentence tied to an answer
    hint: str  # a short phrase for "it came close because of ..."
    key: str = ""  # the question it came from
    codes: tuple[str, ...] = ()  # the answers to that question it came from


@dataclass(frozen=True)
class Recommendation:
    kind: str
    reasons: tuple[str, ...]
    runner_up: str
    notes: tuple[str, ...] = ()
    why_not: str = ""  # why the runner-up came second, from the visitor's answers
    needs_both: bool = False  # the uses need a headshot and a portrait


def chosen_uses(answers: Mapping[str, Any]) -> list[str]:
    """The known use codes among the answers, in the question's order."""
    value = answers.get("uses") or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple | set | frozenset):
        return []
    chosen = {str(code) for code in value}
    return [choice.code for choice in USES.choices if choice.code in chosen]


def needs(answers: Mapping[str, Any]) -> frozenset[str]:
    """The kinds of picture the chosen uses need (empty: the uses leave it open)."""
    found: frozenset[str] = frozenset()
    for use in chosen_uses(answers):
        found |= needs_of(use)
    return found


def _uses_needing(kind: str, uses: list[str]) -> list[str]:
    return [use for use in uses if kind in needs_of(use)]


def _signals_from_uses(answers: Mapping[str, Any]) -> list[Signal]:
    uses = chosen_uses(answers)
    words = use_phrases()
    table = use_weights()
    profile = [use for use in uses if use in PROFILE_USES]
    story = [use for use in uses if use in STORY_USES]

    def signal(name: str, codes, points: int | None = None, **fill) -> Signal:
        weight = table[name]
        reason, hint = weight.reason, weight.hint
        if fill:
            reason, hint = reason % fill, hint % fill
        return Signal(weight.kind, points or weight.points, reason, hint, "uses", tuple(codes))

    found: list[Signal] = []
    if "casting" in uses:
        found.append(signal("casting", ["casting"]))
    if profile:
        points = PROFILE_POINTS[min(len(profile), len(PROFILE_POINTS)) - 1]
        found.append(signal("profile", profile, points, uses=join_words(words[u] for u in profile)))
    if story:
        found.append(signal("story", story, uses=join_words(words[use] for use in story)))
    if "brand" in uses:
        found.append(signal("brand", ["brand"]))
    headshot_uses = _uses_needing(HEADSHOT, uses)
    portrait_uses = _uses_needing(PORTRAIT, uses)
    single = [use for use in headshot_uses if use not in portrait_uses]
    if single and [use for use in portrait_uses if use not in headshot_uses]:
        codes = [use for use in uses if use in single or use in story]
        profile_words = join_words(words[use] for use in single)
        others = join_words(words[use] for use in portrait_uses if use in story)
        found.append(signal("both", codes, profile=profile_words, others=others))
    return found


def _signals_from_people(answers: Mapping[str, Any]) -> list[Signal]:
    people = answers.get("people")
    if people not in ("two", "group"):
        return []
    uses = chosen_uses(answers)
    if uses and all(use in PROFILE_USES for use in uses):
        return [
            Signal(
                HEADSHOT,
                TEAM_POINTS,
                _(
                    "For a team or company page each person gets a headshot of their own, in "
                    "the same light and framing, so the page looks consistent."
                ),
                _("your team page"),
                "people",
                (people,),
            )
        ]
    count = answers.get("people_count")
    if people == "two":
        reason = _(
            "With two of you in the picture we need a wider frame and poses that show how "
            "you belong together."
        )
    elif isinstance(count, int) and count > 0:
        reason = ngettext(
            "With %(count)s person in the picture we need a wider frame and time to arrange "
            "everyone so each face is clear.",
            "With %(count)s people in the picture we need a wider frame and time to arrange "
            "everyone so each face is clear.",
            count,
        ) % {"count": count}
    else:
        reason = _(
            "A family or group in one picture needs a wider frame and time to arrange "
            "everyone so each face is clear."
        )
    hint = _("the two of you together") if people == "two" else _("the group picture")
    return [Signal(PORTRAIT, GROUP_POINTS, reason, hint, "people", (people,))]


def signals(answers: Mapping[str, Any]) -> list[Signal]:
    """Every signal the answers give, in the order of the questions."""
    found = _signals_from_uses(answers)
    table = answer_table()

    def from_table(key: str) -> list[Signal]:
        code = str(answers.get(key))
        return [
            Signal(w.kind, w.points, w.reason, w.hint, key, (code,))
            for w in table.get((key, code), ())
        ]

    found += from_table("purpose")
    found += _signals_from_people(answers)
    for key in ("framing", "light", "place", "styling", "field"):
        found += from_table(key)
    return found


def _ranked(kinds, points: dict[str, int]) -> list[str]:
    return sorted(kinds, key=lambda kind: (-points[kind], _SIMPLICITY[kind]))


def _strongest(found: list[Signal], kind: str) -> list[Signal]:
    # sorted() is stable: equal points keep the order of the questions.
    return sorted((s for s in found if s.kind == kind), key=lambda s: -s.points)


def _session_sentence(kind: str) -> str:
    return {
        HEADSHOT: _("A headshot session keeps to a tight frame on a plain background."),
        PORTRAIT: _(
            "A portrait session frames wider and spends its time on mood, setting and styling."
        ),
        HYBRID: _(
            "A hybrid session gives you clean headshots and a set of expressive portraits, and "
            "takes longer."
        ),
    }[kind]


def _why_not(
    kind: str, runner_up: str, found: list[Signal], points: dict[str, int], answers
) -> str:
    """Why the runner-up came second, in sentences built only from the visitor's answers."""
    parts = [_session_sentence(runner_up)]
    hints = list(dict.fromkeys(s.hint for s in _strongest(found, runner_up)))[:2]
    if hints:
        if points[runner_up] >= points[kind]:
            parts.append(
                _("Some of your answers lean that way: %(hints)s.") % {"hints": join_words(hints)}
            )
        elif points[runner_up] * 2 >= points[kind]:
            parts.append(_("It came close because of %(hints)s.") % {"hints": join_words(hints)})
        else:
            parts.append(_("Only %(hints)s leaned that way.") % {"hints": join_words(hints)})
    missing = needs(answers) - DELIVERS[runner_up]
    words = use_phrases()
    uses = chosen_uses(answers)
    if HEADSHOT in missing:
        parts.append(
            _("It would not give you the headshot you need for %(uses)s.")
            % {"uses": join_words(words[use] for use in _uses_needing(HEADSHOT, uses))}
        )
    if PORTRAIT in missing:
        parts.append(
            _("It would not give you the portraits you want for %(uses)s.")
            % {"uses": join_words(words[use] for use in _uses_needing(PORTRAIT, uses))}
        )
    if not hints and not missing:
        if runner_up == HYBRID:
            parts.append(_("Nothing you told us needs both kinds of picture."))
        else:
            parts.append(_("None of your answers pointed that way."))
    return " ".join(parts)


def _notes(answers: Mapping[str, Any], kind: str) -> list[str]:
    """What the photographer will do about the visitor's answers, for the result page."""
    return _use_notes(answers, kind) + _answer_notes(answers, kind)


def _use_notes(answers: Mapping[str, Any], kind: str) -> list[str]:
    uses = chosen_uses(answers)
    notes: list[str] = []
    if "casting" in uses and kind in (HEADSHOT, HYBRID):
        notes += [
            _(
                "We shoot the classic 8x10 format (portrait orientation, 4:5) that agencies and "
                "casting sites expect, in colour, with a black-and-white version on request."
            ),
            _(
                "We take a range of expressions: a warm, open commercial look and a still, "
                "serious theatrical one. Casting directors want to see both."
            ),
            _(
                "No heavy retouching, busy backgrounds, props or artistic effects in the casting "
                "photos: they must look like you on the day you walk into the room."
            ),
            _("Bring plain tops in a few colours and necklines; avoid logos and busy patterns."),
        ]
        if kind == HYBRID:
            notes.append(
                _(
                    "We take the casting headshots first, plain and true to life, then move on "
                    "to the portraits, where props and styling are welcome."
                )
            )
    if "badge" in uses:
        notes.append(
            _(
                "ID badges often have rules (plain background, face straight on, no glare on "
                "glasses). Bring your employer's rules if there are any."
            )
        )
    other = str(answers.get("uses_other") or "").strip()
    if "other" in uses and other:
        notes.append(
            _("You'll also use them for: %(other)s. The photographer reads this and plans for it.")
            % {"other": other}
        )
    return notes


def _answer_notes(answers: Mapping[str, Any], kind: str) -> list[str]:
    notes: list[str] = []
    people, count = answers.get("people"), answers.get("people_count")
    if people in ("two", "group") and kind == HEADSHOT:
        notes.append(
            _(
                "We photograph each person in turn with identical light and framing. Each "
                "headshot is booked as its own session; to bring a team, get in touch and we "
                "will plan the time with you."
            )
        )
    elif people == "group" and isinstance(count, int) and count > 0:
        notes.append(
            _(
                "A group of %(count)s: check the number of people the session allows when you "
                "book, and tell us about small children or pets."
            )
            % {"count": count}
        )
    if answers.get("framing") == "not_sure":
        notes.append(_("Not sure how much of you to show? We'll shoot tight and wider frames."))
    if answers.get("place") == "meaningful":
        detail = str(answers.get("place_detail") or "").strip()
        notes.append(
            _("You'd like to be photographed at: %(place)s. We'll check light and access first.")
            % {"place": detail}
            if detail
            else _("Tell us about the place you have in mind; we'll check light and access first.")
        )
    if kind == HEADSHOT and answers.get("styling") == "several":
        notes.append(_("A headshot session fits two looks: bring your favourites and we'll pick."))
    if kind == HEADSHOT and answers.get("light") == "dramatic":
        notes.append(_("We can add a dramatic variation, and keep one evenly lit for small sizes."))
    return notes


def _default_reason() -> str:
    return _(
        "None of your answers calls for more than a headshot: it is the shortest session and "
        "gives you a photo you can use almost anywhere. You can always add more later."
    )


def recommend(answers: Mapping[str, Any]) -> Recommendation:
    """The session kind that fits the answers, with reasons, runner-up and notes (pure)."""
    found = signals(answers)
    points = {kind: sum(s.points for s in found if s.kind == kind) for kind in KINDS}
    needed = needs(answers)
    # Only a session that delivers every kind of picture the uses need can win.
    eligible = [kind for kind in KINDS if needed <= DELIVERS[kind]]
    kind = _ranked(eligible, points)[0]
    runner_up = _ranked([other for other in KINDS if other != kind], points)[0]
    backing = _strongest(found, kind)
    if kind == HYBRID:
        # A hybrid delivers both kinds, so the uses that need either one back it too.
        backing += [s for s in found if s.key == "uses" and s.kind != HYBRID]
    reasons = tuple(dict.fromkeys(s.reason for s in backing))[:MAX_REASONS]
    return Recommendation(
        kind=kind,
        reasons=reasons or (_default_reason(),),
        runner_up=runner_up,
        notes=tuple(_notes(answers, kind)),
        why_not=_why_not(kind, runner_up, found, points, answers),
        needs_both=needed == DELIVERS[HYBRID],
    )
