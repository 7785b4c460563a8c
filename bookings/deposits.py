"""What the payments app answers for bookings, which sits below it: whether a session
type's deposit is paid online when booking, and how a page that leads on to that payment
is served. Payments fills both in its AppConfig.ready(); without it nobody pays online.
"""

from collections.abc import Callable

from django.http import HttpResponse

from studio.models import SessionType

_takes_online: Callable[[SessionType], bool] = lambda session_type: False  # noqa: E731
_leading_to_payment: Callable[[HttpResponse], HttpResponse] = lambda response: response  # noqa: E731


def provide(
    *,
    takes_online: Callable[[SessionType], bool],
    leading_to_payment: Callable[[HttpResponse], HttpResponse],
) -> None:
    """Called once by the payments app."""
    global _takes_online, _leading_to_payment
    _takes_online, _leading_to_payment = takes_online, leading_to_payment


def takes_deposit_online(session_type: SessionType) -> bool:
    """Clients pay this session type's deposit by card when they book."""
    return _takes_online(session_type)


def leading_to_payment(response: HttpResponse) -> HttpResponse:
    """`response`, allowed to lead its forms on to the payment page."""
    return _leading_to_payment(response)
