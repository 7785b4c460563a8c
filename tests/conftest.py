"""Shared fixtures: a real browser, a real SMTP sink, a real Celery worker.

Browser tests need Debian's Chromium; tests marked `postgres` or `redis` need
DATABASE_URL / CELERY_BROKER_URL to point at those servers. Outside CI they are
skipped with a reason when what they need is missing; under CI (CI set) a missing
browser or service fails the run instead.
"""

import os
import shutil
import threading
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from playwright.sync_api import Error as PlaywrightError

from tests import loopback
from tests.dbstate import forget_caches

os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")  # live_server + sync Playwright

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = Path(__file__).resolve().parent.parent / "test-artifacts"
IN_CI = bool(os.environ.get("CI"))


def _missing(reason: str):
    if IN_CI:
        pytest.fail(f"{reason}: required under CI", pytrace=False)
    pytest.skip(reason)


def pytest_collection_modifyitems(config, items):
    for item in items:
        if "tests/e2e/" in str(item.fspath).replace(os.sep, "/"):
            item.add_marker(pytest.mark.e2e)


@pytest.fixture(autouse=True)
def _requirements(request):
    if request.node.get_closest_marker("e2e") and not Path(CHROMIUM).exists():
        _missing(f"no Chromium at {CHROMIUM} (apt-get install chromium)")
    if request.node.get_closest_marker("postgres") and connection.vendor != "postgresql":
        _missing("needs DATABASE_URL pointing at PostgreSQL")
    if request.node.get_closest_marker("redis") and not settings.CELERY_BROKER_URL.startswith(
        "redis://"
    ):
        _missing("needs CELERY_BROKER_URL pointing at Redis")


@pytest.fixture
def client():
    """Django's test client; its force_login of staff also passes the second factor."""
    from tests.staff import StudioClient

    return StudioClient()


@pytest.fixture
def admin_client(db, admin_user):
    """The admin, signed in with both steps."""
    from tests.staff import StudioClient

    client = StudioClient()
    client.force_login(admin_user)
    return client


@pytest.fixture(scope="session", autouse=True)
def _fast_password_hashing():
    """MD5 instead of PBKDF2 for the users tests make: a PBKDF2 hash costs most of a second
    of CPU, and the tests are about who may log in, not about the hash's strength."""
    from django.test import override_settings

    with override_settings(PASSWORD_HASHERS=["django.contrib.auth.hashers.MD5PasswordHasher"]):
        yield


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """SQLite test databases are files under var/ (studio.settings), which a fresh
    checkout does not have yet."""
    for database in settings.DATABASES.values():
        if database["ENGINE"].endswith("sqlite3"):
            Path(database["TEST"]["NAME"]).parent.mkdir(parents=True, exist_ok=True)


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    return {**browser_type_launch_args, "executable_path": CHROMIUM, "args": CHROMIUM_ARGS}


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    # Static files come from the finders in tests; production serves the hashed manifest.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.MEDIA_ROOT = str(tmp_path / "media")
    settings.PRIVATE_MEDIA_ROOT = str(tmp_path / "private")


@pytest.fixture(autouse=True)
def _page_cache_versions(request):
    """The rows the migrations made for the page-cache versions, back after a flush.

    A transactional test (a browser, a worker) ends by emptying every table; pytest may
    run it before other database tests (it groups tests by the browser parameter), and a
    test counting queries would then also count re-making these rows.
    """
    marked = request.node.get_closest_marker("django_db")
    if marked or "db" in request.fixturenames:
        if not marked:
            request.getfixturevalue("db")  # asked for by a later fixture: set it up first
        from studio.content import AVAILABILITY, CONTENT, versions

        versions(CONTENT, AVAILABILITY)
    yield


@pytest.fixture(autouse=True)
def _fresh_cache():
    # Every test starts from the migration's page versions: forget what earlier ones kept.
    forget_caches()
    yield


@pytest.fixture
def screenshot():
    """Save a PNG under test-artifacts/ for a person to look at; returns the path."""

    def take(page, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        page.wait_for_load_state("load")
        try:
            page.screenshot(path=str(path), full_page=True)
        except PlaywrightError as exc:
            # Chromium now and then refuses one capture outright and takes the same picture
            # when asked again (seen once in a full run; microsoft/playwright#32144).
            if "Unable to capture screenshot" not in str(exc):
                raise
            page.wait_for_load_state("networkidle")
            page.screenshot(path=str(path), full_page=True)
        return path

    return take


class SMTPSink:
    """Collects every message delivered to a local aiosmtpd server.

    Tests can make it misbehave: `replies` is a queue of answers given to DATA instead
    of accepting (e.g. "451 4.3.0 Try again later"), `refused` holds recipients answered
    with 550 at RCPT, and `stall` holds seconds to wait before answering the next DATA.
    """

    def __init__(self):
        self.messages = []
        self.replies = []
        self.refused = set()
        self.stall = []
        self.data_started = 0  # DATA commands received, and answered: a message on the wire
        self.data_finished = 0  # is one started and not finished.
        self._lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802
        if address in self.refused:
            return "550 5.1.1 No such mailbox here"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd's hook name
        import asyncio
        import email
        from email import policy

        with self._lock:
            reply = self.replies.pop(0) if self.replies else None
            stall = self.stall.pop(0) if self.stall else 0
            self.data_started += 1
        try:
            if stall:
                await asyncio.sleep(stall)
            if reply:
                return reply
            message = email.message_from_bytes(envelope.content, policy=policy.default)
            with self._lock:
                self.messages.append(message)
            return "250 Message accepted for delivery"
        finally:
            with self._lock:
                self.data_finished += 1

    def idle(self) -> bool:
        """No message is on the wire: every DATA received has been answered."""
        with self._lock:
            return self.data_started == self.data_finished

    def clear(self):
        with self._lock:
            self.messages.clear()

    def wait_for(self, count: int, timeout: float = 20.0) -> list:
        """Block until at least `count` messages arrived (or the timeout); returns them."""
        import time

        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            with self._lock:
                if len(self.messages) >= count:
                    break
            time.sleep(0.05)
        with self._lock:
            return list(self.messages)


@pytest.fixture
def smtp_sink(settings):
    """A real SMTP server on loopback; Django's mail goes there for the test."""
    from aiosmtpd.controller import Controller

    handler = SMTPSink()
    # aiosmtpd cannot start on port 0 (it connects to its own port to check it is up).
    controller = Controller(handler, hostname="127.0.0.1", port=loopback.free_port())
    controller.start()
    settings.EMAIL_BACKEND = "django.core.mail.backends.smtp.EmailBackend"
    settings.EMAIL_HOST = "127.0.0.1"
    settings.EMAIL_PORT = controller.port
    settings.EMAIL_USE_TLS = False
    settings.EMAIL_USE_SSL = False
    settings.EMAIL_HOST_USER = ""
    settings.EMAIL_HOST_PASSWORD = ""
    handler.port = controller.port
    try:
        yield handler
    finally:
        controller.stop()


@pytest.fixture(scope="session", autouse=True)
def celery_isolation(request, tmp_path_factory):
    """Give each xdist worker of this run its own queue (and broker folder on the embedded
    broker), for every test: bookings made by any test enqueue kicks on commit, and a
    queue shared with another run could hand this run's worker someone else's stale kicks.
    """
    import uuid

    from studio.celery import app
    from tests.celery_tools import all_queues, isolate_routes

    # xdist's worker name; `-p no:xdist` has no `worker_id` fixture at all.
    worker_id = getattr(request.config, "workerinput", {}).get("workerid", "main")
    queue = f"studio-test-{worker_id}-{uuid.uuid4().hex[:8]}"
    app.conf.task_default_queue = queue
    isolate_routes(app, queue)  # the reminders, sweeps and calendars queues of this run
    if settings.CELERY_BROKER_URL.startswith("filesystem://"):
        folder = tmp_path_factory.mktemp("broker")
        for sub in ("queue", "processed", "control"):
            (folder / sub).mkdir()
        app.conf.broker_transport_options = {
            **settings.CELERY_BROKER_TRANSPORT_OPTIONS,
            "data_folder_in": str(folder / "queue"),
            "data_folder_out": str(folder / "queue"),
            "processed_folder": str(folder / "processed"),
            "control_folder": str(folder / "control"),
        }
        yield app
        shutil.rmtree(folder, ignore_errors=True)
    else:
        yield app
        from tests.celery_tools import forget_queue

        try:  # leave nothing behind on a shared Redis
            for name in all_queues(app):
                forget_queue(app, name)
        except Exception:  # noqa: BLE001, S110 - best effort: the broker may be gone by now
            pass


@pytest.fixture
def celery_worker(celery_isolation, transactional_db):
    """A real Celery worker thread consuming from the configured broker."""
    from celery.contrib.testing.worker import start_worker

    from bookings.reminders import kicks
    from tests.celery_tools import all_queues, closing_worker_db_connections, reset_broker_pools

    app = celery_isolation
    # Start from the configured broker, whatever an earlier test in this process left
    # behind, and with no "broker was down" pause from an earlier test's failed kick.
    app.conf.broker_url = settings.CELERY_BROKER_URL
    app.conf.broker_write_url = None
    reset_broker_pools(app)
    kicks._broker_down_until = 0.0
    with (
        closing_worker_db_connections(),
        start_worker(
            app,
            pool="solo",
            concurrency=1,
            perform_ping_check=False,
            queues=all_queues(app),
            shutdown_timeout=10,
        ) as worker,
    ):
        yield worker


@pytest.fixture
def stripe_api(settings):
    """A stand-in for the Stripe API on loopback (tests/payments/standin.py), with the
    site's keys, webhook secret and API address pointed at it for the test."""
    from tests.payments.standin import SECRET_KEY, WEBHOOK_SECRET, StripeStandIn

    standin = StripeStandIn().start()
    settings.STRIPE_SECRET_KEY = SECRET_KEY
    settings.STRIPE_WEBHOOK_SECRET = WEBHOOK_SECRET
    settings.STRIPE_API_BASE = standin.url
    settings.STRIPE_CHECKOUT_ORIGIN = standin.url
    try:
        yield standin
    finally:
        standin.stop()
