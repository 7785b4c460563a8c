"""Many clients at once on real PostgreSQL: exactly one of them gets a time.

Each thread has its own database connection and they all call services.book at the
same moment (a Barrier). The exclusion constraint, not luck, decides.
"""

import threading
from datetime import timedelta

import pytest
from django.db import connection

from bookings import availability, services
from bookings.models import Booking, Client
from bookings.services import ClientDetails, SlotTaken, book
from tests.bookings.booking_setup import NOW, headshot, open_studio, wednesday

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 24


@pytest.fixture
def session_type():
    open_studio()
    return headshot(buffer_before_minutes=15, buffer_after_minutes=15)


def race(starts, session_type, *, key=None):
    """Book each start from its own thread at once; returns (bookings, SlotTaken errors, other)."""
    barrier = threading.Barrier(len(starts))
    won, taken, failed = [], [], []
    lock = threading.Lock()

    def attempt(index, start):
        try:
            barrier.wait(timeout=30)
            booking = book(
                session_type=session_type,
                start=start,
                client=ClientDetails(f"Client {index}", f"client{index}@example.com"),
                idempotency_key=key,
                now=NOW,
            )
            with lock:
                won.append(booking)
        except SlotTaken as exc:
            with lock:
                taken.append(exc)
        except Exception as exc:  # noqa: BLE001 - any other outcome fails the test below
            with lock:
                failed.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(i, s)) for i, s in enumerate(starts)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return won, taken, failed


def test_many_clients_one_slot_exactly_one_wins(session_type):
    won, taken, failed = race([wednesday("10:00")] * THREADS, session_type)
    assert failed == []
    assert len(won) == 1
    assert len(taken) == THREADS - 1
    assert Booking.objects.filter(status__in=Booking.ACTIVE_STATUSES).count() == 1
    for exc in taken:
        assert "just taken" in exc.message
        assert exc.nearest, "every loser is offered other times"
        assert wednesday("10:00") not in exc.nearest
        for start in exc.nearest:  # and they really are clear of the winner's blocked time
            assert start + timedelta(minutes=75) <= won[0].blocked_start or (
                start - timedelta(minutes=15) >= won[0].blocked_end
            )


def test_overlapping_but_different_starts_also_lose(session_type):
    # Each of these overlaps every other's blocked time (60 min + 15 before + 15 after).
    starts = [wednesday(t) for t in ("09:30", "10:00", "10:30")] * 8
    won, taken, failed = race(starts, session_type)
    assert failed == []
    assert len(won) == 1
    assert len(taken) == len(starts) - 1
    assert Booking.objects.count() == 1


def test_double_submit_with_one_key_makes_one_booking(session_type):
    won, taken, failed = race([wednesday("10:00")] * 10, session_type, key="same-draft-key")
    assert failed == [] and taken == []
    assert {booking.pk for booking in won} == {Booking.objects.get().pk}


def test_database_refuses_an_overlap_that_got_past_the_python_check(session_type, monkeypatch):
    first = book(
        session_type=session_type,
        start=wednesday("10:00"),
        client=ClientDetails("Ada", "ada@example.com"),
        now=NOW,
    )
    monkeypatch.setattr(availability, "check_start", lambda *args, **kwargs: None)
    with pytest.raises(SlotTaken) as caught:
        book(
            session_type=session_type,
            start=wednesday("10:30"),
            client=ClientDetails("Bo", "bo@example.com"),
            now=NOW,
        )
    assert caught.value.nearest
    assert list(Booking.objects.all()) == [first]
    assert not Client.objects.filter(email="bo@example.com").exists()  # rolled back entirely


def test_a_reschedule_race_onto_the_same_time_has_one_winner(session_type):
    movers = [
        book(
            session_type=session_type,
            start=wednesday("09:00") + timedelta(days=day),
            client=ClientDetails(f"M{day}", f"m{day}@example.com"),
            now=NOW,
        )
        for day in (1, 2, 5, 6, 7, 8, 9, 12)  # weekdays after Wednesday 9 January
    ]
    barrier = threading.Barrier(len(movers))
    outcomes = []

    def move(booking):
        try:
            barrier.wait(timeout=30)
            services.reschedule(booking=booking, start=wednesday("14:00"), now=NOW)
            outcomes.append("moved")
        except SlotTaken:
            outcomes.append("taken")
        finally:
            connection.close()

    threads = [threading.Thread(target=move, args=(b,)) for b in movers]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert sorted(outcomes) == ["moved"] + ["taken"] * (len(movers) - 1)
    assert Booking.objects.filter(start=wednesday("14:00")).count() == 1


@pytest.mark.parametrize("round_", range(5))
def test_a_move_racing_twenty_new_bookings_for_its_time_has_one_winner(session_type, round_):
    # The mover's lock must cover its own booking only: locking the session type too
    # (select_related under select_for_update) deadlocked with the new bookings' key checks.
    target = wednesday("14:00") + timedelta(days=round_ % 2)
    mover = book(
        session_type=session_type,
        start=wednesday("09:00") + timedelta(days=7),
        client=ClientDetails("Mover", "mover@example.com"),
        now=NOW,
    )
    barrier = threading.Barrier(21)
    outcomes, failed = [], []
    lock = threading.Lock()

    def attempt(index):
        try:
            barrier.wait(timeout=30)
            if index == 0:
                services.reschedule(booking=mover, start=target, now=NOW)
                outcome = "moved"
            else:
                book(
                    session_type=session_type,
                    start=target,
                    client=ClientDetails(f"Client {index}", f"client{index}@example.com"),
                    now=NOW,
                )
                outcome = "booked"
        except SlotTaken:
            outcome = "taken"
        except Exception as exc:  # noqa: BLE001 - a deadlock or any other error fails below
            with lock:
                failed.append(exc)
            return
        finally:
            connection.close()
        with lock:
            outcomes.append(outcome)

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(21)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert failed == []
    assert outcomes.count("taken") == 20
    assert outcomes.count("moved") + outcomes.count("booked") == 1
    assert Booking.objects.filter(start=target, status__in=Booking.ACTIVE_STATUSES).count() == 1
