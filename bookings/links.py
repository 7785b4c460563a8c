"""Pages of the layers above bookings that its pages, redirects and emails point to.

The arrows run one way, so bookings never names a URL of payments or the dashboard. Those
apps say here, in their AppConfig.ready(), where each page is; bookings asks by purpose.
A purpose nobody provides has no page: `path_to` answers None and the link is left out.
"""

from collections.abc import Callable

DEPOSIT = "deposit"  # the client's deposit page, by manage token (payments)
STAFF_BOOKING = "staff_booking"  # one booking in the back office, by reference (dashboard)
STAFF_HOME = "staff_home"  # the back office's first page (dashboard)

_pages: dict[str, Callable[..., str]] = {}


def provide(purpose: str, path: Callable[..., str]) -> None:
    """Register how to build the path of `purpose`'s page; called from an upper AppConfig."""
    _pages[purpose] = path


def path_to(purpose: str, *args) -> str | None:
    """The site-relative path of `purpose`'s page for `args`, or None when none is provided."""
    build = _pages.get(purpose)
    return build(*args) if build else None
