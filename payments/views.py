"""The client's deposit page, the page Checkout returns to, and Stripe's webhook.

Stripe's word changes a payment's state: its webhook, or, on the page Checkout returns
to, the answer Stripe gives when asked about the session named in the address (so a
client who paid sees "booked" even if the webhook is late). That GET records what Stripe
already did, once; it changes nothing else.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.http import Http404, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from bookings.models import Booking
from bookings.selectors import booking_for_token
from bookings.views.common import BOOK_RATE, booking_context, limit_posts
from studio.models import StudioProfile

from . import gateway, services
from .models import Payment
from .online import leading_to_checkout

log = logging.getLogger("payments")


class _SeeOther(HttpResponseRedirect):
    """After the POST, GET Stripe's page (a 302 lets some clients repeat the POST)."""

    status_code = 303


def _booking(token: str) -> Booking:
    booking = booking_for_token(token)
    if booking is None or not booking.deposit_online:
        raise Http404
    return booking


@require_http_methods(["GET", "POST"])
@limit_posts("booking", BOOK_RATE)
@never_cache
def deposit(request, token):
    booking = _booking(token)
    if request.method == "POST":
        if booking.status != Booking.Status.AWAITING_PAYMENT:
            return redirect("payments:deposit", token=token)
        try:
            payment = services.start_checkout(booking=booking)
        except services.PaymentError as exc:
            return _page(request, booking, error=exc.message, status=503)
        return _SeeOther(payment.checkout_url)
    return _page(request, booking, cancelled=request.GET.get("cancelled") == "1")


@require_GET
@never_cache
def returned(request, token):
    booking = _booking(token)
    session_id = request.GET.get("session_id", "")
    payment = Payment.objects.filter(booking=booking).first()
    if (
        payment is not None
        and session_id
        and session_id == payment.checkout_session_id
        and booking.status == Booking.Status.AWAITING_PAYMENT
    ):
        try:
            services.confirm_with_stripe(payment=payment)
        except gateway.GatewayError:
            log.warning("payments.return_check_failed", extra={"reference": booking.reference})
        else:
            booking.refresh_from_db()
    return _page(request, booking, returned=True)


def _page(request, booking, *, status=200, **extra):
    tz = StudioProfile.load().tz
    hold_until = booking.hold_until.astimezone(tz) if booking.hold_until else None
    payment = Payment.objects.filter(booking=booking).first()
    context = booking_context(
        request,
        booking,
        payment=payment,
        hold_until=hold_until,
        hold_left=booking.hold_until is not None and booking.hold_until > timezone.now(),
        balance=booking.price - booking.deposit,
        **extra,
    )
    response = render(request, "payments/deposit.html", context, status=status)
    if status == 503:
        response["Retry-After"] = "30"
    return leading_to_checkout(response)


@csrf_exempt
@require_POST
def stripe_webhook(request):
    if not settings.STRIPE_WEBHOOK_SECRET:
        return HttpResponse("Webhooks are not set up.", status=400, content_type="text/plain")
    try:
        services.handle_webhook(
            payload=request.body, signature=request.headers.get("Stripe-Signature")
        )
    except services.InvalidEvent:
        log.warning("payments.bad_signature")
        return HttpResponse("Invalid signature.", status=400, content_type="text/plain")
    return JsonResponse({"received": True})
