"""Running a piece of work in a forked child under a CPU-time and a memory limit.

For the crafted calendar files of issue 25: before the fix each took minutes and
gigabytes, so a test that simply called the reader would hang the suite instead of
failing. Here the child is stopped at the limit and the test fails saying so. The limit
is the child's own CPU time, not the wall clock, so a machine busy with other work
cannot make the test fail; the wall clock only guards against a child that waits.
"""

from __future__ import annotations

import multiprocessing
import resource
import signal

import pytest

# A child that is merely waiting for the CPU gets this many times its CPU limit in wall time.
WALL_CLOCK_SLACK = 20


def _address_space() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()


def run_limited(function, *, seconds: float, megabytes: int):
    """function()'s result, or its exception re-raised; the test fails if it needs more
    than `seconds` of CPU time or `megabytes` more memory than this process has."""
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)

    def child():
        limit = _address_space() + megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        used = resource.getrusage(resource.RUSAGE_SELF)
        cpu = int(used.ru_utime + used.ru_stime + seconds) + 1
        resource.setrlimit(resource.RLIMIT_CPU, (cpu, cpu + 1))
        try:
            outcome = ("returned", function())
        except MemoryError:
            outcome = ("memory", None)
        except Exception as exc:  # noqa: BLE001 - handed to the parent to re-raise
            outcome = ("raised", exc)
        sending.send(outcome)

    process = context.Process(target=child, daemon=True)
    process.start()
    sending.close()  # the child's end only: its exit then ends the parent's wait at once
    try:
        if not receiving.poll(seconds * WALL_CLOCK_SLACK):
            pytest.fail(f"still waiting after {seconds * WALL_CLOCK_SLACK} s", pytrace=False)
        try:
            kind, value = receiving.recv()
        except EOFError:
            process.join()
            if process.exitcode == -signal.SIGXCPU:
                pytest.fail(f"needed more than {seconds} s of CPU time", pytrace=False)
            pytest.fail(f"the child died ({process.exitcode})", pytrace=False)
    finally:
        process.kill()
        process.join()
    if kind == "memory":
        pytest.fail(f"needed more than {megabytes} MB", pytrace=False)
    if kind == "raised":
        raise value
    return value
