"""recommend(answers): which session kind fits, and why, in plain words.

Score-based and meant to be read: each answer adds points to one or more kinds with a
sentence that says why. The kind with the most points wins (ties go to the simpler,
shorter session), the next one is the runner-up. Casting submissions are the one hard
rule: they are always a headshot.
"""

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .questions import USES, join_words
from .weights import HEADSHOT, HYBRID, PORTRAIT, Signal, answer_table

KINDS = (HEADSHOT, PORTRAIT, HYBRID)
# On equal points the shorter, cheaper session wins.
_SIMPLICITY = {HEADSHOT: 0, HYBRID: 1, PORTRAIT: 2}
MAX_REASONS = 4

# Uses that need a profile picture, and uses where a picture is seen large and tells a story.
PROFILE_USES = ("linkedin", "company", "speaker", "badge", "avatar", "social")
STORY_USES = ("editorial", "wall_art")


def _use_phrases() -> dict[str, str]:
    return {
        "linkedin": _("LinkedIn"),
        "company": _("your company page"),
        "speaker": _("speaker bios and press"),
        "casting": _("casting submissions"),
        "badge": _("an ID badge"),
        "avatar": _("your email signature"),
        "social": _("your social profiles"),
        "brand": _("your own brand"),
        "editorial": _("an editorial feature or book jacket"),
        "wall_art": _("wall art or a gift"),
    }


@dataclass(frozen=True)
class Recommendation:
    kind: str
    reasons: tuple[str, ...]
    runner_up: str
    notes: tuple[str, ...] = ()
    why_not: str = ""  # one sentence: why the runner-up came second


def _uses(answers: Mapping[str, Any]) -> list[str]:
    """The known use codes among the answers, in the question's order."""
    value = answers.get("uses") or []
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list | tuple | set | frozenset):
        return []
    chosen = {str(code) for code in value}
    return [choice.code for choice in USES.choices if choice.code in chosen]


def _only_profile_uses(uses: list[str]) -> bool:
    return bool(uses) and all(use in PROFILE_USES for use in uses)


def _signals_from_uses(answers: Mapping[str, Any]) -> Iterator[Signal]:
    uses = _uses(answers)
    words = _use_phrases()
    profile = [use for use in uses if use in PROFILE_USES]
    story = [use for use in uses if use in STORY_USES]
    profile_words = join_words(words[use] for use in profile)
    story_words = join_words(words[use] for use in story)
    if "casting" in uses:
        yield Signal(
            HEADSHOT,
            10,
            _(
                "Casting directors and agents ask for a headshot: a true, current likeness with "
                "nothing artistic in the way, so casting photos are always a headshot session."
            ),
            _("your casting submissions"),
        )
    if profile:
        yield Signal(
            HEADSHOT,
            3 + min(len(profile), 3) - 1,
            _(
                "You'll use it on %(uses)s: that calls for a clean, well-lit headshot that "
                "still reads when it is shown small."
            )
            % {"uses": profile_words},
            profile_words,
        )
    if story:
        yield Signal(
            PORTRAIT,
            4,
            _(
                "For %(uses)s the picture is seen large and has to hold attention on its own: "
                "that is a portrait's job, with room for setting and mood."
            )
            % {"uses": story_words},
            story_words,
        )
    if "brand" in uses:
        yield Signal(
            HYBRID,
            4,
            _(
                "Your own brand needs more than one picture: a profile photo that matches "
                "everywhere you appear, plus images of you at work for your website and marketing."
            ),
            _("your own brand"),
        )
        yield Signal(
            PORTRAIT,
            1,
            _("Marketing images of you at work are portraits at heart."),
            _("your marketing images"),
        )
    others = [words[use] for use in uses if use in STORY_USES or use == "brand"]
    if profile and others:
        yield Signal(
            HYBRID,
            8,
            _(
                "You need a profile photo for %(profile)s, and pictures with a story for "
                "%(others)s: a personal branding session covers both in one sitting."
            )
            % {"profile": profile_words, "others": join_words(others)},
            _("needing both kinds of picture"),
        )


def _signals_from_people(answers: Mapping[str, Any]) -> Iterator[Signal]:
    people = answers.get("people")
    if people not in ("two", "group"):
        return
    if _only_profile_uses(_uses(answers)):
        yield Signal(
            HEADSHOT,
            2,
            _(
                "For a team or company page everyone gets the same light, backdrop and framing, "
                "one after another, so the page looks consistent."
            ),
            _("your team page"),
        )
    elif people == "two":
        yield Signal(
            PORTRAIT,
            4,
            _(
                "With two of you in the picture we need a wider frame and poses that show how "
                "you belong together."
            ),
            _("the two of you together"),
        )
    else:
        count = answers.get("people_count")
        yield Signal(
            PORTRAIT,
            5,
            (
                ngettext(
                    "With %(count)s person in the picture we need a wider frame and time to "
                    "arrange everyone so each face is clear.",
                    "With %(count)s people in the picture we need a wider frame and time to "
                    "arrange everyone so each face is clear.",
                    count,
                )
                % {"count": count}
                if isinstance(count, int) and count > 0
                else _(
                    "A family or group in one picture needs a wider frame and time to arrange "
                    "everyone so each face is clear."
                )
            ),
            _("the group picture"),
        )


def signals(answers: Mapping[str, Any]) -> list[Signal]:
    """Every signal the answers give, in the order of the questions."""
    found = [*_signals_from_uses(answers)]
    table = answer_table()
    found += table.get(("purpose", str(answers.get("purpose"))), ())
    found += _signals_from_people(answers)
    for key in ("framing", "light", "place", "styling", "field"):
        found += table.get((key, str(answers.get(key))), ())
    return found


def _why_not(winner: str, runner_up: str, runner_up_hints: list[str]) -> str:
    base = {
        (HEADSHOT, PORTRAIT): _(
            "A portrait session frames wider and spends its time on mood and setting; for "
            "what you need, a tight, clean headshot does the job better and costs less."
        ),
        (HEADSHOT, HYBRID): _(
            "A personal branding session adds marketing pictures on top of the headshot; "
            "nothing you told us needs those yet."
        ),
        (PORTRAIT, HEADSHOT): _(
            "A headshot keeps the frame tight and the background plain, so it would leave out "
            "the setting, mood and story you are after."
        ),
        (PORTRAIT, HYBRID): _(
            "A personal branding session spends part of its time on profile headshots you did "
            "not ask for; a portrait session gives all of it to your story."
        ),
        (HYBRID, HEADSHOT): _(
            "A headshot alone gives you the profile photo but none of the wider pictures you "
            "also need."
        ),
        (HYBRID, PORTRAIT): _(
            "A portrait session gives you pictures with a story, but not the clean profile "
            "photo that matches everywhere you appear."
        ),
    }[(winner, runner_up)]
    if not runner_up_hints:
        return base
    close = _("It came close because of %(hints)s.") % {"hints": join_words(runner_up_hints[:2])}
    return f"{close} {base}"


def _notes(answers: Mapping[str, Any], kind: str) -> list[str]:
    uses = _uses(answers)
    notes: list[str] = []
    if "casting" in uses:
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
                "No heavy retouching, busy backgrounds, props or artistic effects: the photo must "
                "look like you on the day you walk into the room."
            ),
            _("Bring plain tops in a few colours and necklines; avoid logos and busy patterns."),
        ]
        other = [use for use in uses if use in STORY_USES or use == "brand"]
        if other:
            notes.append(
                _(
                    "Casting photos follow their own rules, so keep them apart from %(others)s: "
                    "ask us about a separate session for those."
                )
                % {"others": join_words(_use_phrases()[use] for use in other)}
            )
    if "badge" in uses:
        notes.append(
            _(
                "ID badges often have rules (plain background, face straight on, no glare on "
                "glasses). Bring your employer's rules if there are any."
            )
        )
    people, count = answers.get("people"), answers.get("people_count")
    if people in ("two", "group") and kind == HEADSHOT:
        notes.append(
            _(
                "We photograph each person in turn with identical light and framing; tell us "
                "how many of you are coming when you book so we plan enough time."
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
        "Nothing you told us needs more than a headshot: it is the shortest session and gives "
        "you a photo you can use almost anywhere. You can always add more later."
    )


def recommend(answers: Mapping[str, Any]) -> Recommendation:
    """The session kind that fits the answers, with reasons, runner-up and notes (pure)."""
    found = signals(answers)
    points = {kind: sum(s.points for s in found if s.kind == kind) for kind in KINDS}
    ranked = sorted(KINDS, key=lambda kind: (-points[kind], _SIMPLICITY[kind]))
    if "casting" in _uses(answers):
        ranked.remove(HEADSHOT)
        ranked.insert(0, HEADSHOT)
    kind, runner_up = ranked[0], ranked[1]

    backing = sorted((s for s in found if s.kind == kind), key=lambda s: -s.points)
    # sorted() is stable: equal points keep the order of the questions.
    reasons = tuple(dict.fromkeys(s.reason for s in backing))[:MAX_REASONS]
    # "It came close" only when it did: half the winner's points, from answers that matter.
    close = [s for s in found if s.kind == runner_up and s.points >= 2]
    close.sort(key=lambda s: -s.points)
    hints = (
        list(dict.fromkeys(s.hint for s in close))
        if points[runner_up] * 2 >= points[kind] > 0
        else []
    )
    return Recommendation(
        kind=kind,
        reasons=reasons or (_default_reason(),),
        runner_up=runner_up,
        notes=tuple(_notes(answers, kind)),
        why_not=_why_not(kind, runner_up, hints),
    )
