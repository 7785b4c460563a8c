"""Reading a calendar's secret address: a server-side request to a URL a person typed.

Guarantees, each tested in tests/calendars/test_fetch.py against a server on loopback:
- Every TCP connection, the first and each redirect hop, goes through `GuardedBackend`,
  which resolves the host itself and refuses loopback, private, link-local (cloud
  metadata), shared, multicast and reserved addresses unless CALENDAR_FETCH_ALLOW_PRIVATE
  is on; it connects to the address it checked, so a DNS answer cannot change between
  the check and the connection.
- Redirects are followed by hand (at most MAX_REDIRECTS), each hop re-checked; a loop
  or too many hops is an error. https may not be downgraded to http.
- A total deadline, a per-read timeout and a size limit on the decoded body.
- Conditional requests: If-None-Match / If-Modified-Since; a 304 is `unchanged`.
- Nothing from the environment is sent: no proxy, no .netrc, no cookies kept. Credentials
  written in the address itself go only to that address's own host.
Every failure is a FetchError with a sentence for the photographer.
"""

from __future__ import annotations

import functools
import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpcore
import httpx
from django.conf import settings
from django.utils.translation import gettext as _

MAX_REDIRECTS = 5
USER_AGENT = "StudioBooking-CalendarReader/1.0"


class FetchError(Exception):
    """The address could not be read; the message is for the photographer."""


class RefusedAddress(FetchError):
    pass


@dataclass(frozen=True)
class Fetched:
    unchanged: bool
    body: bytes = b""
    etag: str = ""
    last_modified: str = ""


def normalise_url(url: str) -> str:
    """webcal:// is read as https://; other schemes are left for `check_url` to judge."""
    url = (url or "").strip()
    lowered = url.lower()
    for prefix in ("webcal://", "webcals://"):
        if lowered.startswith(prefix):
            return "https://" + url[len(prefix) :]
    return url


def allowed_schemes() -> tuple[str, ...]:
    # Plain http only for self-hosted calendar servers on a private network (and tests).
    return ("https", "http") if settings.CALENDAR_FETCH_ALLOW_PRIVATE else ("https",)


def check_url(url: str) -> None:
    """FetchError unless `url` is an absolute address this reader may request."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in allowed_schemes():
        raise FetchError(_("The address must start with https:// or webcal://."))
    if not parts.hostname:
        raise FetchError(_("The address has no host name."))
    try:
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        raise FetchError(_("The address has an invalid port.")) from None


def forbidden(address: str) -> bool:
    """Whether `address` is one the server must not be made to reach."""
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if isinstance(ip, ipaddress.IPv6Address) and ip.ipv4_mapped:
        ip = ip.ipv4_mapped
    return not ip.is_global or ip.is_multicast


class GuardedBackend(httpcore.SyncBackend):
    """Resolves the host itself and connects only to addresses that pass `forbidden`."""

    def __init__(self, *, allow_private: bool):
        self.allow_private = allow_private

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        try:
            infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
        except (socket.gaierror, UnicodeError) as exc:
            raise httpcore.ConnectError(f"cannot resolve {host}") from exc
        addresses = list(dict.fromkeys(info[4][0] for info in infos))
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
                return super().connect_tcp(
                    address,
                    port,
                    timeout=timeout,
                    local_address=local_address,
                    socket_options=socket_options,
                )
            except httpcore.ConnectError as exc:
                last_error = exc
        raise httpcore.ConnectError(f"cannot connect to {host}") from last_error


@functools.cache
def _ssl_context():
    # Loading the CA bundle costs tens of milliseconds: once per process, not per read.
    return httpx.create_ssl_context(trust_env=False)


class GuardedTransport(httpx.HTTPTransport):
    """httpx's own transport with its connection pool on the guarded backend."""

    def __init__(self, *, allow_private: bool):
        super().__init__(verify=_ssl_context(), trust_env=False, retries=0)
        self._pool = httpcore.ConnectionPool(
            ssl_context=_ssl_context(),
            max_connections=4,
            retries=0,
            network_backend=GuardedBackend(allow_private=allow_private),
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
    deadline = time.monotonic() + settings.CALENDAR_FETCH_TIMEOUT
    headers = {"User-Agent": USER_AGENT, "Accept": "text/calendar, */*;q=0.5"}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    timeout = httpx.Timeout(settings.CALENDAR_FETCH_TIMEOUT, connect=10.0)
    transport = GuardedTransport(allow_private=settings.CALENDAR_FETCH_ALLOW_PRIVATE)
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
    except httpx.TimeoutException:
        raise FetchError(_("The calendar server took too long to answer.")) from None
    except (httpx.HTTPError, httpcore.ProtocolError, OSError) as exc:
        raise FetchError(
            _("The calendar server could not be reached (%(reason)s).")
            % {"reason": type(exc).__name__}
        ) from None


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


def _answer(response: httpx.Response, deadline: float) -> Fetched:
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
        if time.monotonic() > deadline:
            raise FetchError(_("The calendar server took too long to answer."))
        chunks.append(chunk)
    return Fetched(
        unchanged=False,
        body=b"".join(chunks),
        etag=response.headers.get("ETag", "")[:500],
        last_modified=response.headers.get("Last-Modified", "")[:100],
    )
