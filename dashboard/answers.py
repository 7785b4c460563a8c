"""The intake answers in words a person reads."""

from bookings.intake import describe_answers


def answer_rows(answers: dict | None) -> list[tuple[str, str]]:
    """(question, answer) pairs in the wizard's own labels; empty without answers."""
    return describe_answers(answers) if answers else []
