"""The intake answers in words a person reads, whoever stored them."""

from typing import Any

from django.utils.translation import gettext as _

try:  # the intake wizard's own labels, when that module is present
    from bookings.intake import describe_answers
except ImportError:  # pragma: no cover - depends on which branches are merged
    describe_answers = None


def _plain(value: Any) -> str:
    if isinstance(value, bool):
        return _("Yes") if value else _("No")
    if isinstance(value, list | tuple):
        return ", ".join(_plain(item) for item in value) or "–"
    if value in (None, ""):
        return "–"
    return str(value).replace("_", " ")


def answer_rows(answers: dict | None) -> list[tuple[str, str]]:
    """(question, answer) pairs; the wizard's labels when it provides them, else tidied keys."""
    if not answers:
        return []
    if describe_answers is not None:
        return list(describe_answers(answers))
    return [
        (str(key).replace("_", " ").capitalize(), _plain(value)) for key, value in answers.items()
    ]
