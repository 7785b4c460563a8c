"""The studio's row shared by everything one request does (StudioProfile.load()).

Pages, context processors, forms and services each ask for the studio; inside a request
they get one row, read once. The scope opens and closes with Django's request signals
(studio.apps) and is dropped when the row is saved or deleted. Outside a request (tasks,
commands, tests calling services) nothing is shared: every load() reads the row.
"""

import threading

_scope = threading.local()
_OUTSIDE = object()


def open_scope() -> None:
    _scope.profile = None


def close_scope() -> None:
    _scope.profile = _OUTSIDE


def shared():
    """The row already read in this request, else None."""
    profile = getattr(_scope, "profile", _OUTSIDE)
    return None if profile is _OUTSIDE else profile


def share(profile) -> None:
    """Keep `profile` for the rest of the request, when inside one."""
    if getattr(_scope, "profile", _OUTSIDE) is None:
        _scope.profile = profile


def forget() -> None:
    """Drop the kept row, so the next load() reads the saved one."""
    if getattr(_scope, "profile", _OUTSIDE) is not _OUTSIDE:
        _scope.profile = None
