from datetime import time

import pytest

from dashboard.hours import Range, overlaps


def r(weekday, start, end):
    return Range(weekday, time(*start), time(*end))


@pytest.mark.parametrize(
    ("ranges", "expected"),
    [
        ([], []),
        ([r(0, (9, 0), (17, 0))], []),
        ([r(0, (9, 0), (12, 0)), r(0, (12, 0), (17, 0))], []),  # touching is fine
        ([r(0, (9, 0), (12, 30)), r(0, (12, 0), (17, 0))], [(0, 1)]),
        ([r(0, (12, 0), (17, 0)), r(0, (9, 0), (12, 30))], [(1, 0)]),  # order of rows kept
        ([r(0, (9, 0), (17, 0)), r(1, (9, 0), (17, 0))], []),  # different days
        ([r(2, (8, 0), (18, 0)), r(2, (9, 0), (10, 0)), r(2, (11, 0), (12, 0))], [(0, 1), (0, 2)]),
        ([r(0, (9, 0), (10, 0)), r(0, (9, 0), (10, 0))], [(0, 1)]),  # the same range twice
        ([r(0, (17, 0), (9, 0)), r(0, (8, 0), (18, 0))], []),  # backwards: a different error
    ],
)
def test_overlaps(ranges, expected):
    assert overlaps(ranges) == expected
