"""Which calendar addresses may be read: checked when one is saved and again on every
connection and redirect (calendars/fetch.py). A host httpx could not request, a number
that is not a plain dotted IPv4 address (0177.0.0.1, 2130706433), and loopback, private,
link-local (cloud metadata), shared, multicast and reserved addresses, IPv6 forms of them
included, are refused unless CALENDAR_FETCH_ALLOW_PRIVATE is on. Every refusal is a
FetchError with a sentence for the photographer.
"""

from __future__ import annotations

import ipaddress
import re
from urllib.parse import urlsplit

import httpx
from django.conf import settings
from django.utils.translation import gettext as _


class FetchError(Exception):
    """The address could not be read; the message is for the photographer."""


class RefusedAddress(FetchError):
    pass


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


# A DNS label: letters, digits and inner hyphens (underscores too: some hosts use them).
LABEL = re.compile(r"^(?!-)[a-z0-9_-]{1,63}(?<!-)$")
# A last label like this makes the host a number to resolvers (inet_aton reads 0177.1,
# 0x7f.1 and 2130706433 as 127.0.0.1); only the plain dotted form is accepted.
NUMERIC = re.compile(r"^(0x[0-9a-f]*|[0-9]+)$")


def bad_host() -> FetchError:
    return FetchError(
        _(
            "The server name in the address is not valid. Copy the address again from your "
            "calendar's sharing settings."
        )
    )


def check_url(url: str) -> None:
    """FetchError unless `url` is an absolute address this reader may request."""
    try:
        parts = urlsplit(url)
        host = parts.hostname
        parts.port  # noqa: B018 - raises ValueError for a port out of range
    except ValueError:
        raise FetchError(
            _("The address is not written correctly. Copy it again from your calendar's settings.")
        ) from None
    if parts.scheme.lower() not in allowed_schemes():
        raise FetchError(_("The address must start with https:// or webcal://."))
    if not host:
        raise FetchError(_("The address has no server name after https://."))
    _check_host(host)
    try:
        httpx.URL(url)  # what the reader will request must be something httpx can request
    except (httpx.InvalidURL, ValueError):  # IDNAError is a ValueError (UnicodeError)
        raise bad_host() from None


def _check_host(host: str) -> None:
    if ":" in host:
        try:
            ipaddress.IPv6Address(host)
        except ValueError:
            raise bad_host() from None
        if "%" in host:  # a zone index (fe80::1%eth0) names one of this server's links
            raise bad_host()
        return
    labels = host.rstrip(".").split(".")
    if NUMERIC.match(labels[-1]):
        try:
            plain = str(ipaddress.IPv4Address(host)) == host
        except ValueError:
            plain = False
        if not plain:
            raise FetchError(
                _(
                    "“%(host)s” is not a server name or a plain IP address. Write the server's "
                    "name, like calendar.google.com."
                )
                % {"host": host[:60]}
            )
        return
    try:
        ascii_host = host.encode("idna").decode("ascii") if not host.isascii() else host
    except UnicodeError:
        raise bad_host() from None
    labels = ascii_host.rstrip(".").split(".")  # "example.com." is a full name
    if len(ascii_host) > 253 or not all(LABEL.match(label) for label in labels):
        raise bad_host()
    try:
        for label in labels:
            if label.startswith("xn--"):
                label.encode("ascii").decode("idna")  # an A-label must be real Punycode
    except UnicodeError:
        raise bad_host() from None


# IPv6 ranges that carry an IPv4 address in their last 32 bits: IPv4-compatible (::/96),
# IPv4-translated (SIIT) and NAT64's well-known prefix. A NAT64 gateway turns
# 64:ff9b::a9fe:a9fe into a connection to 169.254.169.254.
IPV4_IN_LOW_BITS = tuple(
    ipaddress.IPv6Network(net) for net in ("::/96", "::ffff:0:0:0/96", "64:ff9b::/96")
)
# NAT64 for local use: the prefix is the operator's own, so what it reaches is private.
LOCAL_NAT64 = ipaddress.IPv6Network("64:ff9b:1::/48")


def _embedded_ipv4(ip: ipaddress.IPv6Address) -> list[ipaddress.IPv4Address]:
    found = [v4 for v4 in (ip.ipv4_mapped, ip.sixtofour) if v4 is not None]
    if ip.teredo:
        found.extend(ip.teredo)  # the relay server and the client behind it
    if any(ip in net for net in IPV4_IN_LOW_BITS):
        found.append(ipaddress.IPv4Address(int(ip) & 0xFFFF_FFFF))
    return found


def forbidden(address: str) -> bool:
    """Whether `address` is one the server must not be made to reach.

    An IPv6 address is judged by itself and by every IPv4 address it carries (mapped,
    compatible, NAT64, 6to4, Teredo): each of those can lead to a private IPv4 host.
    """
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    if not ip.is_global or ip.is_multicast:
        return True
    if isinstance(ip, ipaddress.IPv6Address):
        if ip in LOCAL_NAT64:
            return True
        return any(not v4.is_global or v4.is_multicast for v4 in _embedded_ipv4(ip))
    return False
