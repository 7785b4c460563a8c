"""The site's own address, from settings.SITE_URL: for links in emails, calendar files and
feeds, which are read away from any request."""

from urllib.parse import urlparse

from django.conf import settings
from django.urls import reverse


def absolute_url(path: str) -> str:
    """`path` (site-relative, starting with /) as an absolute URL."""
    return settings.SITE_URL + path


def absolute(name: str, *args) -> str:
    """The absolute URL of the view `name` with `args`."""
    return absolute_url(reverse(name, args=args))


def site_host() -> str:
    """The site's host name, for Message-IDs, calendar UIDs and footers."""
    return urlparse(settings.SITE_URL).hostname or "studio.invalid"
