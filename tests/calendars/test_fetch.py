"""calendars.fetch against a real HTTP server on loopback: limits, redirects, SSRF guard."""

import logging
import socket
import threading
import time

import httpcore
import pytest

from calendars import addresses
from calendars import fetch as fetching
from calendars.addresses import FetchError, RefusedAddress, check_url, forbidden, normalise_url
from calendars.fetch import GuardedBackend, fetch

from .server import feed


def test_reads_a_calendar_and_its_validators(feeds):
    feeds.static("/basic.ics", feed("google.ics"))
    got = fetch(feeds.url("/basic.ics"))
    assert not got.unchanged and got.body == feed("google.ics")
    assert got.etag == '"v1"' and got.last_modified.endswith("GMT")


def test_conditional_request_gets_304_as_unchanged(feeds):
    feeds.static("/basic.ics", feed("google.ics"))
    got = fetch(feeds.url("/basic.ics"), etag='"v1"', last_modified="Fri, 01 Mar 2030 07:00:00 GMT")
    assert got.unchanged and got.body == b""
    sent = feeds.hits("/basic.ics")[0]["headers"]
    assert sent["If-None-Match"] == '"v1"'
    assert sent["If-Modified-Since"] == "Fri, 01 Mar 2030 07:00:00 GMT"


def test_webcal_is_read_as_https():
    assert normalise_url("webcal://p01-caldav.icloud.com/published/2/abc") == (
        "https://p01-caldav.icloud.com/published/2/abc"
    )


def test_follows_a_redirect_and_checks_the_new_address(feeds):
    feeds.static("/new.ics", feed("icloud.ics"))
    feeds.redirect("/old.ics", "/new.ics", status=301)
    assert fetch(feeds.url("/old.ics")).body == feed("icloud.ics")


def test_redirect_loop_is_an_error(feeds):
    feeds.redirect("/a.ics", "/b.ics")
    feeds.redirect("/b.ics", "/a.ics")
    with pytest.raises(FetchError, match="loop"):
        fetch(feeds.url("/a.ics"))


def test_too_many_redirects_is_an_error(feeds):
    for hop in range(10):
        feeds.redirect(f"/hop{hop}.ics", f"/hop{hop + 1}.ics")
    with pytest.raises(FetchError, match="too many"):
        fetch(feeds.url("/hop0.ics"))


def test_a_fifty_megabyte_answer_is_refused_by_its_length(feeds):
    feeds.huge("/big.ics", 50, declare_length=True)
    with pytest.raises(FetchError, match="larger than 10 MB"):
        fetch(feeds.url("/big.ics"))


def test_a_fifty_megabyte_answer_without_a_length_stops_at_the_limit(feeds):
    feeds.huge("/big.ics", 50, declare_length=False)
    with pytest.raises(FetchError, match="larger than"):
        fetch(feeds.url("/big.ics"))


def test_a_slow_drip_hits_the_total_deadline(feeds, settings):
    settings.CALENDAR_FETCH_TIMEOUT = 1.0
    feeds.slow("/slow.ics", pause=0.2)
    with pytest.raises(FetchError, match="too long"):
        fetch(feeds.url("/slow.ics"))


def test_a_server_that_never_answers_times_out(feeds, settings):
    settings.CALENDAR_FETCH_TIMEOUT = 0.5
    feeds.slow("/silent.ics", pause=3, before_headers=True)
    with pytest.raises(FetchError, match="too long"):
        fetch(feeds.url("/silent.ics"))


@pytest.mark.parametrize("status", [401, 403, 404, 410, 500, 503])
def test_http_errors_are_plain_errors(feeds, status):
    def answer(handler):
        handler.send_response(status)
        handler.send_header("Content-Length", "0")
        handler.end_headers()

    feeds.routes["/x.ics"] = answer
    with pytest.raises(FetchError, match=f"HTTP {status}"):
        fetch(feeds.url("/x.ics"))


def test_nothing_listening_is_a_plain_error(feeds):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(FetchError, match="could not be reached"):
        fetch(f"http://127.0.0.1:{port}/x.ics")


def test_no_proxy_or_credentials_from_the_environment_are_used(feeds, monkeypatch, tmp_path):
    netrc = tmp_path / ".netrc"
    netrc.write_text("machine 127.0.0.1 login studio password hunter2\n")
    monkeypatch.setenv("NETRC", str(netrc))
    monkeypatch.setenv("HTTP_PROXY", "http://127.0.0.1:9")  # would fail if it were used
    monkeypatch.setenv("ALL_PROXY", "http://127.0.0.1:9")
    feeds.static("/basic.ics", feed("google.ics"))
    assert fetch(feeds.url("/basic.ics")).body
    assert "Authorization" not in feeds.hits("/basic.ics")[0]["headers"]


def test_credentials_in_the_address_go_to_its_host_only(feeds):
    feeds.static("/private.ics", feed("google.ics"))
    feeds.redirect("/away.ics", f"http://localhost:{feeds.port}/private.ics")
    fetch(f"http://jo:secret@127.0.0.1:{feeds.port}/away.ics")
    assert "Authorization" in feeds.hits("/away.ics")[0]["headers"]
    assert "Authorization" not in feeds.hits("/private.ics")[0]["headers"]


# The server-side request guard -------------------------------------------------------


@pytest.mark.parametrize(
    "address",
    [
        "127.0.0.1",
        "127.1.2.3",
        "::1",
        "10.0.0.5",
        "172.16.0.1",
        "192.168.1.10",
        "169.254.169.254",  # cloud metadata
        "100.100.100.200",  # shared address space (a metadata service elsewhere)
        "fd00:ec2::254",
        "fe80::1",
        "0.0.0.0",  # noqa: S104 - an address refused, not bound
        "::ffff:127.0.0.1",
        "224.0.0.1",
    ],
)
def test_private_loopback_link_local_and_metadata_addresses_are_forbidden(address):
    assert forbidden(address)


@pytest.mark.parametrize("address", ["8.8.8.8", "142.250.74.46", "2a00:1450:4009:81f::200e"])
def test_public_addresses_are_allowed(address):
    assert not forbidden(address)


def test_loopback_is_refused_with_the_setting_off(feeds, settings):
    feeds.static("/basic.ics", feed("google.ics"))
    settings.CALENDAR_FETCH_ALLOW_PRIVATE = False
    with pytest.raises(FetchError, match="https"):  # plain http is refused first
        fetch(feeds.url("/basic.ics"))
    with pytest.raises(RefusedAddress):  # and https to loopback never connects
        fetch(f"https://127.0.0.1:{feeds.port}/basic.ics")
    with pytest.raises(RefusedAddress):  # nor does a name that resolves to loopback
        fetch(f"https://localhost:{feeds.port}/basic.ics")
    with pytest.raises(RefusedAddress):
        fetch("https://169.254.169.254/latest/meta-data/")
    assert feeds.hits("/basic.ics") == []


def test_every_redirect_hop_is_checked(feeds, settings, monkeypatch):
    # The first hop (127.0.0.1) stands in for a public host; the redirect points into
    # a private address, which the guard must refuse without connecting.
    settings.CALENDAR_FETCH_ALLOW_PRIVATE = False
    monkeypatch.setattr(addresses, "allowed_schemes", lambda: ("https", "http"))
    monkeypatch.setattr(fetching, "forbidden", lambda address: address != "127.0.0.1")
    feeds.redirect("/public.ics", "http://10.1.2.3/internal.ics")
    with pytest.raises(RefusedAddress):
        fetch(feeds.url("/public.ics"))
    assert len(feeds.hits("/public.ics")) == 1


def test_the_guard_is_the_backend_that_makes_connections():
    transport = fetching.GuardedTransport(allow_private=False)
    backend = transport._pool._network_backend
    assert isinstance(backend, GuardedBackend)
    with pytest.raises(RefusedAddress):
        backend.connect_tcp("127.0.0.1", 80, timeout=1)


def test_a_name_that_does_not_resolve_is_a_plain_error():
    with pytest.raises(FetchError, match="No server answers to the name"):
        GuardedBackend(allow_private=False).connect_tcp("no-such-host.invalid", 443, timeout=1)


def test_the_secret_address_is_not_logged(feeds, caplog):
    feeds.static("/secret-token-abc/basic.ics", feed("google.ics"))
    with caplog.at_level("DEBUG", logger="calendars"):
        fetch(feeds.url("/secret-token-abc/basic.ics"))
    assert logging.getLogger("httpx").getEffectiveLevel() >= logging.WARNING
    assert "secret-token-abc" not in caplog.text


# IPv6 addresses that carry an IPv4 address (issue 25): judged by what they lead to.


@pytest.mark.parametrize(
    ("address", "refused"),
    [
        ("::7f00:1", True),  # IPv4-compatible 127.0.0.1
        ("::a9fe:a9fe", True),  # IPv4-compatible 169.254.169.254
        ("::ffff:127.0.0.1", True),  # IPv4-mapped
        ("::ffff:10.0.0.1", True),
        ("::ffff:0:7f00:1", True),  # IPv4-translated (SIIT) 127.0.0.1
        ("64:ff9b::a9fe:a9fe", True),  # NAT64 to the metadata service
        ("64:ff9b::c0a8:101", True),  # NAT64 to 192.168.1.1
        ("64:ff9b:1::a9fe:a9fe", True),  # NAT64 for local use: the operator's own network
        ("2002:7f00:1::", True),  # 6to4 of 127.0.0.1
        ("2002:a9fe:a9fe::1", True),  # 6to4 of 169.254.169.254
        ("2002:c0a8:101::", True),  # 6to4 of 192.168.1.1
        ("2001:0:4136:e378:8000:63bf:80ff:fffe", True),  # Teredo, client 127.0.0.1
        ("2001:0:4136:e378:8000:63bf:3fff:fdd2", True),  # Teredo, any client
        ("::ffff:8.8.8.8", False),  # mapped, but a public address
        ("64:ff9b::808:808", False),  # NAT64 to 8.8.8.8
        ("2002:808:808::1", False),  # 6to4 of 8.8.8.8
        ("2a00:1450:4009:81f::200e", False),
    ],
)
def test_ipv6_addresses_are_judged_by_the_ipv4_address_they_carry(address, refused):
    assert forbidden(address) is refused


@pytest.mark.parametrize(
    "url",
    [
        "https://0177.0.0.1/c.ics",  # octal: 127.0.0.1 to a resolver
        "https://0x7f.1/c.ics",
        "https://2130706433/c.ics",
        "https://127.1/c.ics",
        "https://\uff11\uff12\uff17.0.0.1/c.ics",  # full-width digits
        "https://xn--/c.ics",
        "https://xn--zz/c.ics",
        "https://[::1/c.ics",
        "https://[fe80::1%25eth0]/c.ics",
        "https://exa mple.com/c.ics",
        "https://-calendar.example.com/c.ics",
        "https://calendar..example.com/c.ics",
        "https://example.com:99999/c.ics",
        "https:///c.ics",
    ],
)
def test_addresses_that_cannot_be_read_are_refused_before_any_request(url):
    with pytest.raises(FetchError) as refused:
        check_url(url)
    message = str(refused.value)
    assert message and "Error" not in message and "IDNA" not in message


@pytest.mark.parametrize(
    "url",
    [
        "https://calendar.google.com/calendar/ical/x%40group/private-abc/basic.ics",
        "https://p01-caldav.icloud.com/published/2/abc",
        "https://outlook.office365.com/owa/calendar/a@b.com/c/calendar.ics",
        "https://münchen.example/cal.ics",
        "https://8.8.8.8/cal.ics",
        "https://[2a00:1450:4009:81f::200e]/cal.ics",
        "https://cal_dav.example.com:8443/x.ics",
        "https://calendar.example.com./x.ics",
    ],
)
def test_ordinary_addresses_pass_the_check(url):
    check_url(url)


def test_odd_addresses_are_refused_by_fetch_too_never_with_a_raw_exception(settings):
    settings.CALENDAR_FETCH_ALLOW_PRIVATE = True  # the check, not the guard, refuses them
    for url in ("https://0177.0.0.1/c.ics", "https://xn--/c.ics", "https://[::1"):
        with pytest.raises(FetchError):
            fetch(url)


def test_headers_sent_a_byte_at_a_time_hit_the_one_deadline(feeds, settings):
    settings.CALENDAR_FETCH_TIMEOUT = 1.0
    feeds.drip_headers("/drip.ics", pause=0.05)  # each byte well inside any read timeout
    began = time.monotonic()
    with pytest.raises(FetchError, match="too long"):
        fetch(feeds.url("/drip.ics"))
    # The whole drip takes over 12 s; stopping within a few seconds is the deadline (the
    # margin is for a busy machine, not for the reader).
    assert time.monotonic() - began < 6.0


def test_redirect_hops_share_the_one_deadline(feeds, settings):
    settings.CALENDAR_FETCH_TIMEOUT = 1.0
    # Each hop answers after 0.4 s: any one is quick, the chain is not.

    def slow_redirect(target):
        def answer(handler):
            time.sleep(0.4)
            handler.send_response(302)
            handler.send_header("Location", target)
            handler.send_header("Content-Length", "0")
            handler.end_headers()

        return answer

    for hop in range(4):
        feeds.routes[f"/hop{hop}.ics"] = slow_redirect(f"/hop{hop + 1}.ics")
    feeds.static("/hop4.ics", feed("google.ics"))  # answers 304: no body to time out on
    began = time.monotonic()
    with pytest.raises(FetchError, match="too long"):
        fetch(feeds.url("/hop0.ics"), etag='"v1"')
    assert time.monotonic() - began < 6.0  # the raise is the proof; this only bounds it


def test_the_name_lookup_counts_against_the_deadline(monkeypatch):
    # A resolver that never answers: the lookup is abandoned at the deadline.
    release = threading.Event()
    monkeypatch.setattr(fetching.socket, "getaddrinfo", lambda *a, **k: release.wait(10))
    backend = GuardedBackend(allow_private=False, deadline=fetching.Deadline(0.3))
    began = time.monotonic()
    try:
        with pytest.raises(httpcore.TimeoutException):
            backend.connect_tcp("calendar.example.com", 443, timeout=10)
    finally:
        release.set()
    assert time.monotonic() - began < 5.0  # the resolver would hold 10 s without the deadline


def test_connection_errors_are_worded_without_exception_names(feeds):
    def broken(handler):
        handler.wfile.write(b"NOT HTTP AT ALL\r\n\r\n")
        handler.close_connection = True

    feeds.routes["/broken.ics"] = broken
    with pytest.raises(FetchError) as failed:
        fetch(feeds.url("/broken.ics"))
    assert "broke off" in str(failed.value)
    assert "Protocol" not in str(failed.value) and "Error" not in str(failed.value)
