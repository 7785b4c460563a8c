from datetime import time, timedelta
from decimal import Decimal

import factory
from django.contrib.auth import get_user_model
from django.utils import timezone

from bookings.models import Booking, Client, InspirationImage, IntakeResponse, Reminder
from calendars.models import BusyInterval, Calendar
from guides.models import Guide, Tip
from studio.models import SessionKind, SessionType, StudioProfile, TimeOff, WorkingHours


class StudioProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = StudioProfile
        django_get_or_create = ("id",)

    id = 1
    name = "Test Studio"
    tagline = "Portraits and headshots"
    time_zone = "Europe/London"
    address = "1 Test Street\nLeeds"
    email = "studio@example.com"
    phone = "+44 113 000 0000"


class SessionTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionType

    kind = SessionKind.HEADSHOT
    name = factory.Sequence(lambda n: f"Session {n}")
    slug = factory.Sequence(lambda n: f"session-{n}")
    summary = "A clear picture of you."
    purpose = "What it is for."
    uses = "LinkedIn\nCompany page"
    suits = "Job seekers\nTeams"
    duration_minutes = 60
    buffer_before_minutes = 0
    buffer_after_minutes = 0
    price = Decimal("200.00")
    deposit = Decimal("50.00")
    max_people = 2
    looks = 2


class WorkingHoursFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkingHours

    weekday = 0
    start = time(9, 0)
    end = time(17, 0)


class TimeOffFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = TimeOff

    start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=3))
    end = factory.LazyAttribute(lambda o: o.start + timedelta(days=1))
    reason = "Holiday"


class GuideFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Guide

    title = factory.Sequence(lambda n: f"Guide {n}")
    slug = factory.Sequence(lambda n: f"guide-{n}")
    kind = SessionKind.HEADSHOT
    intro = "How to prepare."


class TipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Tip

    category = Tip.Category.WARDROBE
    title = factory.Sequence(lambda n: f"Tip {n}")
    body = "Wear **solid** colours."


class ClientFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Client

    name = factory.Faker("name")
    email = factory.Sequence(lambda n: f"client{n}@example.com")
    phone = "+44 7700 900000"


class IntakeResponseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = IntakeResponse

    answers = factory.LazyFunction(lambda: {"uses": ["linkedin"], "people": "just_me"})
    recommended_kind = SessionKind.HEADSHOT
    runner_up_kind = SessionKind.HYBRID
    reasons = factory.LazyFunction(lambda: ["You'll use it on LinkedIn."])


# Where BookingFactory(own_slot=True) starts counting, two hours a booking: a day after
# the default start, so the two never meet.
OWN_SLOTS_FROM = (timezone.now() + timedelta(days=11)).replace(minute=0, second=0, microsecond=0)


class BookingFactory(factory.django.DjangoModelFactory):
    """Ten days ahead at the hour, unless given a start.

    A test that needs several active bookings at once passes own_slot=True: each then
    starts two hours after the one before, which PostgreSQL's exclusion constraint
    accepts (it refuses a second active booking at the same time; SQLite has none).
    """

    class Meta:
        model = Booking

    class Params:
        own_slot = factory.Trait(
            start=factory.Sequence(lambda n: OWN_SLOTS_FROM + timedelta(hours=2 * n))
        )

    reference = factory.Sequence(lambda n: f"HS-T{n:04d}")
    manage_token = factory.Sequence(lambda n: f"test-token-{n:06d}-padding-for-length")
    client = factory.SubFactory(ClientFactory)
    session_type = factory.SubFactory(SessionTypeFactory)
    start = factory.LazyFunction(
        lambda: (timezone.now() + timedelta(days=10)).replace(minute=0, second=0, microsecond=0)
    )
    end = factory.LazyAttribute(
        lambda o: o.start + timedelta(minutes=o.session_type.duration_minutes)
    )
    blocked_start = factory.LazyAttribute(
        lambda o: o.start - timedelta(minutes=o.session_type.buffer_before_minutes)
    )
    blocked_end = factory.LazyAttribute(
        lambda o: o.end + timedelta(minutes=o.session_type.buffer_after_minutes)
    )
    status = Booking.Status.CONFIRMED
    people = 1
    price = factory.LazyAttribute(lambda o: o.session_type.price)
    deposit = factory.LazyAttribute(lambda o: o.session_type.deposit)
    change_notice_hours = 48


class InspirationImageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InspirationImage

    booking = factory.SubFactory(BookingFactory)
    image = factory.django.ImageField(width=64, height=48, format="JPEG")


class ReminderFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Reminder

    booking = factory.SubFactory(BookingFactory)
    kind = Reminder.Kind.CONFIRMATION
    due_at = factory.LazyFunction(timezone.now)


class StaffUserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = get_user_model()
        django_get_or_create = ("username",)
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"staff{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@example.com")
    is_staff = True

    @factory.post_generation
    def password(self, create, extracted, **kwargs):
        self.set_password(extracted or "correct-horse-battery")
        if create:
            self.save(update_fields=["password"])


class CalendarFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Calendar

    name = factory.Sequence(lambda n: f"Personal {n}")
    url = factory.Sequence(lambda n: f"https://calendar.example.com/secret-{n}/basic.ics")
    all_day_blocks = True


class BusyIntervalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = BusyInterval

    calendar = factory.SubFactory(CalendarFactory)
    start = factory.LazyFunction(lambda: timezone.now() + timedelta(days=3))
    end = factory.LazyAttribute(lambda o: o.start + timedelta(hours=2))
    title = "Dentist"
