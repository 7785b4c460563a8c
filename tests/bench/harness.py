"""Plumbing for `make bench`: a throw-away PostgreSQL database, gunicorn, wrk, RSS."""

import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
PG = "postgres://postgres@127.0.0.1:5432"
# Redis databases of its own (broker, cache); BENCH_REDIS_DB/BENCH_CACHE_DB move them when
# other runs on the same machine use 13 and 12.
REDIS = f"redis://127.0.0.1:6379/{os.environ.get('BENCH_REDIS_DB', '13')}"
CACHE = f"redis://127.0.0.1:6379/{os.environ.get('BENCH_CACHE_DB', '12')}"


class PreconditionFailed(SystemExit):
    pass


def require(condition: bool, message: str) -> None:
    if not condition:
        raise PreconditionFailed(f"bench: precondition missing: {message}")


def port_open(host: str, port: int) -> bool:
    try:
        with socket.create_connection((host, port), timeout=1):
            return True
    except OSError:
        return False


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def check_preconditions() -> None:
    require(port_open("127.0.0.1", 5432), "PostgreSQL on 127.0.0.1:5432")
    require(port_open("127.0.0.1", 6379), "Redis on 127.0.0.1:6379")
    require(shutil.which("wrk") is not None, "wrk (apt-get install wrk)")
    require(shutil.which("createdb") is not None, "PostgreSQL client tools (createdb)")


def base_env(database: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("DJANGO_ALLOW_ASYNC", "DEBUG"))
    }
    env.update(
        {
            "DEBUG": "False",
            "SECRET_KEY": "bench-only-secret-key-0123456789-abcdefghijklmnopqrstuvwxyz",
            "ALLOWED_HOSTS": "127.0.0.1,localhost",
            "SECURE_SSL_REDIRECT": "False",
            "SESSION_COOKIE_SECURE": "False",
            "CSRF_COOKIE_SECURE": "False",
            "DATABASE_URL": f"{PG}/{database}",
            "CELERY_BROKER_URL": REDIS,
            "CACHE_URL": CACHE,
            "STUDIO_RATELIMIT": "False",
            "LOG_LEVEL": "WARNING",
            "STATIC_ROOT": str(ROOT / "var" / "bench-static"),
            "DJANGO_SETTINGS_MODULE": "studio.settings",
        }
    )
    return env


def manage(env, *args, **kwargs):
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, check=True, **kwargs
    )


@contextmanager
def bench_database():
    name = f"studio_bench_{os.getpid()}"
    subprocess.run(["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", name], check=True)
    subprocess.run(["createdb", "-h", "127.0.0.1", "-U", "postgres", name], check=True)
    env = base_env(name)
    try:
        manage(env, "migrate", "--noinput", "-v0")
        manage(env, "seed_demo", "--no-login", stdout=subprocess.DEVNULL)
        manage(env, "collectstatic", "--noinput", "-v0")
        yield env
    finally:
        subprocess.run(
            ["dropdb", "-h", "127.0.0.1", "-U", "postgres", "--if-exists", "--force", name],
            check=False,
        )


def run_script(env, name: str, *args: str) -> dict:
    """Run tests/bench/<name>.py's main() in a fresh process; it prints one JSON object."""
    result = subprocess.run(
        [sys.executable, "-m", "tests.bench.run", name, *args],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


@contextmanager
def gunicorn(env, workers: int = 2, threads: int = 1):
    port = free_port()
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "gunicorn",
            "studio.wsgi",
            "--workers",
            str(workers),
            "--threads",
            str(threads),
            "--bind",
            f"127.0.0.1:{port}",
            "--log-level",
            "warning",
        ],
        cwd=ROOT,
        env=env,
    )
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        try:
            urllib.request.urlopen(url + "/healthz/live/", timeout=1)  # noqa: S310 - loopback
            break
        except OSError:
            time.sleep(0.2)
    else:
        process.kill()
        raise PreconditionFailed("bench: gunicorn did not start")
    try:
        yield url, process
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()


def worker_pids(master_pid: int) -> list[int]:
    out = subprocess.run(
        ["pgrep", "-P", str(master_pid)], capture_output=True, text=True, check=False
    ).stdout
    return [int(pid) for pid in out.split()]


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0


_UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0}


def _ms(text: str) -> float:
    match = re.match(r"([\d.]+)(us|ms|s)", text)
    return float(match.group(1)) * _UNITS[match.group(2)] if match else float("nan")


def wrk(url: str, *, seconds: int = 8, connections: int = 8, threads: int = 2) -> dict:
    out = subprocess.run(
        [
            "wrk",
            f"-t{threads}",
            f"-c{connections}",
            f"-d{seconds}s",
            "--latency",
            url,
        ],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    p50 = _ms(re.search(r"\s50%\s+(\S+)", out).group(1))
    p99 = _ms(re.search(r"\s99%\s+(\S+)", out).group(1))
    non2xx = re.search(r"Non-2xx or 3xx responses:\s+(\d+)", out)
    return {
        "rps": rps,
        "p50_ms": p50,
        "p99_ms": p99,
        "non_2xx": int(non2xx.group(1)) if non2xx else 0,
    }


def median(values):
    ordered = sorted(values)
    middle = len(ordered) // 2
    if len(ordered) % 2:
        return ordered[middle]
    return (ordered[middle - 1] + ordered[middle]) / 2
