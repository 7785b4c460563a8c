"""A booking storm over HTTP: 50 clients with their own sessions confirm the same slot at once."""

import http.cookiejar
import json
import re
import threading
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter

from bookings.models import Booking

from .setup import client, first_free_day, session_type

CLIENTS = 50
HIDDEN = re.compile(r'name="(csrfmiddlewaretoken|key)" value="([^"]+)"')


class NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


class Visitor:
    def __init__(self, base: str):
        self.base = base
        self.opener = urllib.request.build_opener(
            urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()), NoRedirect()
        )

    def request(self, path: str, data: dict | None = None) -> tuple[int, str]:
        body = urllib.parse.urlencode(data).encode() if data is not None else None
        try:
            with self.opener.open(self.base + path, data=body, timeout=60) as response:  # noqa: S310
                return response.status, response.read().decode()
        except urllib.error.HTTPError as error:
            return error.code, error.read().decode()

    def hidden(self, html: str) -> dict:
        return dict(HIDDEN.findall(html))


def outcome_of(status: int, html: str, *, won: str) -> str:
    """How a confirmation ended: `won`, a friendly "just taken" refusal, a 5xx or other."""
    if status >= 500:
        return "5xx"
    if status == 302:
        return won
    if status == 409 and "just taken" in html:
        return "friendly refusal"
    return f"other {status}"


def prepare(visitor: Visitor, slug: str, start: str, n: int) -> dict:
    status, html = visitor.request(f"/book/{slug}/details/?start={urllib.parse.quote(start)}")
    assert status == 200, (status, html[:300])
    form = {
        **visitor.hidden(html),
        "start": start,
        "name": f"Storm client {n}",
        "email": f"storm{n}@example.com",
        "people": "1",
        "purpose": "Load test",
    }
    status, _ = visitor.request(f"/book/{slug}/details/", form)
    assert status == 302, status
    status, html = visitor.request(f"/book/{slug}/review/")
    assert status == 200, status
    return visitor.hidden(html)


def main(base: str) -> None:
    session = session_type()
    day = first_free_day(session.slug)
    start = (
        client().get(f"/book/{session.slug}/slots/", {"date": day.isoformat()}).json()["slots"][0]
    )
    visitors = [Visitor(base) for _ in range(CLIENTS)]
    forms = [prepare(v, session.slug, start, n) for n, v in enumerate(visitors)]
    barrier = threading.Barrier(CLIENTS)
    outcomes = Counter()
    lock = threading.Lock()

    def confirm(visitor: Visitor, form: dict) -> None:
        barrier.wait()
        status, html = visitor.request(f"/book/{session.slug}/review/", form)
        outcome = outcome_of(status, html, won="booked")
        with lock:
            outcomes[outcome] += 1

    threads = [
        threading.Thread(target=confirm, args=pair) for pair in zip(visitors, forms, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    stored = Booking.objects.filter(
        client__email__startswith="storm", status__in=Booking.ACTIVE_STATUSES
    ).count()
    ok = (
        stored == 1
        and outcomes["booked"] == 1
        and outcomes["friendly refusal"] == CLIENTS - 1
        and outcomes["5xx"] == 0
    )
    row = {
        "section": "booking storm (HTTP, gunicorn)",
        "measure": f"{CLIENTS} clients confirm one slot at once",
        "value": f"bookings stored {stored}; "
        + ", ".join(f"{k} {v}" for k, v in sorted(outcomes.items())),
        "ratio": None,
        "target": "1 booked, 49 friendly, 0 5xx",
        "ok": ok,
    }
    print(json.dumps({"rows": [row]}))
