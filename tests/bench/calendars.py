"""Three connected calendars holding 2,000 events each: the slots endpoint must not notice.

`load` serves three generated calendar files from a server on loopback, reads them through
the real reader (fetch, parse, store), and compares the slots endpoint's queries and time
with and without them; `unload` disconnects them again. Each prints one JSON object.
"""

import json
import time
from datetime import timedelta

from django.conf import settings
from django.utils import timezone

from calendars import services
from calendars.models import BusyInterval, Calendar
from studio.content import AVAILABILITY, bump
from tests.calendars.server import FeedServer

from .setup import client, first_free_day, session_type
from .slots import measure

CALENDARS = 3
EVENTS = 2_000
SERIES = 10  # weekly recurring events among them


def calendar_file(index: int) -> bytes:
    """A diary of EVENTS events over two years around today, mostly outside working hours."""
    today = timezone.now().date()
    lines = [
        "BEGIN:VCALENDAR",
        "VERSION:2.0",
        "PRODID:-//Studio bench//Calendar//EN",
        "X-WR-TIMEZONE:Europe/London",
    ]
    for n in range(EVENTS):
        day = today - timedelta(days=365) + timedelta(days=n * 730 // EVENTS)
        hour = (7 + (n * 7 + index * 3) % 15) % 24
        start = f"{day:%Y%m%d}T{hour:02d}{(n % 4) * 15:02d}00"
        lines += [
            "BEGIN:VEVENT",
            f"UID:bench-{index}-{n}@example.com",
            "DTSTAMP:20260101T000000Z",
            f"DTSTART;TZID=Europe/London:{start}",
            "DURATION:PT45M",
            f"SUMMARY:Event {n} of calendar {index}",
            "DESCRIPTION:Private notes that are never stored.",
        ]
        if n < SERIES:
            lines.append("RRULE:FREQ=WEEKLY;COUNT=104")
        lines.append("END:VEVENT")
    lines.append("END:VCALENDAR")
    return ("\r\n".join(lines) + "\r\n").encode()


def load() -> dict:
    settings.CALENDAR_FETCH_ALLOW_PRIVATE = True  # the bench's own server is on loopback
    session = session_type()
    day = first_free_day(session.slug)
    path = f"/book/{session.slug}/slots/"
    month = f"{day.year}-{day.month:02d}"
    # This process's first miss reads the session type, studio and hours (kept until the
    # content changes); pages kept by earlier benches would hide it from measure()'s warm-up.
    for params in ({"month": month}, {"date": str(day)}):
        bump(AVAILABILITY)
        client().get(path, params)
    before = {"month": measure(path, {"month": month}), "day": measure(path, {"date": str(day)})}

    server = FeedServer().start()
    try:
        ids = []
        for index in range(CALENDARS):
            server.static(f"/cal{index}.ics", calendar_file(index), etag=f'"{index}"')
            calendar = services.add_calendar(
                name=f"Bench {index}", url=server.url(f"/cal{index}.ics")
            )
            ids.append(calendar.pk)
        started = time.perf_counter()
        results = [services.sync_calendar(calendar_id=pk) for pk in ids]
        first_read = time.perf_counter() - started
        started = time.perf_counter()
        again = [services.sync_calendar(calendar_id=pk) for pk in ids]
        not_modified = time.perf_counter() - started
    finally:
        server.stop()
    kept = BusyInterval.objects.count()
    failed = [r.line() for r in results + again if r.outcome == "failed"]
    day = first_free_day(session.slug)
    after = {"month": measure(path, {"month": month}), "day": measure(path, {"date": str(day)})}

    rows = [
        {
            "section": "calendars (3 x 2,000 events)",
            "measure": "read, parse and store all three; again (304)",
            "value": f"{first_read:.1f} s, {kept} busy intervals kept; 304s {not_modified:.2f} s",
            "ratio": round(first_read, 2),
            "target": "no failure; 304 costs no parse",
            "ok": not failed
            and all(r.outcome == "updated" for r in results)
            and all(r.outcome == "unchanged" for r in again)
            and not_modified < first_read / 5,
        }
    ]
    for endpoint in ("month", "day"):
        (q0, ms0), (q1, ms1) = before[endpoint], after[endpoint]
        ratio = ms1 / ms0
        rows.append(
            {
                "section": "slots endpoint (in process)",
                "measure": f"?{endpoint}= without / with 3 calendars x 2,000 events",
                "value": f"{q0} q {ms0:.1f} ms / {q1} q {ms1:.1f} ms; {ratio:.1f}x",
                "ratio": round(ratio, 2),
                "target": "same queries (<= 4), <= 3x",
                "ok": q0 == q1 and q1 <= 4 and ratio <= 3,
            }
        )
    return {"rows": rows, "failed": failed}


def unload() -> dict:
    for calendar in Calendar.objects.filter(name__startswith="Bench "):
        services.remove_calendar(calendar=calendar)
    return {"rows": []}


def main(action: str = "load") -> None:
    print(json.dumps(load() if action == "load" else unload()))
