"""A client moving to a time while 20 others book that time, over HTTP, 5 rounds.

Each round one booking is moved (through its manage link) onto a free time at the same
moment as 20 visitors confirm that time. Exactly one of the 21 may win; the others get
the friendly "just taken" answer; nobody waits long (p99 of all 105 answers).
"""

import json
import statistics
import threading
import time
import urllib.parse
from collections import Counter
from datetime import datetime, timedelta

from bookings.models import Booking
from bookings.services import ClientDetails, book

from .setup import client, first_free_day, session_type
from .storm import Visitor, outcome_of, prepare

ROUNDS = 5
BOOKERS = 20


def free_starts(slug: str) -> list[str]:
    """The first free start of each of 2 x ROUNDS days, from a week after the first free
    day on (clear of the change notice, and never overlapping one another)."""
    day = first_free_day(slug) + timedelta(days=7)
    web = client()
    starts: list[str] = []
    for _ in range(60):
        slots = web.get(f"/book/{slug}/slots/", {"date": day.isoformat()}).json()["slots"]
        starts += slots[:1]
        if len(starts) == 2 * ROUNDS:
            return starts
        day += timedelta(days=1)
    raise SystemExit("bench: not enough free days for the move race")


def one_round(base: str, slug: str, session, mover_start: str, target: str, n: int):
    mover = book(
        session_type=session,
        start=datetime.fromisoformat(mover_start),
        client=ClientDetails(f"Mover {n}", f"mover{n}@example.com"),
    )
    move_path = f"/manage/{mover.manage_token}/reschedule/move/"
    mover_visitor = Visitor(base)
    status, html = mover_visitor.request(f"{move_path}?start={urllib.parse.quote(target)}")
    assert status == 200, (status, html[:300])
    mover_form = {**mover_visitor.hidden(html), "start": target}
    visitors = [Visitor(base) for _ in range(BOOKERS)]
    forms = [prepare(v, slug, target, 1000 * n + i) for i, v in enumerate(visitors)]
    barrier = threading.Barrier(BOOKERS + 1)
    outcomes, latencies = Counter(), []
    lock = threading.Lock()

    def post(visitor: Visitor, path: str, form: dict) -> None:
        barrier.wait()
        began = time.perf_counter()
        status, html = visitor.request(path, form)
        elapsed = time.perf_counter() - began
        outcome = outcome_of(status, html, won="won")
        with lock:
            outcomes[outcome] += 1
            latencies.append(elapsed)

    threads = [threading.Thread(target=post, args=(mover_visitor, move_path, mover_form))]
    threads += [
        threading.Thread(target=post, args=(v, f"/book/{slug}/review/", f))
        for v, f in zip(visitors, forms, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return outcomes, latencies


def main(base: str) -> None:
    session = session_type()
    starts = free_starts(session.slug)
    outcomes, latencies = Counter(), []
    winners_per_round = []
    for n in range(ROUNDS):
        target, mover_start = starts[n], starts[ROUNDS + n]
        round_outcomes, round_latencies = one_round(
            base, session.slug, session, mover_start, target, n
        )
        outcomes += round_outcomes
        latencies += round_latencies
        stored = Booking.objects.filter(start=target, status__in=Booking.ACTIVE_STATUSES).count()
        winners_per_round.append((round_outcomes["won"], stored))
    p99 = statistics.quantiles(latencies, n=100)[98]
    ok = (
        all(winners == 1 and stored == 1 for winners, stored in winners_per_round)
        and outcomes["5xx"] == 0
        and outcomes["friendly refusal"] == ROUNDS * BOOKERS
        and p99 < 2.0
    )
    row = {
        "section": "move race (HTTP, gunicorn)",
        "measure": f"1 move vs {BOOKERS} bookings for its time, {ROUNDS} rounds",
        "value": f"p99 {p99 * 1000:.0f} ms, max {max(latencies) * 1000:.0f} ms; "
        + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())),
        "ratio": None,
        "target": "1 winner a round, 0 5xx, p99 < 2 s",
        "ok": ok,
    }
    print(json.dumps({"rows": [row]}))
