"""The session pages (/sessions/): the list, the headshot-or-portrait comparison and each
session type with a taste of its guide. They live in guides because the session page shows
guides, and the catalog below may not know of them."""

from dataclasses import dataclass

from django.shortcuts import get_object_or_404, render
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from studio.content import public_page
from studio.models import SessionKind, SessionType

from .selectors import group_by_category, guide_for_kind, tips_for


@dataclass(frozen=True)
class ComparisonPoint:
    topic: Promise
    headshot: Promise
    portrait: Promise


# The studio's own wording of the difference; the facts are common knowledge.
COMPARISON = [
    ComparisonPoint(
        _("Purpose"),
        _("To identify you and make a stranger trust you at a glance: this is who you will meet."),
        _(
            "To tell a story about you: what you care about, what you make, who you love. "
            "It invites people to look for longer."
        ),
    ),
    ComparisonPoint(
        _("Framing"),
        _("Tight: chest or shoulders up, so your face fills most of the picture."),
        _(
            "Looser: waist up, three-quarter or full length, with room for your hands, "
            "your posture and the place around you."
        ),
    ),
    ComparisonPoint(
        _("Number of people"),
        _(
            "One person per picture. Teams are photographed one by one in the same set-up "
            "so the whole page matches."
        ),
        _("One or several: couples, families, bands, business partners, friends."),
    ),
    ComparisonPoint(
        _("Backdrop"),
        _("Clean and neutral (grey, white or a quiet colour), so nothing competes with your face."),
        _(
            "A place that means something: your workshop, your kitchen table, a favourite "
            "street, or a styled set in the studio."
        ),
    ),
    ComparisonPoint(
        _("Light and mood"),
        _(
            "Bright, soft and even. Flattering, honest and approachable: you on a good day, "
            "looking at the viewer."
        ),
        _(
            "Shaped to create a feeling: window light, deep shadows, warm evening sun. "
            "The mood can be calm, tender, playful or dramatic."
        ),
    ),
    ComparisonPoint(
        _("Room for creativity"),
        _(
            "Deliberately consistent and easy to read. The variety comes from small changes "
            "of angle, expression and outfit."
        ),
        _(
            "Wide open. Props, poses, outfit changes, movement and styling are part of the "
            "plan we make together."
        ),
    ),
    ComparisonPoint(
        _("Where the picture lives"),
        _(
            "Mostly small and on screens: profile pictures, team pages, bylines, badges, "
            "casting sites, the corner of an email."
        ),
        _(
            "Often large and lasting: magazine pages, book covers, the top of a website, "
            "framed prints on a wall."
        ),
    ),
]


@public_page
def session_list(request):
    session_types = SessionType.objects.active()
    return render(request, "studio/session_list.html", {"session_types": session_types})


@public_page
def session_compare(request):
    by_kind: dict[str, list[SessionType]] = {}
    for session_type in SessionType.objects.active():
        by_kind.setdefault(session_type.kind, []).append(session_type)
    context = {
        "points": COMPARISON,
        "headshots": by_kind.get(SessionKind.HEADSHOT, []),
        "portraits": by_kind.get(SessionKind.PORTRAIT, []),
        "hybrids": by_kind.get(SessionKind.HYBRID, []),
    }
    return render(request, "studio/session_compare.html", context)


@public_page
def session_detail(request, slug):
    """A session type's page, with a taste of its preparation guide."""
    session_type = get_object_or_404(SessionType.objects.active(), slug=slug)
    sections = group_by_category(tips_for(session_type.kind))
    context = {
        "session_type": session_type,
        "guide": guide_for_kind(session_type.kind),
        # One tip from each category, as a taste of the full guide.
        "highlights": [section.tips[0] for section in sections],
    }
    return render(request, "studio/session_detail.html", context)
