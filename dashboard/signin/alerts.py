"""Emails to the studio about its staff accounts: a sign-in from a browser not seen before
for that account, and a login locked after repeated failures.

They are plain transactional messages sent after the commit: the outbox's Reminder rows
belong to bookings. A failed send is logged as an error and never breaks the sign-in.
"""

import logging
import smtplib
from datetime import timedelta
from functools import partial

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone

from studio.formatting import day_and_clock
from studio.models import StudioProfile

from .policy import is_staff

logger = logging.getLogger(__name__)

COOKIE = "studio_browser"
SALT = "dashboard.signin.browser"
KEPT_ACCOUNTS = 10


def note_sign_in(request, response, *, user) -> bool:
    """Whether this browser signed in as `user` before; from now on it has (a signed,
    long-lived cookie naming the accounts, so nothing is stored per browser)."""
    signer = signing.TimestampSigner(salt=SALT)
    max_age = timedelta(days=settings.STUDIO_KNOWN_BROWSER_DAYS)
    try:
        value = signer.unsign(request.COOKIES.get(COOKIE, ""), max_age=max_age)
        seen = [int(part) for part in value.split(",") if part]
    except (signing.BadSignature, ValueError):
        seen = []
    known = user.pk in seen
    seen = [pk for pk in seen if pk != user.pk][-(KEPT_ACCOUNTS - 1) :] + [user.pk]
    response.set_cookie(
        COOKIE,
        signer.sign(",".join(map(str, seen))),
        max_age=int(max_age.total_seconds()),
        secure=settings.SESSION_COOKIE_SECURE,
        httponly=True,
        samesite="Lax",
    )
    return known


def _where(request) -> dict:
    return {
        "address": request.META.get("REMOTE_ADDR", ""),
        "browser": "".join(ch for ch in request.headers.get("User-Agent", "") if ch.isprintable())[
            :200
        ],
    }


def new_browser(request, *, user) -> None:
    """Tell the studio that a staff account signed in from a browser new to it."""
    if is_staff(user):
        _alert("new_browser", {"username": user.get_username(), **_where(request)})


def locked_out(request, *, username: str) -> None:
    """Tell the studio once per lock that an address was locked out of signing in."""
    where = _where(request) if request is not None else {"address": "", "browser": ""}
    minutes = int(settings.AXES_COOLOFF_TIME * 60)
    if cache.add(f"signin-locked:{where['address']}", 1, timeout=minutes * 60):
        _alert("locked_out", {"username": username[:150], "minutes": minutes, **where})


def _alert(kind: str, context: dict) -> None:
    studio = StudioProfile.load()
    if not studio.alert_recipient:
        return
    context = {
        **context,
        "studio": studio,
        "when": day_and_clock(timezone.localtime(timezone.now(), studio.tz), studio),
    }
    transaction.on_commit(partial(_send, kind, context, studio.alert_recipient))


def _send(kind: str, context: dict, to: str) -> None:
    subject = " ".join(render_to_string(f"dashboard/emails/{kind}_subject.txt", context).split())
    message = EmailMultiAlternatives(
        subject, render_to_string(f"dashboard/emails/{kind}.txt", context), to=[to]
    )
    html = render_to_string(f"dashboard/emails/{kind}.html", context)
    message.attach_alternative(html, "text/html")
    try:
        message.send()
    except (smtplib.SMTPException, OSError):
        logger.exception("The %s alert could not be sent to the studio", kind)
