"""What each kind of client email adds to the context every email shares.

A kind's `Spec.context` in `reminder_kinds` lists the parts it shows; each part takes
the booking and the batch's `emails.Renderer` (its cached guides, tips and links) and
returns plain values for the templates. A new kind picks its parts there, and a part
of its own goes here.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.conf import settings
from django.utils import timezone
from django.utils.translation import gettext as _

from guides.models import Tip
from studio.formatting import clock, day_label
from studio.models import SessionType
from studio.site import absolute_url

from . import next_steps
from .intake.advice import Advice, advice_for
from .links import DEPOSIT, path_to
from .models import Booking

if TYPE_CHECKING:
    from .emails import RenderedTip, Renderer


def days_until(booking: Booking, tz) -> int:
    """Whole days from today to the session's day, on the studio's calendar."""
    start_day = booking.start.astimezone(tz).date()
    return (start_day - timezone.now().astimezone(tz).date()).days


def followable(tips: list[RenderedTip], booking: Booking, renderer: Renderer) -> list[RenderedTip]:
    """The tips that fit the booking's place and can still be followed today (a haircut a
    week before is no use in an email sent two days before)."""
    here = Tip.Place.LOCATION if booking.on_location else Tip.Place.STUDIO
    days = days_until(booking, renderer.studio.tz)
    return [
        tip for tip in tips if tip.place in (Tip.Place.ANY, here) and tip.act_days_before <= days
    ]


def steps(booking: Booking, renderer: Renderer) -> dict:
    """What happens next: deposit, guide, map and add-to-calendar links."""
    studio = renderer.studio
    guide = renderer.guide(booking.session_type.kind)
    found = next_steps.for_booking(booking, studio=studio, guide=guide, site_url=settings.SITE_URL)
    return {"next": found, "map_url": found.map_url}


def cancellation(booking: Booking, renderer: Renderer) -> dict:
    """Who cancelled, why, and what becomes of a deposit paid online."""
    return {
        "cancelled_by_studio": booking.cancelled_by == "studio",
        "cancel_reason": booking.cancel_reason,
        "deposit_online": booking.deposit_online,
        "deposit_refund_due": booking.deposit_refund_due,
    }


def finish_paying(booking: Booking, renderer: Renderer) -> dict:
    """The link back to the deposit's payment page, and until when the time is held."""
    held = (booking.hold_until or booking.start).astimezone(renderer.studio.tz)
    return {
        "pay_url": absolute_url(path_to(DEPOSIT, booking.manage_token)),
        "hold_until": clock(held, renderer.studio),
    }


def relative_day(booking: Booking, renderer: Renderer) -> dict:
    """ "today", "tomorrow" or "on Friday 12 June", from the studio's today."""
    tz = renderer.studio.tz
    days = days_until(booking, tz)
    if days == 0:
        return {"relative_day": _("today")}
    if days == 1:
        return {"relative_day": _("tomorrow")}
    day = day_label(booking.start.astimezone(tz))
    return {"relative_day": _("on %(day)s") % {"day": day}}


def preparation(booking: Booking, renderer: Renderer) -> dict:
    """The guide's introduction, what to bring and when, and the wardrobe tips' titles."""
    kind = booking.session_type.kind
    guide = renderer.guide(kind)
    intro_html, intro_text = renderer.markdown(guide.intro if guide else "")
    return {
        "guide_intro_html": intro_html,
        "guide_intro_text": intro_text,
        "bring_groups": grouped(
            followable(
                renderer.tips(kind, (Tip.Category.BRING, Tip.Category.TIMING)), booking, renderer
            )
        ),
        # The titles of what the wardrobe email will say (those needing days come in full
        # under act_now instead).
        "wardrobe_titles": [
            tip.title
            for tip in followable(renderer.tips(kind, (Tip.Category.WARDROBE,)), booking, renderer)
            if tip.act_days_before <= _days_at_wardrobe(booking, renderer)
        ],
    }


# Categories the preparation email does not otherwise show (it lists what to bring and the
# timing tips in full).
_LATER_CATEGORIES = (
    Tip.Category.GROOMING,
    Tip.Category.WARDROBE,
    Tip.Category.RELAXATION,
    Tip.Category.POSES,
    Tip.Category.COLLABORATION,
)


def _days_at_wardrobe(booking: Booking, renderer: Renderer) -> int:
    """Whole days left when the wardrobe email goes (or now, if it goes at once)."""
    days = days_until(booking, renderer.studio.tz)
    return min(days, renderer.studio.wardrobe_days_before)


def _later_tips(booking: Booking, renderer: Renderer) -> list[RenderedTip]:
    tips = renderer.tips(booking.session_type.kind, _LATER_CATEGORIES)
    return followable(tips, booking, renderer)


def act_now(booking: Booking, renderer: Renderer) -> dict:
    """The tips that must be started before the next email would bring them (a haircut
    settles in a week; the wardrobe notes come two days before), while still followable."""
    later = _days_at_wardrobe(booking, renderer)
    return {"act_now": [t for t in _later_tips(booking, renderer) if t.act_days_before > later]}


def urgent(booking: Booking, renderer: Renderer) -> dict:
    """For a booking made inside the preparation window, the confirmation carries the tips
    that need days at once (none for a booking made well ahead)."""
    studio = renderer.studio
    if days_until(booking, studio.tz) > studio.preparation_days_before:
        return {"act_now": []}
    # A tip needing one day still fits in the emails to come; these need more.
    return {"act_now": [t for t in _later_tips(booking, renderer) if t.act_days_before > 1]}


def wardrobe(booking: Booking, renderer: Renderer) -> dict:
    """The kind's wardrobe and grooming tips, grouped."""
    categories = (Tip.Category.WARDROBE, Tip.Category.GROOMING)
    tips = renderer.tips(booking.session_type.kind, categories)
    return {"tip_groups": grouped(followable(tips, booking, renderer))}


def calm(booking: Booking, renderer: Renderer) -> dict:
    """Three tips for a relaxed session."""
    tips = renderer.tips(booking.session_type.kind, (Tip.Category.RELAXATION,))
    return {"calm_tips": followable(tips, booking, renderer)[:3]}


def advice(booking: Booking, renderer: Renderer) -> dict:
    """The personal advice, split into what follows from the client's answers and the rest."""
    told, other = personal_advice(booking)
    return {"advice_told": told, "advice_other": other}


def grouped(tips: list[RenderedTip]) -> list[tuple[str, list[RenderedTip]]]:
    groups: dict[str, list[RenderedTip]] = {}
    for tip in tips:
        groups.setdefault(tip.category, []).append(tip)
    return list(groups.items())


def personal_advice(booking: Booking) -> tuple[list[Advice], list[Advice]]:
    """This booking's advice: (what follows from the client's answers, the rest).

    Decided in bookings.intake.advice from the wizard's answer codes and the booked
    session; worded in templates/emails/advice/.
    """
    intake = booking.intake  # fetched with the booking by the sender; None costs no query
    session_type = booking.session_type
    location = session_type.location
    if booking.on_location:
        location = SessionType.Location.LOCATION
    elif location == SessionType.Location.EITHER:
        location = SessionType.Location.STUDIO  # offered both, the client chose the studio
    found = advice_for(
        answers=intake.answers if intake is not None else None,
        kind=session_type.kind,
        people=booking.people,
        looks=session_type.looks,
        location=location,
        place=booking.place if booking.on_location else "",
        notes=booking.notes,
    )
    return [a for a in found if a.from_answers], [a for a in found if not a.from_answers]
