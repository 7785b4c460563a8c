"""The shared factories, with bookings that never overlap by default.

tests.factories starts every booking at the same hour ten days ahead, which the
PostgreSQL exclusion constraint rightly refuses for a second active booking. Here
each default start is two hours after the previous one.
"""

from datetime import timedelta

import factory
from django.utils import timezone

from tests import factories as shared
from tests.factories import *  # noqa: F403 - the rest unchanged

_BASE = (timezone.now() + timedelta(days=10)).replace(minute=0, second=0, microsecond=0)


class BookingFactory(shared.BookingFactory):
    start = factory.Sequence(lambda n: _BASE + timedelta(hours=2 * n))


class InspirationImageFactory(shared.InspirationImageFactory):
    booking = factory.SubFactory(BookingFactory)


class ReminderFactory(shared.ReminderFactory):
    booking = factory.SubFactory(BookingFactory)
