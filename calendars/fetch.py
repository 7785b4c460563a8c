"""Reading a calendar's secret address: a server-side request to a URL a person typed.

Guarantees, each tested in tests/calendars/test_fetch.py against a server on loopback:
- Every TCP connection, the first and each redirect hop, goes through `GuardedBackend`,
  which resolves the host itself and refuses loopback, private, link-local (cloud
  metadata), shared, multicast and reserved addresses unless CALENDAR_FETCH_ALLOW_PRIVATE
  is on; it connects to the address it checked, so a DNS answer cannot change between
  the check and the connection.
- Redirects are followed by hand (at most MAX_REDIRECTS), each hop re-checked; a loop
  or too many hops is an error. https may not be downgraded to http.
- One deadline over the whole read (CALENDAR_FETCH_TIMEOUT): the name lookup, every
  connection, TLS handshake, header and body byte of the first request and of each
  redirect hop share it, so a server dripping its headers cannot hold a worker.
- Hosts are checked before anything is sent: a host that httpx could not request, or a
  number that is not a plain dotted IPv4 address (0177.0.0.1, 2130706433), is refused.
- A size limit on the decoded body.
- Conditional requests: If-None-Match / If-Modified-Since; a 304 is `unchanged`.
- Nothing from the environment is sent: no proxy, no .netrc, no cookies kept. Credentials
  written in the address itself go only to that address's own host.
Every failure is a FetchError with a sentence for the photographer (never an exception
class name).
"""

from __future__ import annotations

import functools
import socket
import ssl
import threading
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpcore
import httpx
from django.conf import settings
from django.utils.translation import gettext as _

from .addresses import (
    FetchError,
    RefusedAddress,
    bad_host,
    check_url,
    forbidden,
    normalise_url,
)

MAX_REDIRECTS = 5
USER_AGENT = "StudioBooking-CalendarReader/1.0"


@dataclass(frozen=True)
class Fetched:
    unchanged: bool
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""


class Deadline:
    """The one time limit of a whole read, shared by every step and redirect hop."""

    def __init__(self, seconds: float):
        self.at = time.monotonic() + seconds

    def left(self, timeout: float | None = None) -> float:
        """Seconds for the next step: what is left of the read, at most `timeout`."""
        remaining = self.at - time.monotonic()
        if remaining <= 0:
            raise httpcore.ReadTimeout("the read's deadline has passed")
        return remaining if timeout is None else min(timeout, remaining)

    @property
    def passed(self) -> bool:
        return time.monotonic() >= self.at


class DeadlineStream(httpcore.NetworkStream):
    """A connection whose every read, write and TLS handshake ends by the deadline.

    httpx's own timeouts apply to each network operation, so a server sending one header
    byte every few seconds would never trip them; here each operation gets only what is
    left of the whole read.
    """

    def __init__(self, stream: httpcore.NetworkStream, deadline: Deadline):
        self.stream = stream
        self.deadline = deadline

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self.stream.read(max_bytes, self.deadline.left(timeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self.stream.write(buffer, self.deadline.left(timeout))

    def close(self) -> None:
        self.stream.close()

    def start_tls(self, ssl_context, server_hostname=None, timeout=None):
        secured = self.stream.start_tls(ssl_context, server_hostname, self.deadline.left(timeout))
        return DeadlineStream(secured, self.deadline)

    def get_extra_info(self, info: str):
        return self.stream.get_extra_info(info)


class NoSuchHost(FetchError):
    pass


def _resolve(host: str, port: int, deadline: Deadline) -> list[str]:
    """The host's addresses, looked up in a helper thread so the lookup obeys the deadline.

    getaddrinfo cannot be interrupted; a lookup still running at the deadline is left to
    finish on its own (its thread is a daemon and holds nothing).
    """
    answer: dict = {}

    def lookup():
        try:
            answer["infos"] = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (OSError, UnicodeError) as exc:
            answer["error"] = exc

    worker = threading.Thread(target=lookup, daemon=True, name="calendar-dns")
    worker.start()
    worker.join(deadline.left())
    if worker.is_alive():
        raise httpcore.ConnectTimeout("name lookup did not finish in time")
    if "error" in answer:
        raise NoSuchHost(
            _(
                "No server answers to the name in the address. Check it for typos, or copy it "
                "again from your calendar's settings."
            )
        )
    return list(dict.fromkeys(info[4][0] for info in answer["infos"]))


class GuardedBackend(httpcore.SyncBackend):
    """Resolves the host itself and connects only to addresses that pass `forbidden`,
    within the read's deadline."""

    def __init__(self, *, allow_private: bool, deadline: Deadline | None = None):
        self.allow_private = allow_private
        self.deadline = deadline or Deadline(settings.CALENDAR_FETCH_TIMEOUT)

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        addresses = _resolve(host, port, self.deadline)
        if not self.allow_private and any(forbidden(address) for address in addresses):
            raise RefusedAddress(
                _(
                    "The address points into a private network, which calendars may not be "
                    "read from."
                )
            )
        last_error: Exception | None = None
        for address in addresses:
            try:
                stream = super().connect_tcp(
                    address,
                    port,
                    timeout=self.deadline.left(timeout),
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except httpcore.ConnectError as exc:
                last_error = exc
            else:
                return DeadlineStream(stream, self.deadline)
        raise httpcore.ConnectError(f"cannot connect to {host}") from last_error


@functools.cache
def _ssl_context():
    # Loading the CA bundle costs tens of milliseconds: once per process, not per read.
    return httpx.create_ssl_context(trust_env=False)


class GuardedTransport(httpx.HTTPTransport):
    """httpx's own transport with its connection pool on the guarded backend."""

    def __init__(self, *, allow_private: bool, deadline: Deadline | None = None):
        super().__init__(verify=_ssl_context(), trust_env=False, retries=0)
        self._pool = httpcore.ConnectionPool(
            ssl_context=_ssl_context(),
            max_connections=4,
            retries=0,
            network_backend=GuardedBackend(allow_private=allow_private, deadline=deadline),
        )


def _strip_credentials(url: str) -> tuple[str, tuple[str, str] | None]:
    parts = urlsplit(url)
    if not parts.username:
        return url, None
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = f"{host}:{parts.port}" if parts.port else host
    clean = urlunsplit((parts.scheme, netloc, parts.path, parts.query, ""))
    return clean, (parts.username, parts.password or "")


def _origin(url: str) -> tuple[str, str, int | None]:
    parts = urlsplit(url)
    return parts.scheme, parts.hostname or "", parts.port


def fetch(url: str, *, etag: str = "", last_modified: str = "") -> Fetched:
    """GET the calendar at `url` under the guarantees above; FetchError on any failure."""
    url = normalise_url(url)
    check_url(url)
    url, auth = _strip_credentials(url)
    first_origin = _origin(url)
    deadline = Deadline(settings.CALENDAR_FETCH_TIMEOUT)
    headers = {"User-Agent": USER_AGENT, "Accept": "text/calendar, */*;q=0.5"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    timeout = httpx.Timeout(settings.CALENDAR_FETCH_TIMEOUT, connect=10.0)
    transport = GuardedTransport(
        allow_private=settings.CALENDAR_FETCH_ALLOW_PRIVATE, deadline=deadline
    )
    seen: set[str] = set()
    try:
        with httpx.Client(
            transport=transport, timeout=timeout, trust_env=False, follow_redirects=False
        ) as client:
            for _hop in range(MAX_REDIRECTS + 1):
                seen.add(url)
                same_origin = _origin(url) == first_origin
                request = client.build_request("GET", url, headers=headers)
                response = client.send(
                    request, stream=True, auth=auth if same_origin and auth else None
                )
                try:
                    if response.status_code in (301, 302, 303, 307, 308):
                        url = _next_hop(url, response.headers.get("Location", ""), seen)
                        continue
                    return _answer(response, deadline)
                finally:
                    response.close()
            raise FetchError(_("The address redirected too many times."))
    except FetchError:
        raise
    except (httpx.TimeoutException, httpcore.TimeoutException):
        raise FetchError(_("The calendar server took too long to answer.")) from None
    except (httpx.HTTPError, httpcore.ProtocolError, httpcore.NetworkError, OSError) as exc:
        raise _unreachable(exc, deadline) from None
    except (httpx.InvalidURL, ValueError):  # a redirect to an address httpx cannot request
        raise bad_host() from None


def _unreachable(exc: Exception, deadline: Deadline) -> FetchError:
    """The photographer's sentence for a connection that failed, from its cause."""
    if deadline.passed:
        return FetchError(_("The calendar server took too long to answer."))
    causes = []
    cause: BaseException | None = exc
    while cause is not None and len(causes) < 10:
        causes.append(cause)
        cause = cause.__cause__ or cause.__context__
    if any(isinstance(c, ssl.SSLCertVerificationError) for c in causes):
        return FetchError(
            _(
                "The calendar server's security certificate is not valid, so it was not "
                "trusted. Check the address, or ask the calendar's provider."
            )
        )
    if any(isinstance(c, (httpx.ConnectError, httpcore.ConnectError)) for c in causes):
        return FetchError(
            _(
                "The calendar server could not be reached. Check the address; if it is "
                "right, the server may be down for a while."
            )
        )
    return FetchError(
        _(
            "The calendar server broke off its answer or sent something that is not a "
            "calendar. It will be tried again at the next read."
        )
    )


def _next_hop(url: str, location: str, seen: set[str]) -> str:
    if not location:
        raise FetchError(_("The calendar server sent a redirect without an address."))
    target = normalise_url(urljoin(url, location))
    check_url(target)
    if urlsplit(url).scheme == "https" and urlsplit(target).scheme != "https":
        raise FetchError(_("The address redirected from https to an insecure address."))
    if target in seen:
        raise FetchError(_("The address redirects in a loop."))
    return target


def _answer(response: httpx.Response, deadline: Deadline) -> Fetched:
    if response.status_code == 304:
        return Fetched(unchanged=True)
    if response.status_code in (401, 403, 404, 410):
        raise FetchError(
            _(
                "The calendar server says the address is not valid (HTTP %(status)d); it may "
                "have been reset. Copy the secret address again."
            )
            % {"status": response.status_code}
        )
    if response.status_code != 200:
        raise FetchError(
            _("The calendar server answered with an error (HTTP %(status)d).")
            % {"status": response.status_code}
        )
    limit = settings.CALENDAR_FETCH_MAX_BYTES
    too_big = FetchError(
        _("The calendar file is larger than %(mb)d MB.") % {"mb": max(1, limit // 1_000_000)}
    )
    declared = response.headers.get("Content-Length", "")
    if declared.isdigit() and int(declared) > limit:
        raise too_big
    chunks: list[bytes] = []
    size = 0
    for chunk in response.iter_bytes():
        size += len(chunk)
        if size > limit:
            raise too_big
        if deadline.passed:
            raise FetchError(_("The calendar server took too long to answer."))
        chunks.append(chunk)
    return Fetched(
        unchanged=False,
        body=b"".join(chunks),
        etag=response.headers.get("ETag", "")[:500],
        last_modified=response.headers.get("Last-Modified", "")[:100],
    )
