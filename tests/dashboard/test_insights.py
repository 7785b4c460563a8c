from datetime import UTC, date, datetime
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from bookings.models import Booking
from dashboard.chart import nice_ceiling, stacked_bars
from dashboard.selectors.insights import (
    bookings_per_kind,
    month_starts,
    recommendation_uptake,
    wizard_funnel,
)
from studio import counters
from tests.factories import BookingFactory, IntakeResponseFactory, SessionTypeFactory

pytestmark = pytest.mark.django_db

LONDON = ZoneInfo("Europe/London")


def test_month_starts_cross_the_year():
    assert month_starts(today=date(2026, 2, 14), months=3) == [
        date(2025, 12, 1),
        date(2026, 1, 1),
        date(2026, 2, 1),
    ]


def _made_at(moment, **kwargs):
    booking = BookingFactory(own_slot=True, **kwargs)
    Booking.objects.filter(pk=booking.pk).update(created_at=moment)
    return booking


def test_bookings_per_kind_counts_by_local_month_and_leaves_out_cancelled():
    headshot, portrait = SessionTypeFactory(kind="headshot"), SessionTypeFactory(kind="portrait")
    _made_at(datetime(2026, 1, 10, 10, tzinfo=UTC), session_type=headshot)
    _made_at(datetime(2026, 1, 11, 10, tzinfo=UTC), session_type=headshot)
    _made_at(datetime(2026, 1, 12, 10, tzinfo=UTC), session_type=portrait)
    # 23:30 UTC on 31 May is 00:30 BST on 1 June.
    _made_at(datetime(2026, 5, 31, 23, 30, tzinfo=UTC), session_type=portrait)
    _made_at(datetime(2026, 2, 1, 10, tzinfo=UTC), session_type=portrait, status="cancelled")
    _made_at(datetime(2025, 12, 31, 10, tzinfo=UTC), session_type=portrait)  # before the period
    rows = bookings_per_kind(today=date(2026, 6, 15), months=6, tz=LONDON)
    table = {row.month: row.counts for row in rows}
    assert list(table) == [date(2026, m, 1) for m in range(1, 7)]
    assert table[date(2026, 1, 1)] == {"headshot": 2, "portrait": 1}
    assert table[date(2026, 2, 1)] == {}
    assert table[date(2026, 5, 1)] == {}
    assert table[date(2026, 6, 1)] == {"portrait": 1}
    assert rows[0].total == 3


def test_recommendation_uptake():
    headshot, hybrid = SessionTypeFactory(kind="headshot"), SessionTypeFactory(kind="hybrid")
    portrait = SessionTypeFactory(kind="portrait")
    for session_type in (headshot, headshot, hybrid, portrait):
        BookingFactory(
            session_type=session_type,
            intake=IntakeResponseFactory(recommended_kind="headshot", runner_up_kind="hybrid"),
            own_slot=True,
        )
    BookingFactory(session_type=portrait, own_slot=True)  # no wizard: not counted
    uptake = recommendation_uptake(since=date(2020, 1, 1), tz=LONDON)
    assert (uptake.with_answers, uptake.took_recommended, uptake.took_runner_up) == (4, 2, 1)
    assert (uptake.took_other, uptake.rate) == (1, 50)


def test_wizard_funnel_counts_starts_finishes_and_bookings():
    for _ in range(5):
        counters.bump(counters.WIZARD_STARTED)
    counters.bump(counters.WIZARD_STARTED, day=date(2019, 1, 1))  # before the period
    booked = IntakeResponseFactory()
    BookingFactory(intake=booked)
    BookingFactory(intake=booked, status=Booking.Status.CANCELLED)  # same answers, one booking
    IntakeResponseFactory()
    funnel = wizard_funnel(since=date(2020, 1, 1), tz=LONDON)
    assert (funnel.started, funnel.finished, funnel.booked) == (5, 2, 1)


def test_the_funnel_never_shows_fewer_starts_than_finishes():
    for _ in range(7):
        IntakeResponseFactory()  # finished runs whose starts were never counted
    counters.bump(counters.WIZARD_STARTED)
    funnel = wizard_funnel(since=date(2020, 1, 1), tz=LONDON)
    assert (funnel.started, funnel.finished) == (7, 7)


def test_counter_bump_adds_to_the_same_day():
    counters.bump("x", day=date(2026, 1, 1))
    counters.bump("x", day=date(2026, 1, 1))
    counters.bump("x", day=date(2026, 1, 2))
    assert counters.total("x", since=date(2026, 1, 1)) == 3
    assert counters.total("x", since=date(2026, 1, 2)) == 1
    assert counters.total("y", since=date(2026, 1, 1)) == 0


@pytest.mark.parametrize(
    ("value", "expected"), [(0, 1), (1, 1), (2, 2), (3, 5), (7, 10), (11, 20), (50, 50), (51, 100)]
)
def test_nice_ceiling(value, expected):
    assert nice_ceiling(value) == expected


def test_stacked_bars_are_proportional_and_stack_upwards():
    chart = stacked_bars(
        [("Jan", {"a": 2, "b": 3}), ("Feb", {}), ("Mar", {"b": 10})],
        ["a", "b"],
        width=340,
        height=140,
        left=40,
        top=10,
        bottom=30,
    )
    assert chart.max_value == 10
    jan, feb, mar = chart.bars
    assert [s.series for s in jan.segments] == ["a", "b"]
    assert jan.segments[0].height == 20.0 and jan.segments[1].height == 30.0  # 100 px = 10
    assert jan.segments[0].y == 90.0 and jan.segments[1].y == 60.0
    assert feb.segments == [] and feb.total == 0
    assert mar.segments[0].height == 100.0 and mar.segments[0].y == 10.0
    assert jan.x < feb.x < mar.x
    assert [tick.value for tick in chart.ticks] == [0, 5, 10]


def test_insights_page_draws_the_chart(staff_client):
    BookingFactory(session_type=SessionTypeFactory(kind="hybrid"))
    html = staff_client.get(reverse("dashboard:insights"), {"months": 24}).content.decode()
    assert '<svg class="chart"' in html and 'class="seg-hybrid"' in html
    assert 'aria-current="page" href="?months=24"' in html
    assert staff_client.get(reverse("dashboard:insights"), {"months": "x"}).status_code == 200
    assert staff_client.get(reverse("dashboard:insights"), {"months": 999}).status_code == 200
