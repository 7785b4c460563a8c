"""What the booking services refuse with: messages that can be shown to people as is."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from django.utils.translation import gettext as _

from ..availability import Problem

if TYPE_CHECKING:
    from ..models import Booking


class BookingError(Exception):
    """A refusal with a message that can be shown to people as is."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


class OutsidePolicy(BookingError):
    """Past, not an offered time, too soon, beyond the window, or too late to change."""

    def __init__(self, message: str, *, problem: Problem | None = None):
        super().__init__(message)
        self.problem = problem


class NeedsOverride(OutsidePolicy):
    """The studio chose a time that breaks rules it may override ("book anyway").

    `problems` lists each rule (availability.OVERRIDABLE) not yet overridden, `labels`
    names them in words; a second call allowing all of them goes through.
    """

    def __init__(self, message: str, *, problems: Sequence[Problem], labels: Sequence[str]):
        super().__init__(message, problem=problems[0])
        self.problems = list(problems)
        self.labels = list(labels)


class SlotTaken(BookingError):
    """The time overlaps another booking or time off. `nearest` holds free starts (UTC)."""

    def __init__(
        self,
        message: str = "",
        *,
        nearest: Sequence[datetime] = (),
        clashing: Booking | None = None,
    ):
        super().__init__(message or _("Sorry, that time was just taken."))
        self.nearest = list(nearest)
        self.clashing = clashing


class InvalidDetails(BookingError):
    """The client's details or the request itself are not acceptable."""


@dataclass(frozen=True)
class ClientDetails:
    name: str
    email: str
    phone: str = ""


class ClientOnFile(BookingError):
    """The email typed for a new client is already on file, with other details. The
    studio chooses: book them as they are ("use") or with the typed details ("update")."""

    def __init__(self, client, typed: ClientDetails):
        super().__init__(
            _("%(email)s is already on file as %(name)s. Use them as they are, or update them.")
            % {"email": client.email, "name": client.name}
        )
        self.client = client
        self.typed = typed
