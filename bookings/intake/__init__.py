"""The intake wizard's domain: questions, skip rules, recommendation, and the two writes.

`questions` and `recommend` are pure (plain values in and out); `services` holds the
only writes of IntakeResponse rows and `selectors` the reads the result page needs.
"""

from .questions import (
    QUESTIONS,
    STEP_NAMES,
    STEPS,
    Choice,
    Question,
    Step,
    asked_steps,
    describe_answers,
    is_asked,
    prefill_for,
)
from .recommend import Recommendation, recommend

__all__ = [
    "QUESTIONS",
    "STEPS",
    "STEP_NAMES",
    "Choice",
    "Question",
    "Recommendation",
    "Step",
    "asked_steps",
    "describe_answers",
    "is_asked",
    "prefill_for",
    "recommend",
]
