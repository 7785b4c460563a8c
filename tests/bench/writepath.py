"""The booking write path over HTTP: 8 clients walk details, review, confirm at once.

Each client books its own free starts (never the same time as another), over every
active session type (in the studio and on location). Reports complete bookings per
second against the bare view's req/s on the same server, the confirm POST's p50 and p99,
and the SQL queries one complete booking costs (one walk in this process, counted).
"""

import itertools
import json
import threading
import time
import urllib.parse

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from bookings import drafts
from bookings.forms import WHERE_PLACE
from studio.models import SessionType

from . import harness
from .setup import client
from .storm import Visitor

CLIENTS = 8
EACH = 6  # bookings a client makes
GOAL = 0.05
QUERIES_AT_MOST = 25


def free_starts(slug: str, days: int) -> list[str]:
    """The first free start of each of the next `days` days that have one."""
    web, starts = client(), []
    day_list = []
    for offset in range(6):
        response = web.get(f"/book/{slug}/slots/", {"month": _month(offset)})
        day_list += response.json().get("days", [])
        if len(day_list) >= days * 3:
            break
    for day in day_list:
        slots = web.get(f"/book/{slug}/slots/", {"date": day}).json().get("slots", [])
        if slots:
            starts.append(slots[0])
    return starts


def _month(offset: int) -> str:
    today = timezone.now().date()
    year, month = divmod(today.month - 1 + offset, 12)
    return f"{today.year + year}-{month + 1:02d}"


def form_for(session: SessionType, start: str, n: int) -> dict:
    form = {
        "start": start,
        "name": f"Writer {n}",
        "email": f"writer{n}@example.com",
        "people": "1",
        "purpose": "Load test",
    }
    if session.location != SessionType.Location.STUDIO:
        form |= {"where": WHERE_PLACE, "location": "1 High Street, Bristol"}
    return form


def walk(visitor: Visitor, slug: str, form: dict) -> tuple[bool, float]:
    """One booking through the public flow; (booked, the confirm POST's seconds)."""
    quoted = urllib.parse.quote(form["start"])
    status, html = visitor.request(f"/book/{slug}/details/?start={quoted}")
    if status != 200:
        return False, 0.0
    status, _ = visitor.request(f"/book/{slug}/details/", {**visitor.hidden(html), **form})
    if status != 302:
        return False, 0.0
    status, html = visitor.request(f"/book/{slug}/review/")
    if status != 200:
        return False, 0.0
    began = time.perf_counter()
    status, _ = visitor.request(f"/book/{slug}/review/", visitor.hidden(html))
    took = time.perf_counter() - began
    if status != 302:
        return False, took
    status, _ = visitor.request(f"/book/{slug}/confirmed/")
    return status == 200, took


def queries_per_booking(session: SessionType, start: str) -> int:
    """The SQL one complete booking runs, walked with Django's test client in this process."""
    web, slug = client(), session.slug
    form = form_for(session, start, 9999)
    with CaptureQueriesContext(connection) as queries:
        web.get(f"/book/{slug}/details/", {"start": start})
        web.post(f"/book/{slug}/details/", form)
        web.get(f"/book/{slug}/review/")
        key = web.session[drafts.SESSION_KEY]["key"]
        web.post(f"/book/{slug}/review/", {"key": key})
        web.get(f"/book/{slug}/confirmed/")
    return len(queries.captured_queries)


def main(base: str, bare_path: str) -> None:
    sessions = list(SessionType.objects.active().order_by("pk"))
    # Each client books on days of its own, so no two ever want the same time.
    plan: list[list[tuple[SessionType, str]]] = [[] for _ in range(CLIENTS)]
    # Round robin over the types, so every kind takes its share of the days.
    per_type = [
        [(session, start) for start in free_starts(session.slug, CLIENTS * EACH)]
        for session in sessions
    ]
    pool = [item for row in itertools.zip_longest(*per_type) for item in row if item]
    used_days, picked = set(), []
    for session, start in pool:
        if start[:10] not in used_days:
            used_days.add(start[:10])
            picked.append((session, start))
    spare = picked.pop()
    for i, item in enumerate(picked[: CLIENTS * EACH]):
        plan[i % CLIENTS].append(item)
    booked, confirms = [0] * CLIENTS, []
    lock = threading.Lock()
    barrier = threading.Barrier(CLIENTS)

    def run(i: int) -> None:
        visitor = Visitor(base)
        barrier.wait()
        for n, (session, start) in enumerate(plan[i]):
            ok, took = walk(visitor, session.slug, form_for(session, start, 100 * i + n))
            with lock:
                confirms.append(took)
                booked[i] += ok

    threads = [threading.Thread(target=run, args=(i,)) for i in range(CLIENTS)]
    began = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.perf_counter() - began
    complete = sum(booked)
    rate = complete / seconds
    bare = harness.wrk(base + bare_path)["rps"]
    ratio = rate / bare if bare else 0.0
    confirms.sort()
    p50 = confirms[len(confirms) // 2] * 1000
    p99 = confirms[min(len(confirms) - 1, int(len(confirms) * 0.99))] * 1000
    queries = queries_per_booking(*spare)
    kinds = sorted({session.location for session, _ in picked})
    rows = [
        {
            "section": "booking write path (HTTP, gunicorn 4x8)",
            "measure": f"{CLIENTS} clients walk details, review, confirm ({', '.join(kinds)})",
            "value": f"{complete}/{len(confirms)} booked, {rate:.1f} bookings/s vs bare "
            f"{bare:.0f} req/s; confirm p50 {p50:.0f} ms, p99 {p99:.0f} ms",
            "ratio": round(ratio, 4),
            "target": f">= {GOAL} of bare, every walk booked",
            "ok": ratio >= GOAL and complete == len(confirms),
        },
        {
            "section": "booking write path (HTTP, gunicorn 4x8)",
            "measure": "SQL queries per complete booking",
            "value": str(queries),
            "ratio": None,
            "target": f"<= {QUERIES_AT_MOST}",
            "ok": queries <= QUERIES_AT_MOST,
        },
    ]
    print(json.dumps({"rows": rows}))
