"""Helpers for tests and benchmarks that need a broker or a worker of their own.

- RedisServer: a throw-away redis-server on a free loopback port (never the shared one),
  which a test may stop and start again.
- use_broker(): point the Celery app of this process at another broker for a while.
- WorkerProcess: `celery -A studio worker` in a subprocess (own process group, so it
  can be SIGKILLed with its children), configured through the environment.
"""

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

from celery.contrib.testing.tasks import ping  # registered before any worker starts
from celery.signals import task_postrun

from tests.loopback import free_port

BASE_DIR = Path(__file__).resolve().parent.parent

# The options studio/settings.py uses for a Redis broker (short timeouts: never hang).
REDIS_TRANSPORT_OPTIONS = {
    "socket_timeout": 2,
    "socket_connect_timeout": 2,
    "visibility_timeout": 3600,
    "max_retries": 1,
}


def wait_until(predicate, *, timeout: float, interval: float = 0.05, message: str = ""):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = predicate()
        if value:
            return value
        time.sleep(interval)
    raise TimeoutError(message or f"condition not met within {timeout} s")


# Ids of the tasks a worker in this process has run (task_postrun fires in its thread).
_finished: set[str] = set()


def _record_finished(task_id=None, **kwargs):
    _finished.add(task_id)


task_postrun.connect(_record_finished, weak=False)


def wait_for_tasks(*results, timeout: float = 30) -> None:
    """Block until a worker in this process has run these tasks (results of `.delay()`),
    so whatever they were going to send has been sent."""
    wait_until(
        lambda: all(result.id in _finished for result in results),
        timeout=timeout,
        message=f"the worker never ran {[result.id for result in results]}",
    )


def drain(timeout: float = 30) -> None:
    """Block until the worker has run every task queued before now: it runs one task at a
    time in queue order, so a ping queued now comes back last."""
    wait_for_tasks(ping.delay(), timeout=timeout)


class RedisServer:
    """A private redis-server on loopback; start() and stop() may be called repeatedly."""

    binary = shutil.which("redis-server")

    def __init__(self, directory: Path, port: int | None = None):
        self.port = port or free_port()
        self.directory = Path(directory)
        self.process = None

    @property
    def url(self) -> str:
        return f"redis://127.0.0.1:{self.port}/0"

    def ping(self) -> bool:
        try:
            with socket.create_connection(("127.0.0.1", self.port), timeout=0.5) as sock:
                sock.sendall(b"PING\r\n")
                return sock.recv(16).startswith(b"+PONG")
        except OSError:
            return False

    def start(self) -> "RedisServer":
        if not self.binary:
            raise RuntimeError("redis-server is not installed")
        self.directory.mkdir(parents=True, exist_ok=True)
        self.process = subprocess.Popen(
            [
                self.binary,
                "--port",
                str(self.port),
                "--bind",
                "127.0.0.1",
                "--save",
                "",
                "--appendonly",
                "no",
                "--dir",
                str(self.directory),
                "--logfile",
                str(self.directory / "redis.log"),
            ],  # fmt: skip
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        wait_until(self.ping, timeout=10, message=f"redis-server on {self.port} did not start")
        return self

    def stop(self) -> None:
        if self.process and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)
        self.process = None
        wait_until(lambda: not self.ping(), timeout=5)


def reset_broker_pools(app) -> None:
    """Forget pooled broker connections, so the next publish uses the current settings."""
    from kombu import pools

    app._pool = None
    amqp = app.__dict__.get("amqp")
    if amqp is not None:
        amqp._producer_pool = None
    pools.reset()  # kombu keeps its own registry of pools, keyed by broker URL


@contextmanager
def use_broker(app, url: str, transport_options: dict | None = None):
    """Point `app` at another broker (Celery reads CELERY_BROKER_URL from the environment
    before its own configuration, so both are switched)."""
    old = app.conf.broker_url, app.conf.broker_transport_options, app.conf.broker_transport
    old_env = os.environ.get("CELERY_BROKER_URL")
    os.environ["CELERY_BROKER_URL"] = url
    app.conf.broker_url = url
    app.conf.broker_transport_options = dict(transport_options or REDIS_TRANSPORT_OPTIONS)
    app.conf.broker_transport = None  # the URL's own (the embedded broker names its class)
    reset_broker_pools(app)
    try:
        yield app
    finally:
        if old_env is None:
            os.environ.pop("CELERY_BROKER_URL", None)
        else:
            os.environ["CELERY_BROKER_URL"] = old_env
        app.conf.broker_url, app.conf.broker_transport_options, app.conf.broker_transport = old
        reset_broker_pools(app)


LEFT_BY_IN_PROCESS_WORKERS = ("CELERY_LOG_", "_MP_FORK_", "FORKED_BY_MULTIPROCESSING")


class WorkerProcess:
    """`celery -A studio worker` in its own process group, logging to a file."""

    def __init__(self, *, env: dict, queue: str, log_path: Path, concurrency: int = 1):
        # Not what an in-process worker of an earlier test left in os.environ for its own
        # pool children (Celery's log level and file, billiard's fork settings): a worker
        # started with them would log its pool children at ERROR only.
        inherited = {
            key: value
            for key, value in os.environ.items()
            if not key.startswith(LEFT_BY_IN_PROCESS_WORKERS)
        }
        self.env = {**inherited, **env}
        self.queue = queue
        self.log_path = Path(log_path)
        self.concurrency = concurrency
        self.process = None
        self._log = None

    def start(self, *, timeout: float = 60) -> "WorkerProcess":
        self._log = open(self.log_path, "ab")  # noqa: SIM115 - closed in stop()/kill()
        command = [
            sys.executable, "-m", "celery", "-A", "studio", "worker",
            "--loglevel=INFO", "--pool=prefork", f"--concurrency={self.concurrency}",
            "-Q", self.queue, "--without-gossip", "--without-mingle", "--without-heartbeat",
            "-n", f"test-{os.getpid()}-{time.monotonic_ns()}@%h",
        ]  # fmt: skip
        self.process = subprocess.Popen(
            command,
            cwd=BASE_DIR,
            env=self.env,
            stdout=self._log,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        wait_until(
            lambda: b" ready." in self.log_path.read_bytes() or self.process.poll() is not None,
            timeout=timeout,
            interval=0.2,
        )
        if self.process.poll() is not None:
            raise RuntimeError(f"worker exited at start:\n{self.log()}")
        return self

    def log(self) -> str:
        return self.log_path.read_text(errors="replace")[-4000:]

    def kill(self, sig=signal.SIGKILL) -> None:
        """Signal the whole process group (main process and pool children)."""
        if self.process is None:
            return
        try:
            os.killpg(self.process.pid, sig)
        except ProcessLookupError:
            pass
        self.process.wait(timeout=30)
        self.process = None
        if self._log:
            self._log.close()
            self._log = None

    def stop(self) -> None:
        if self.process is None:
            return
        try:
            self.kill(signal.SIGTERM)
        except subprocess.TimeoutExpired:
            self.kill(signal.SIGKILL)


@contextmanager
def closing_worker_db_connections():
    """Close the database connections a worker thread opened after each of its tasks.

    Celery's Django fix-up does this in a real worker; an in-process test worker would
    otherwise keep a PostgreSQL session open and block dropping the test database.
    """
    from django.db import connections

    def close(**kwargs):
        connections.close_all()

    task_postrun.connect(close, weak=False)
    try:
        yield
    finally:
        task_postrun.disconnect(close)


def isolate_routes(app, prefix: str) -> None:
    """Route the app's tasks to queues named after `prefix` (one per queue of
    CELERY_TASK_ROUTES), so a test run never shares a queue with another run."""
    from django.conf import settings

    app.conf.task_routes = {
        task: {**route, "queue": f"{prefix}-{route['queue']}"}
        for task, route in settings.CELERY_TASK_ROUTES.items()
    }
    app.amqp.flush_routes()
    app.amqp.__dict__.pop("router", None)  # a cached router keeps the old table


def routed_queue(app, kind: str) -> str:
    """This run's name for one of the settings' queues ("reminders", "calendars", ...)."""
    return f"{app.conf.task_default_queue}-{kind}"


def all_queues(app) -> list[str]:
    """Every queue a worker of this run consumes: the default and each routed one."""
    routed = {route["queue"] for route in (app.conf.task_routes or {}).values()}
    return [app.conf.task_default_queue, *sorted(routed)]


def forget_queue(app, queue: str) -> None:
    """Delete a queue and kombu's binding keys for it (Redis), so runs leave nothing behind."""
    with app.connection_for_write() as conn:
        channel = conn.default_channel
        channel.queue_delete(queue)
        client = getattr(channel, "client", None)
        if client is not None:  # Redis: kombu keeps the bindings in keys of their own
            for key in list(client.scan_iter(match=f"*{queue}*")):
                client.delete(key)
