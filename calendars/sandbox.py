"""Reading a calendar file in a child process with hard limits on its CPU time and memory.

`ics.busy_intervals` stops itself after too many occurrences or too much CPU time, but
some steps cannot be stopped from inside: parsing a large file, or a repeat rule that
dateutil turns over for minutes without producing a single occurrence
(FREQ=SECONDLY;BYMONTH=2;BYMONTHDAY=31). So the worker never runs them itself: a fresh
interpreter (`python -m calendars.sandbox`) reads the file under RLIMIT_CPU and RLIMIT_AS
and is killed at a wall-clock limit; the caller gets busy time or a FeedError, never a
held worker. A fresh interpreter rather than a fork: the caller may be a threaded web or
worker process, and the child needs no Django (about 0.15 s to start).
"""

from __future__ import annotations

import json
import resource
import signal
import subprocess
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo

from .ics import MAX_EVENTS, BusyEvent, FeedError, busy_intervals

PROJECT = Path(__file__).resolve().parent.parent
OUT_OF_MEMORY = 3


def read_busy_time(
    data: bytes,
    *,
    window_start: datetime,
    window_end: datetime,
    tz: ZoneInfo,
    all_day_blocks: bool,
    cpu_seconds: float,
    memory_mb: int,
    max_events: int = MAX_EVENTS,
) -> list[BusyEvent]:
    """`ics.busy_intervals` in a child process; FeedError("too_many") when a limit is hit.

    RuntimeError if the child could not run at all (not the file's fault).
    """
    header = {
        "window_start": window_start.isoformat(),
        "window_end": window_end.isoformat(),
        "tz": tz.key,
        "all_day_blocks": all_day_blocks,
        "max_events": max_events,
        # The child's own budget ends first, for a clean "too many events"; the kernel's
        # limit a second later stops what cannot be interrupted.
        "cpu_seconds": cpu_seconds,
        "cpu_limit": int(cpu_seconds) + 1,
        "memory_bytes": memory_mb * 1024 * 1024,
    }
    try:
        done = subprocess.run(  # noqa: S603 - our own interpreter and module, no shell
            [sys.executable, "-m", "calendars.sandbox"],
            input=json.dumps(header).encode() + b"\n" + data,
            capture_output=True,
            cwd=PROJECT,
            timeout=cpu_seconds * 3 + 10,  # a child waiting on nothing is stopped too
            check=False,
        )
    except subprocess.TimeoutExpired:
        raise FeedError("too_many", count=max_events) from None
    limit_signals = (-signal.SIGXCPU, -signal.SIGKILL)
    if done.returncode in limit_signals or done.returncode == OUT_OF_MEMORY:
        raise FeedError("too_many", count=max_events)
    if done.returncode != 0:
        raise RuntimeError(
            f"calendar reader exited with {done.returncode}: {done.stderr[-2000:]!r}"
        )
    answer = json.loads(done.stdout)
    if "error" in answer:
        raise FeedError(answer["error"], count=max_events)
    return [
        BusyEvent(datetime.fromisoformat(start), datetime.fromisoformat(end), title)
        for start, end, title in answer["events"]
    ]


def main() -> int:
    """The child: limits first, then the header line and the file from stdin."""
    header_line = sys.stdin.buffer.readline()
    header = json.loads(header_line)
    cpu = header["cpu_limit"]
    resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
    memory = header["memory_bytes"]
    resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    data = sys.stdin.buffer.read()
    try:
        events = busy_intervals(
            data,
            window_start=datetime.fromisoformat(header["window_start"]),
            window_end=datetime.fromisoformat(header["window_end"]),
            tz=ZoneInfo(header["tz"]),
            all_day_blocks=header["all_day_blocks"],
            max_events=header["max_events"],
            cpu_seconds=header["cpu_seconds"],
        )
    except FeedError as exc:
        answer: dict = {"error": exc.kind}
    except MemoryError:
        return OUT_OF_MEMORY
    else:
        answer = {"events": [[e.start.isoformat(), e.end.isoformat(), e.title] for e in events]}
    sys.stdout.write(json.dumps(answer))
    return 0


if __name__ == "__main__":
    sys.exit(main())
