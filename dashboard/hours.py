"""Pure checks on weekly opening hours, kept apart from forms so they are easy to test."""

from collections.abc import Iterable
from datetime import time
from typing import NamedTuple


class Range(NamedTuple):
    weekday: int
    start: time
    end: time


def overlaps(ranges: Iterable[Range]) -> list[tuple[int, int]]:
    """Pairs (earlier, later) of indexes whose ranges share time on the same weekday.

    Ranges that only touch (09:00-12:00 and 12:00-17:00) do not overlap. Ranges with
    an end not after their start are ignored here: that is a different error.
    """
    indexed = sorted(
        ((r.weekday, r.start, r.end, i) for i, r in enumerate(ranges) if r.end > r.start),
    )
    found = []
    for position, (weekday, _start, end, index) in enumerate(indexed):
        for other_weekday, other_start, _other_end, other_index in indexed[position + 1 :]:
            if other_weekday != weekday or other_start >= end:
                break
            found.append((index, other_index))
    return found
