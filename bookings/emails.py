"""Rendering every message a booking sends: subject, plain-text and HTML parts, .ics.

Templates live in templates/emails/: one HTML layout (base.html, table-based with
inline styles so mail clients that drop <style> still show it, and no images) and
one text layout (base.txt), and a pair <kind>.html / <kind>.txt per message. Times
are the studio's wall-clock times with the zone named; every link is absolute, built
from settings.SITE_URL. User text reaches the HTML only through auto-escaping or the
guides' sanitiser, and reaches headers only after `one_line` has flattened it.
"""

import re
from dataclasses import dataclass
from datetime import datetime
from email.mime.text import MIMEText
from email.utils import format_datetime, formataddr, make_msgid, parseaddr

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from guides.markdown import markdown_to_text, render_markdown
from guides.models import Guide, Tip
from guides.selectors import tips_for
from studio.formatting import DAY, clock, day_and_clock, long_date, money
from studio.models import SessionType, StudioProfile
from studio.site import absolute, site_host
from studio.text import CONTROL_CHARS

from .calendar import booking_ics
from .email_facts import booking_facts
from .email_parts import days_until
from .models import Booking, Reminder
from .next_steps import true_here
from .reminder_kinds import SPECS

Kind = Reminder.Kind

# Styles written inline by the templates (constants, never user text).
STYLE = {
    "h1": "margin:0 0 16px;font-family:Georgia,'Times New Roman',serif;font-size:24px;"
    "line-height:1.3;font-weight:normal;color:#1f1d1b;",
    "h2": "margin:28px 0 10px;font-family:Georgia,'Times New Roman',serif;font-size:19px;"
    "line-height:1.3;font-weight:normal;color:#7a3b2e;",
    "h3": "margin:18px 0 6px;font-size:16px;line-height:1.4;color:#1f1d1b;",
    "p": "margin:0 0 14px;",
    "muted": "margin:0 0 14px;color:#5a5550;font-size:14px;",
    "link": "color:#7a3b2e;text-decoration:underline;",
    "button": "display:inline-block;padding:12px 22px;background:#7a3b2e;color:#ffffff;"
    "border-radius:6px;text-decoration:none;font-weight:bold;",
    "box": "margin:0 0 18px;padding:16px 18px;background:#faf8f5;border:1px solid #e9e1d6;"
    "border-radius:6px;",
    "note": "margin:0 0 14px;padding:12px 16px;border-left:4px solid #7a3b2e;background:#fbf3ee;",
    "label": "padding:4px 12px 4px 0;color:#5a5550;font-size:14px;vertical-align:top;"
    "white-space:nowrap;",
    "value": "padding:4px 0;vertical-align:top;",
}
STYLE = {name: mark_safe(css) for name, css in STYLE.items()}  # noqa: S308 - constants

_RELATIVE_HREF = re.compile(r'href="/(?!/)')


def one_line(text: str, *, limit: int = 200) -> str:
    """Text safe for a header: control characters and line breaks become single spaces."""
    flat = " ".join(CONTROL_CHARS.sub(" ", str(text or "")).split())
    return flat[:limit].rstrip()


@dataclass(frozen=True)
class RenderedTip:
    category: str
    title: str
    html: str
    text: str
    place: str = "any"  # Tip.Place: where it makes sense
    act_days_before: int = 0  # whole days before the session it must be started on


class Renderer:
    """Builds messages for one studio, caching tips and guides across a batch."""

    def __init__(self, studio: StudioProfile | None = None):
        self.studio = studio or StudioProfile.load()
        self._tips: dict[tuple, list[RenderedTip]] = {}
        self._guides: dict[str, Guide | None] = {}
        self._links: dict[tuple, dict[str, str]] = {}
        self._markdown: dict[str, tuple[str, str]] = {}

    def message(self, reminder: Reminder) -> EmailMultiAlternatives:
        return build_message(
            reminder.kind,
            reminder.booking,
            renderer=self,
            message_id=reminder.message_id,
            previous_start=reminder.previous_start,
        )

    def tips(self, kind: str, categories: tuple[str, ...]) -> list[RenderedTip]:
        """The kind's tips flagged for reminders, grouped in the order `categories` names."""
        key = (kind, categories)
        if key not in self._tips:
            labels = dict(Tip.Category.choices)
            tips = tips_for(kind, categories, for_reminders=True)
            tips.sort(key=lambda tip: categories.index(tip.category))  # stable: keeps the order
            self._tips[key] = [
                RenderedTip(
                    category=str(labels.get(tip.category, tip.category)),
                    title=tip.title,
                    html=_absolute_links(render_markdown(tip.body)),
                    text=_plain(tip.body),
                    place=tip.place,
                    act_days_before=tip.act_days_before,
                )
                for tip in tips
            ]
        return self._tips[key]

    def links(self, session_type: SessionType, guide: Guide | None) -> dict[str, str]:
        """The links that depend only on the session type and its guide (cached)."""
        key = (session_type.slug, guide.slug if guide else "")
        if key not in self._links:
            guide_url = absolute("guides:detail", guide.slug) if guide else absolute("guides:list")
            self._links[key] = {
                "session_url": absolute("sessions:detail", session_type.slug),
                "book_url": absolute("bookings:book", session_type.slug),
                "guide_url": guide_url,
                "checklist_url": absolute("guides:checklist", guide.slug) if guide else guide_url,
            }
        return self._links[key]

    def markdown(self, text: str) -> tuple[str, str]:
        """A Markdown text as (sanitised HTML with absolute links, plain text), cached."""
        if text not in self._markdown:
            html = _absolute_links(render_markdown(text)) if text else ""
            self._markdown[text] = (html, _plain(text) if text else "")
        return self._markdown[text]

    def guide(self, kind: str) -> Guide | None:
        if kind not in self._guides:
            guides = Guide.objects.filter(is_published=True, kind__in=[kind, ""])
            by_kind = sorted(guides, key=lambda guide: (guide.kind != kind, guide.order, guide.pk))
            self._guides[kind] = by_kind[0] if by_kind else None
        return self._guides[kind]


def _plain(markdown_text: str) -> str:
    """Markdown as plain text, paragraphs apart (a text part reads like a letter)."""
    return re.sub(r"\n\s*\n*", "\n\n", markdown_to_text(markdown_text))


def _absolute_links(html: str) -> str:
    return mark_safe(_RELATIVE_HREF.sub(f'href="{settings.SITE_URL}/', html))  # noqa: S308


def context_for(kind: str, booking: Booking, renderer: Renderer) -> dict:
    """Everything the templates of `kind` show, as plain values (no relation walking)."""
    studio = renderer.studio
    session_type = booking.session_type
    client = booking.client
    guide = renderer.guide(session_type.kind)
    links = renderer.links(session_type, guide)
    facts = booking_facts(booking, studio)
    zone_name = studio.time_zone.replace("_", " ")
    context = {
        **facts,
        "kind": kind,
        "style": STYLE,
        "studio": studio,
        "studio_name": one_line(studio.name),
        "address_lines": [line.strip() for line in studio.address.splitlines() if line.strip()],
        "directions": studio.directions,
        "booking": booking,
        "first_name": (client.name.split() or [client.name])[0],
        "session": one_line(session_type.name),
        "session_type": session_type,
        "what_happens": true_here(session_type.what_happens, on_location=booking.on_location),
        "price_amount": money(booking.price),
        "balance_amount": money(booking.price - booking.deposit),
        "change_notice_hours": booking.change_notice_hours,
        "change_deadline": day_and_clock(
            booking.change_deadline.astimezone(studio.tz), studio, DAY
        ),
        # Booked inside the notice (or sent after it), the deadline is worded as passed.
        "change_deadline_passed": timezone.now() >= booking.change_deadline,
        "place": booking.place,
        "days_until": max(days_until(booking, studio.tz), 0),
        "is_pending": booking.status == Booking.Status.PENDING,
        "manage_url": absolute("bookings:manage", booking.manage_token),
        "guide": guide,
        **links,
        "site_url": settings.SITE_URL,
        "site_host": site_host(),
        "wardrobe_days": studio.wardrobe_days_before,
        "zone": f"{facts['zone_abbr']}, {zone_name}",
        "zone_name": zone_name,
    }
    # An online deposit's payment row (the payments app's, read through its relation).
    payment = getattr(booking, "payment", None) if booking.deposit_online else None
    paid_at = getattr(payment, "paid_at", None) if booking.deposit_paid else None
    context["deposit_paid_on"] = long_date(paid_at.astimezone(studio.tz)) if paid_at else ""
    for part in SPECS[kind].context:
        context.update(part(booking, renderer))
    context["subject"] = one_line(SPECS[kind].subject(context))
    return context


def tidy_text(text: str) -> str:
    lines = [line.rstrip() for line in text.strip().splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)) + "\n"


def from_address(studio: StudioProfile) -> str:
    _name, address = parseaddr(settings.DEFAULT_FROM_EMAIL)
    return formataddr((one_line(studio.name), address or settings.DEFAULT_FROM_EMAIL))


def _ics_part(booking: Booking, method: str, studio: StudioProfile) -> MIMEText:
    ics = booking_ics(booking, method=method, studio=studio)
    part = MIMEText(ics.decode("utf-8"), "calendar", "utf-8")
    part.set_param("method", method)
    filename = "cancelled-session.ics" if method == "CANCEL" else "session.ics"
    part.add_header("Content-Disposition", "attachment", filename=filename)
    return part


def build_message(
    kind: str,
    booking: Booking,
    *,
    renderer: Renderer | None = None,
    message_id: str = "",
    previous_start: datetime | None = None,
) -> EmailMultiAlternatives:
    """The full message of `kind` about `booking`, ready for any Django email backend.

    `previous_start` is the time a moved session had before (the "moved" email names it)."""
    spec = SPECS[kind]
    if spec.for_studio:
        raise ValueError(f"{kind} is for the studio; studio_emails builds it")
    renderer = renderer or Renderer()
    studio = renderer.studio
    with translation.override(settings.LANGUAGE_CODE), timezone.override(studio.tz):
        context = context_for(kind, booking, renderer)
        if previous_start:
            before = previous_start.astimezone(studio.tz)
            context["previous_date"] = long_date(before)
            context["previous_time"] = clock(before, studio)
        text = tidy_text(render_to_string(spec.text_template, context))
        html = render_to_string(spec.html_template, context)
    client = booking.client
    reply_to = studio.email or parseaddr(settings.DEFAULT_FROM_EMAIL)[1]
    message = EmailMultiAlternatives(
        subject=context["subject"],
        body=text,
        from_email=from_address(studio),
        to=[formataddr((one_line(client.name), client.email))],
        reply_to=[formataddr((one_line(studio.name), reply_to))],
        headers={
            # Django's own Date is UTC written as "-0000", RFC 5322's "offset unknown".
            "Date": format_datetime(timezone.now().astimezone(studio.tz)),
            "Message-ID": message_id or make_msgid(domain=context["site_host"]),
            "Auto-Submitted": "auto-generated",
            "X-Auto-Response-Suppress": "All",
        },
    )
    message.attach_alternative(html, "text/html")
    method = spec.ics_method
    if method and not (kind != Kind.CANCELLED and booking.status == Booking.Status.PENDING):
        message.attach(_ics_part(booking, method, studio))
    return message
