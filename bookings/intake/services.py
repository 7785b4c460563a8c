"""The only writes of IntakeResponse rows."""

from collections.abc import Mapping
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from bookings.models import IntakeResponse
from studio.models import SessionType

from .questions import normalise_answers
from .recommend import recommend


class IntakeError(Exception):
    """A refused intake change; `message` is shown to people as is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


@transaction.atomic
def record_intake(
    *, answers: Mapping[str, Any], started_from: SessionType | None = None
) -> IntakeResponse:
    """Saves a finished wizard: normalised answers and the recommendation made from them.

    One INSERT; called only when every step validated, so an unfinished wizard leaves no row.
    """
    clean = normalise_answers(answers)
    recommendation = recommend(clean)
    return IntakeResponse.objects.create(
        answers=clean,
        recommended_kind=recommendation.kind,
        runner_up_kind=recommendation.runner_up,
        reasons=list(recommendation.reasons),
        notes=list(recommendation.notes),
        started_from=started_from,
    )


@transaction.atomic
def choose_session_type(*, intake: IntakeResponse, session_type: SessionType) -> IntakeResponse:
    """Records the session type picked on the result page; choosing again replaces it."""
    if not session_type.is_active:
        raise IntakeError(_("That session is no longer offered; please choose another."))
    intake.chosen_session_type = session_type
    intake.save(update_fields=["chosen_session_type", "updated_at"])
    return intake
