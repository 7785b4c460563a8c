"""Rendering the studio's own messages: alerts about what a client did, and the digest.

Addressed to the studio's alert address only (never to a client); an alert about a
booking has the client as Reply-To, so answering it reaches them. Same layout rules as
the client emails (`emails`): a plain-text and an HTML part, user text auto-escaped in
HTML and flattened by `one_line` in headers, absolute links from SITE_URL.
"""

from __future__ import annotations

from email.utils import format_datetime, formataddr, make_msgid

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import ngettext

from studio import formatting
from studio.formatting import clock, long_date
from studio.models import SessionKind, StudioProfile
from studio.site import absolute_url, site_host

from . import links
from .clashes import mark_clashes
from .email_facts import booking_facts
from .emails import STYLE, from_address, one_line, tidy_text
from .intake import describe_answers
from .models import Booking, Reminder
from .next_steps import map_url, place_of
from .reminder_kinds import SPECS
from .selectors import sessions_on

Kind = Reminder.Kind


def _staff_url(purpose: str, *args) -> str:
    """The back office's page for an alert, absolute; empty when no back office is installed."""
    path = links.path_to(purpose, *args)
    return absolute_url(path) if path else ""


def alert_facts(booking: Booking, studio: StudioProfile) -> dict:
    """What the studio needs to know about one booking: the facts every email states
    (`email_facts`) and what only the studio sees (contact, answers, its own page)."""
    facts = booking_facts(booking, studio)
    client = booking.client
    intake = booking.intake
    kinds = dict(SessionKind.choices)
    place = place_of(
        on_location=booking.on_location, location=booking.location, studio_address=studio.address
    )
    return {
        **facts,
        "client_email": client.email or "",
        # No email on file: nothing reminds them but the studio's call.
        "call_to_remind": not client.email,
        "client_phone": client.phone,
        "session": booking.session_type.name,
        "zone": facts["zone_abbr"],
        "status": booking.get_status_display(),
        "place": place if booking.on_location else "",
        "map_url": map_url(place) if booking.on_location else "",
        "purpose": booking.purpose,
        "deposit": facts["deposit_amount"],
        "recommended": str(kinds.get(intake.recommended_kind, "")) if intake else "",
        "reasons": [str(reason) for reason in intake.reasons] if intake else [],
        "answers": describe_answers(intake.answers) if intake else [],
        "dashboard_url": _staff_url(links.STAFF_BOOKING, booking.reference),
    }


def _base_context(studio: StudioProfile) -> dict:
    return {
        "style": STYLE,
        "studio": studio,
        "studio_name": one_line(studio.name),
        "site_url": settings.SITE_URL,
        "site_host": site_host(),
    }


def alert_context(reminder: Reminder, studio: StudioProfile) -> dict:
    """Everything an alert about a booking shows."""
    booking = reminder.booking
    facts = alert_facts(booking, studio)
    context = {
        **_base_context(studio),
        "kind": reminder.kind,
        "alert": facts,
        "client_line": one_line(facts["client_name"], limit=60),
        "session": one_line(facts["session"], limit=80),
        "short_date": facts["short_date"],
        "start_time": facts["start_time"],
    }
    if reminder.kind == Kind.ALERT_MOVED and reminder.previous_start:
        before = reminder.previous_start.astimezone(studio.tz)
        context["previous"] = {
            "date": long_date(before),
            "start_time": clock(before, studio),
            "zone": before.tzname(),
        }
    if reminder.kind == Kind.ALERT_CANCELLED:
        context["cancel_reason"] = booking.cancel_reason
    return context


def digest_context(
    reminder: Reminder, studio: StudioProfile, bookings: list[Booking] | None = None
) -> dict:
    """The digest: the day's sessions in order, each with what the client told the wizard.

    `bookings` defaults to the day's active bookings as they are now.
    """
    day = reminder.digest_day
    saved = bookings is None  # else unsaved samples, which clash with nothing
    if saved:
        bookings = mark_clashes(sessions_on(day, studio))  # with the calendars' busy time
    sessions = []
    for booking in bookings:
        facts = alert_facts(booking, studio)
        # The studio's private notes beside the client's own, as on the booking page.
        facts["private_notes"] = booking.private_notes
        facts["client_private_notes"] = booking.client.private_notes
        facts["clashes"] = [
            {
                "calendar": interval.calendar.name,
                "start": clock(interval.start.astimezone(studio.tz), studio),
                "end": clock(interval.end.astimezone(studio.tz), studio),
            }
            for interval in (booking.calendar_clashes if saved else [])
        ]
        sessions.append(facts)
    unpaid = sum(1 for facts in sessions if facts["deposit"] and not facts["deposit_paid"])
    count = len(sessions)
    day_label = formatting.day_label(day)
    return {
        **_base_context(studio),
        "kind": reminder.kind,
        "day": day_label,
        "sessions": sessions,
        "count": count,
        "unpaid": unpaid,
        "dashboard_url": _staff_url(links.STAFF_HOME),
        "digest_subject": ngettext(
            "%(day)s: %(count)d session", "%(day)s: %(count)d sessions", count
        )
        % {"day": day_label, "count": count},
    }


def build_studio_message(
    reminder: Reminder,
    *,
    studio: StudioProfile | None = None,
    sessions: list[Booking] | None = None,
) -> EmailMultiAlternatives:
    """The studio's message for this outbox row, addressed to the studio alone.

    `sessions`: the digest's bookings when given (samples); else read when rendering.
    """
    studio = studio or StudioProfile.load()
    spec = SPECS[reminder.kind]
    if not spec.for_studio:
        raise ValueError(f"{reminder.kind} is not a studio message")
    with translation.override(settings.LANGUAGE_CODE), timezone.override(studio.tz):
        if reminder.kind == Kind.DIGEST:
            context = digest_context(reminder, studio, sessions)
        else:
            context = alert_context(reminder, studio)
        context["subject"] = one_line(spec.subject(context))
        text = tidy_text(render_to_string(spec.text_template, context))
        html = render_to_string(spec.html_template, context)
    reply_to = []
    if reminder.booking is not None:
        client = reminder.booking.client
        if client.email:
            reply_to = [formataddr((one_line(client.name), client.email))]
    message = EmailMultiAlternatives(
        subject=context["subject"],
        body=text,
        from_email=from_address(studio),
        to=[studio.alert_recipient],
        reply_to=reply_to,
        headers={
            "Date": format_datetime(timezone.now().astimezone(studio.tz)),
            "Message-ID": reminder.message_id or make_msgid(domain=context["site_host"]),
            "Auto-Submitted": "auto-generated",
            "X-Auto-Response-Suppress": "All",
        },
    )
    message.attach_alternative(html, "text/html")
    return message
