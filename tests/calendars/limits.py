"""Running a piece of work in a forked child under a wall-clock and a memory limit.

For the crafted calendar files of issue 25: before the fix each took minutes and
gigabytes, so a test that simply called the reader would hang the suite instead of
failing. Here the child is killed at the limit and the test fails saying so.
"""

from __future__ import annotations

import multiprocessing
import resource

import pytest


def _address_space() -> int:
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[0]) * resource.getpagesize()


def run_limited(function, *, seconds: float, megabytes: int):
    """function()'s result, or its exception re-raised; the test fails if it needs more
    than `seconds` of wall-clock time or `megabytes` more memory than this process has."""
    context = multiprocessing.get_context("fork")
    receiving, sending = context.Pipe(duplex=False)

    def child():
        limit = _address_space() + megabytes * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
        try:
            outcome = ("returned", function())
        except MemoryError:
            outcome = ("memory", None)
        except Exception as exc:  # noqa: BLE001 - handed to the parent to re-raise
            outcome = ("raised", exc)
        sending.send(outcome)

    process = context.Process(target=child, daemon=True)
    process.start()
    try:
        if not receiving.poll(seconds):
            pytest.fail(f"still running after {seconds} s", pytrace=False)
        kind, value = receiving.recv()
    finally:
        process.kill()
        process.join()
    if kind == "memory":
        pytest.fail(f"needed more than {megabytes} MB", pytrace=False)
    if kind == "raised":
        raise value
    return value
