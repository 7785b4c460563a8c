"""Counts in what the booking flow tells people use the singular for one (Django's plurals)."""

from datetime import timedelta

import pytest
from django.utils import timezone

from bookings.availability import Problem
from bookings.forms import DetailsForm
from bookings.models import Booking
from bookings.services.checks import check_change_notice, policy_message
from bookings.services.errors import OutsidePolicy
from studio.models import StudioProfile
from tests.factories import SessionTypeFactory


@pytest.mark.parametrize(
    ("problem", "rules", "message"),
    [
        (Problem.NOTICE, {"min_notice_hours": 1}, "at least 1 hour's notice"),
        (Problem.NOTICE, {"min_notice_hours": 2}, "at least 2 hours' notice"),
        (Problem.BEYOND_WINDOW, {"max_advance_days": 1}, "up to 1 day ahead"),
        (Problem.BEYOND_WINDOW, {"max_advance_days": 60}, "up to 60 days ahead"),
    ],
)
def test_policy_messages_count_in_the_right_number(problem, rules, message):
    assert message in policy_message(problem, StudioProfile(**rules))


@pytest.mark.parametrize(("hours", "message"), [(1, "1 hour's notice"), (48, "48 hours' notice")])
def test_change_notice_counts_in_the_right_number(hours, message):
    booking = Booking(start=timezone.now() + timedelta(minutes=30), change_notice_hours=hours)
    with pytest.raises(OutsidePolicy) as refused:
        check_change_notice(booking, timezone.now(), StudioProfile(phone=""))
    assert message in refused.value.message


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("max_people", "message"),
    [(1, "This session is for 1 person."), (3, "This session is for up to 3 people.")],
)
def test_too_many_people_counts_in_the_right_number(max_people, message):
    session_type = SessionTypeFactory(max_people=max_people)
    form = DetailsForm({"people": "9"}, session_type=session_type)
    assert not form.is_valid()
    assert form.errors["people"][0].startswith(message)
