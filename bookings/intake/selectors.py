"""Reads for the result page: the saved intake and the session types it points to."""

from collections.abc import Sequence
from dataclasses import dataclass, field

from bookings.models import IntakeResponse
from guides.models import Guide
from studio.models import SessionType

from .recommend import recommend


def intake_by_id(pk: object) -> IntakeResponse | None:
    """The IntakeResponse with this id, or None for a missing or malformed id (one query)."""
    try:
        pk = int(pk)
    except (TypeError, ValueError):
        return None
    return IntakeResponse.objects.filter(pk=pk).first()


def pick_session_type(
    kind: str, session_types: Sequence[SessionType], people: int = 1
) -> SessionType | None:
    """The first offered type of a kind that takes everyone; else the first of that kind."""
    of_kind = [session_type for session_type in session_types if session_type.kind == kind]
    for session_type in of_kind:
        if session_type.max_people >= people:
            return session_type
    return of_kind[0] if of_kind else None


def _people(answers: dict) -> int:
    people = answers.get("people")
    if people == "two":
        return 2
    if people == "group":
        count = answers.get("people_count")
        return count if isinstance(count, int) and count > 0 else 3
    return 1


@dataclass(frozen=True)
class IntakeResult:
    intake: IntakeResponse
    recommended: SessionType | None
    runner_up: SessionType | None
    others: list[SessionType] = field(default_factory=list)
    guide: Guide | None = None
    why_not: str = ""
    people: int = 1
    # The uses need a headshot and a portrait: the single-kind sessions are alternatives.
    needs_both: bool = False

    @property
    def too_many_people(self) -> bool:
        return self.recommended is not None and self.people > self.recommended.max_people


def intake_result(intake: IntakeResponse) -> IntakeResult:
    """What the result page shows for a saved intake (two queries: session types, guide)."""
    session_types = list(SessionType.objects.active())
    people = _people(intake.answers if isinstance(intake.answers, dict) else {})
    recommended = pick_session_type(intake.recommended_kind, session_types, people)
    runner_up = pick_session_type(intake.runner_up_kind, session_types, people)
    shown = {session_type.pk for session_type in (recommended, runner_up) if session_type}
    guide = (
        Guide.objects.filter(kind=intake.recommended_kind, is_published=True).first()
        if recommended
        else None
    )
    # The saved reasons are what the visitor was told; the runner-up sentence is
    # recomputed from the same answers and used only if it still names the same kind.
    again = recommend(intake.answers if isinstance(intake.answers, dict) else {})
    same = (again.kind, again.runner_up) == (intake.recommended_kind, intake.runner_up_kind)
    why_not = again.why_not if same else ""
    return IntakeResult(
        intake=intake,
        recommended=recommended,
        runner_up=runner_up,
        others=[session_type for session_type in session_types if session_type.pk not in shown],
        guide=guide,
        why_not=why_not,
        people=people,
        needs_both=same and again.needs_both,
    )
