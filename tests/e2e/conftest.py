"""The photographer's day that the dashboard's browser tests start from (tests/e2e/site.py)."""

import pytest

from tests.e2e.site import studio_day


@pytest.fixture
def day(db):
    """An open studio Monday to Friday and the photographer's day; returns Ada's booking
    (today at 10:00)."""
    return studio_day()


@pytest.fixture
def open_days(db):
    """The same day with the studio open 09:00-17:00 every day of the week."""
    return studio_day(weekdays=range(7))
