"""Two clients, one time, on real PostgreSQL: a booking awaiting its deposit holds the
time against everyone until the hold runs out, then the time is anyone's again."""

import threading
from datetime import timedelta

import pytest
from django.db import IntegrityError, connection, transaction

from bookings import services
from bookings.models import Booking
from bookings.services import ClientDetails, SlotTaken, book
from payments import services as payments
from studio.models import SessionType
from tests.bookings.booking_setup import NOW, headshot, open_studio, wednesday
from tests.factories import BookingFactory

pytestmark = [pytest.mark.postgres, pytest.mark.django_db(transaction=True)]

THREADS = 12


@pytest.fixture
def online(stripe_api):
    open_studio()
    return headshot(deposit=50, deposit_method=SessionType.DepositMethod.ONLINE)


def race(session_type, count, *, now):
    barrier = threading.Barrier(count)
    won, taken, failed = [], [], []
    lock = threading.Lock()

    def attempt(index):
        try:
            barrier.wait(timeout=30)
            booking = book(
                session_type=session_type,
                start=wednesday("10:00"),
                client=ClientDetails(f"Client {index}", f"client{index}@example.com"),
                now=now,
            )
            with lock:
                won.append(booking)
        except SlotTaken as exc:
            with lock:
                taken.append(exc)
        except Exception as exc:  # noqa: BLE001 - any other outcome fails the test
            with lock:
                failed.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=attempt, args=(i,)) for i in range(count)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    return won, taken, failed


def test_awaiting_payment_holds_the_time_until_the_hold_expires(online):
    won, taken, failed = race(online, THREADS, now=NOW)
    assert failed == [] and len(won) == 1 and len(taken) == THREADS - 1
    first = won[0]
    assert first.status == Booking.Status.AWAITING_PAYMENT
    # While the hold lasts, the second client is refused with other times to choose.
    with pytest.raises(SlotTaken) as refused:
        book(
            session_type=online,
            start=wednesday("10:00"),
            client=ClientDetails("Second", "second@example.com"),
            now=NOW + timedelta(minutes=29),
        )
    assert refused.value.nearest
    # The hold runs out: the sweep releases the time, and the second client books it.
    assert payments.sweep(now=NOW + timedelta(minutes=31)).released == 1
    assert Booking.objects.get(pk=first.pk).status == Booking.Status.EXPIRED
    won, taken, failed = race(online, THREADS, now=NOW + timedelta(minutes=32))
    assert failed == [] and len(won) == 1 and len(taken) == THREADS - 1
    assert won[0].pk != first.pk


def test_the_database_itself_refuses_a_second_booking_over_a_hold(online):
    held = book(
        session_type=online,
        start=wednesday("10:00"),
        client=ClientDetails("First", "first@example.com"),
        now=NOW,
    )
    with pytest.raises(IntegrityError), transaction.atomic():
        BookingFactory(
            session_type=online,
            start=held.start,
            status=Booking.Status.CONFIRMED,
        )
    services.expire_hold(booking=held, now=held.hold_until)
    BookingFactory(session_type=online, start=held.start, status=Booking.Status.CONFIRMED)
