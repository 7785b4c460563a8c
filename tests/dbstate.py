"""State between tests: what each test forgets, and rows a whole module may share.

Sharing rows: a module-scoped fixture makes them inside `rows_for_module()`, an open
transaction; each test's own transaction (pytest-django's `db`) is then a savepoint in
it and is rolled back as usual, so the tests stay isolated from one another, and the
module's rows are rolled back after its last test. For data that costs seconds to make
(the 2,000 bookings of tests/dashboard/test_queries.py), made once instead of per test.
"""

from contextlib import contextmanager

from django.db import transaction


def forget_caches() -> None:
    """Forget what earlier tests kept: the cache and the page versions held in memory."""
    from django.core.cache import cache

    from studio import content

    cache.clear()
    content._recent.pages.clear()
    content._memo.clear()


@contextmanager
def rows_for_module(django_db_blocker):
    """Rows made inside last until the block ends, then are rolled back."""
    with django_db_blocker.unblock(), transaction.atomic():
        try:
            yield
        finally:
            transaction.set_rollback(True)


@contextmanager
def undone():
    """Whatever the block writes is rolled back at its end (a savepoint)."""
    with transaction.atomic():
        try:
            yield
        finally:
            transaction.set_rollback(True)
