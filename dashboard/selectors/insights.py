"""Numbers for the insights page: bookings per kind per month, the wizard's effect."""

from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from zoneinfo import ZoneInfo

from django.db.models import Count, F, Q, Sum
from django.db.models.functions import TruncMonth

from bookings.models import Booking, IntakeResponse
from payments.models import MoneyEntry, Payment
from studio import counters
from studio.walltime import day_start


@dataclass(frozen=True)
class MonthRow:
    month: date
    counts: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.counts.values())


@dataclass(frozen=True)
class Uptake:
    with_answers: int
    took_recommended: int
    took_runner_up: int
    took_other: int

    @property
    def rate(self) -> int | None:
        """Percent of wizard-led bookings that took the recommended kind."""
        return round(100 * self.took_recommended / self.with_answers) if self.with_answers else None


@dataclass(frozen=True)
class Funnel:
    started: int
    finished: int
    booked: int


def month_starts(*, today: date, months: int) -> list[date]:
    """The first days of the last `months` months, oldest first, ending with today's."""
    first = today.replace(day=1)
    starts = [first]
    for _ in range(months - 1):
        first = (first - timedelta(days=1)).replace(day=1)
        starts.append(first)
    return starts[::-1]


def bookings_per_kind(*, today: date, months: int, tz: ZoneInfo) -> list[MonthRow]:
    """Bookings made per session kind in each month (sessions only: no cancelled bookings or
    expired holds). 1 query."""
    starts = month_starts(today=today, months=months)
    end = (starts[-1] + timedelta(days=32)).replace(day=1)
    rows = (
        Booking.objects.filter(
            created_at__gte=day_start(starts[0], tz), created_at__lt=day_start(end, tz)
        )
        .filter(status__in=Booking.SESSION_STATUSES)
        .annotate(month=TruncMonth("created_at", tzinfo=tz))
        .values("month", "session_type__kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    table = {start: {} for start in starts}
    for row in rows:
        table[row["month"].date()][row["session_type__kind"]] = row["n"]
    return [MonthRow(month, counts) for month, counts in table.items()]


@dataclass(frozen=True)
class MoneyMonth:
    month: date
    bookings: int
    deposits: Decimal  # online deposits paid that month
    balances: Decimal  # money the studio took itself that month
    refunds: Decimal  # refunded that month (dated by the payment's latest refund)

    @property
    def taken(self) -> Decimal:
        return self.deposits + self.balances - self.refunds


def money_per_month(*, rows: list[MonthRow], tz: ZoneInfo) -> list[MoneyMonth]:
    """Money taken in each month of `rows` (deposits paid online, payments the studio took
    itself, refunds subtracted), beside the bookings made. 3 queries."""
    starts = [row.month for row in rows]
    begin, end = (
        day_start(starts[0], tz),
        day_start((starts[-1] + timedelta(days=32)).replace(day=1), tz),
    )

    def by_month(queryset, field: str, total: str) -> dict[date, Decimal]:
        sums = (
            queryset.annotate(month=TruncMonth(field, tzinfo=tz))
            .values("month")
            .annotate(total=Sum(total))
            .order_by()
        )
        return {row["month"].date(): row["total"] or Decimal(0) for row in sums}

    paid = Payment.objects.filter(paid_at__gte=begin, paid_at__lt=end).exclude(
        status__in=(Payment.Status.OPEN, Payment.Status.EXPIRED)
    )
    deposits = by_month(paid, "paid_at", "amount")
    refunded = Payment.objects.filter(refunded_at__gte=begin, refunded_at__lt=end)
    refunds = by_month(refunded, "refunded_at", "refunded_amount")
    taken = (
        MoneyEntry.objects.filter(
            kind=MoneyEntry.Kind.PAYMENT, taken_on__gte=starts[0], taken_on__lt=end.date()
        )
        .annotate(month=TruncMonth("taken_on"))
        .values("month")
        .annotate(total=Sum("amount"))
        .order_by()
    )
    balances = {row["month"]: row["total"] for row in taken}
    zero = Decimal(0)
    return [
        MoneyMonth(
            month=row.month,
            bookings=row.total,
            deposits=deposits.get(row.month, zero),
            balances=balances.get(row.month, zero),
            refunds=refunds.get(row.month, zero),
        )
        for row in rows
    ]


def recommendation_uptake(*, since: date, tz: ZoneInfo) -> Uptake:
    """Of bookings made with the wizard's answers, how many took its recommendation. 1 query."""
    totals = Booking.objects.filter(
        intake__isnull=False, created_at__gte=day_start(since, tz)
    ).aggregate(
        with_answers=Count("pk"),
        took_recommended=Count("pk", filter=Q(session_type__kind=F("intake__recommended_kind"))),
        took_runner_up=Count("pk", filter=Q(session_type__kind=F("intake__runner_up_kind"))),
    )
    other = totals["with_answers"] - totals["took_recommended"] - totals["took_runner_up"]
    return Uptake(took_other=other, **totals)


def wizard_funnel(*, since: date, tz: ZoneInfo) -> Funnel:
    """Wizard started, finished (answers saved), and finished answers that led to a booking."""
    finished = IntakeResponse.objects.filter(created_at__gte=day_start(since, tz)).aggregate(
        finished=Count("pk", distinct=True),
        booked=Count("pk", filter=Q(bookings__isnull=False), distinct=True),
    )
    counted = counters.total(counters.WIZARD_STARTED, since=since)
    # Every finished run was started: starts not counted (made before counting began, in
    # the demo data, or while the counter's write failed) never show fewer starts than ends.
    return Funnel(started=max(counted, finished["finished"]), **finished)
