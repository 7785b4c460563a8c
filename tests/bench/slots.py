"""Slots endpoint cost for a month holding 0, 500 and 5,000 active bookings.

Answers are kept until the bookings change (studio.content), so every timed request
here is made a miss first: this measures computing the answer, not the cache.
"""

import json
import secrets
import statistics
import time
from datetime import UTC, datetime, timedelta

from django.db import connection

from bookings.models import Booking, Client
from studio.content import AVAILABILITY, bump

from .setup import client, first_free_day, session_type

RUNS = 15


def fill(month_start: datetime, count: int, already: int, session) -> None:
    """Active bookings 5 minutes long every 8 minutes: never overlapping, as the DB insists."""
    person, _ = Client.objects.get_or_create(email="bench@example.com", defaults={"name": "Bench"})
    rows = []
    for n in range(already, count):
        start = month_start + timedelta(minutes=8 * n)
        rows.append(
            Booking(
                reference=f"BN-{n:06d}",
                manage_token=secrets.token_urlsafe(24),
                client=person,
                session_type=session,
                start=start,
                end=start + timedelta(minutes=5),
                blocked_start=start,
                blocked_end=start + timedelta(minutes=5),
                price=session.price,
                deposit=session.deposit,
                change_notice_hours=48,
            )
        )
    Booking.objects.bulk_create(rows, batch_size=1000)
    with connection.cursor() as cursor:  # as autovacuum would soon after such a load
        cursor.execute("ANALYZE bookings_booking")


def measure(path: str, params: dict) -> tuple[int, float]:
    web = client()
    web.get(path, params)  # warm
    queries = []

    def count(execute, sql, params, many, context):
        queries.append(sql)
        return execute(sql, params, many, context)

    bump(AVAILABILITY)
    with connection.execute_wrapper(count):
        response = web.get(path, params)
    assert response.status_code == 200, response.content
    timings = []
    for _ in range(RUNS):
        bump(AVAILABILITY)  # as if someone had just booked: no answer kept
        started = time.perf_counter()
        web.get(path, params)
        timings.append((time.perf_counter() - started) * 1000)
    return len(queries), statistics.median(timings)


def main() -> None:
    session = session_type()
    day = first_free_day(session.slug)
    month = f"{day.year}-{day.month:02d}"
    month_start = datetime(day.year, day.month, 1, tzinfo=UTC)
    path = f"/book/{session.slug}/slots/"
    results = {}
    already = 0
    for count in (0, 500, 5000):
        fill(month_start, count, already, session)
        already = count
        results[count] = {
            "month": measure(path, {"month": month}),
            "day": measure(path, {"date": day.isoformat()}),
        }
    Booking.objects.filter(reference__startswith="BN-").delete()
    rows = []
    for endpoint in ("month", "day"):
        base_queries, base_ms = results[0][endpoint]
        worst_queries = max(results[n][endpoint][0] for n in results)
        ratio = results[5000][endpoint][1] / base_ms
        values = ", ".join(
            f"{n}: {results[n][endpoint][0]} q {results[n][endpoint][1]:.1f} ms" for n in results
        )
        rows.append(
            {
                "section": "slots endpoint (in process)",
                "measure": f"?{endpoint}= with 0 / 500 / 5,000 bookings",
                "value": f"{values}; 5,000 costs {ratio:.1f}x",
                "ratio": round(ratio, 2),
                "target": "same queries (<= 4), <= 3x",
                "ok": worst_queries <= 4
                and all(results[n][endpoint][0] == base_queries for n in results)
                and ratio <= 3,
            }
        )
    print(json.dumps({"rows": rows}))
