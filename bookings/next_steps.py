"""What happens after booking: where to go, how to pay the deposit, calendar links.

Pure functions over plain values (`for_booking` only reads the objects it is given),
shared by the confirmation page and the confirmation
email, so both say the same thing. Links to map and calendar services carry only the
place, the session's name and times, never the client's details.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from urllib.parse import urlencode

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from studio.formatting import money

GOOGLE_CALENDAR = "https://calendar.google.com/calendar/render"
OUTLOOK_CALENDAR = "https://outlook.live.com/calendar/0/deeplink/compose"
MAPS = "https://www.google.com/maps/search/"


def address_of(text: str) -> str:
    """A multi-line address as one line, as map and calendar services want it."""
    return ", ".join(line.strip() for line in (text or "").splitlines() if line.strip())


def place_of(*, on_location: bool, location: str, studio_address: str) -> str:
    """Where the session happens: the client's place on location, else the studio."""
    return address_of(location) if on_location else address_of(studio_address)


def map_url(address: str) -> str:
    """A maps search for an address ("" without one)."""
    if not address.strip():
        return ""
    return f"{MAPS}?{urlencode({'api': '1', 'query': address})}"


# The studio writes its deposit instructions once, for a studio session booked well ahead.
# A sentence naming the studio as the place to pay is dropped for a session on location,
# and one giving days to pay is dropped when the session comes sooner (the template then
# asks for the deposit before the session instead).
_AT_THE_STUDIO = re.compile(r"\b(at|in|to) the studio\b", re.IGNORECASE)
_WITHIN_DAYS = re.compile(r"\bwithin (\w+) (?:working |business )?days?\b", re.IGNORECASE)
_NUMBERS = {
    word: number
    for number, word in enumerate(
        "zero one two three four five six seven eight nine ten eleven twelve thirteen "
        "fourteen".split()
    )
}


def _sentences(text: str) -> list[str]:
    return [part for part in re.split(r"(?<=[.!?])\s+", text.strip()) if part]


def _days_in(sentence: str) -> int | None:
    found = _WITHIN_DAYS.search(sentence)
    if not found:
        return None
    word = found.group(1).lower()
    return int(word) if word.isdigit() else _NUMBERS.get(word)


def true_here(text: str, *, on_location: bool) -> str:
    """The studio's own text without the sentences that place a session on location in the
    studio ("opens with headshots in the studio")."""
    if not on_location:
        return text.strip()
    return "\n".join(
        " ".join(s for s in _sentences(paragraph) if not _AT_THE_STUDIO.search(s))
        for paragraph in text.strip().split("\n")
    ).strip()


def deposit_instructions_for(
    text: str, *, on_location: bool, time_left: timedelta
) -> tuple[str, bool]:
    """The studio's deposit instructions as true for this booking, and whether a time to
    pay in them was taken out because the session comes before it ends."""
    kept, dropped_days = [], False
    for paragraph in text.strip().split("\n"):
        sentences = []
        for sentence in _sentences(paragraph):
            if on_location and _AT_THE_STUDIO.search(sentence):
                continue
            days = _days_in(sentence)
            if days is not None and time_left < timedelta(days=days):
                # Only the time to pay goes: the rest (how to pay) still holds.
                sentence = re.sub(r"\s{2,}", " ", _WITHIN_DAYS.sub("", sentence))
                sentence = re.sub(r"\s+([.,;])", r"\1", sentence).strip()
                dropped_days = True
            sentences.append(sentence)
        kept.append(" ".join(sentences))
    return "\n".join(kept).strip(), dropped_days


def _utc_stamp(moment: datetime) -> str:
    return moment.astimezone(UTC).strftime("%Y%m%dT%H%M%SZ")


def google_calendar_url(
    *, title: str, start: datetime, end: datetime, details: str = "", location: str = ""
) -> str:
    """An "add to Google Calendar" link for an event (times in UTC, so any zone reads it)."""
    params = {
        "action": "TEMPLATE",
        "text": title,
        "dates": f"{_utc_stamp(start)}/{_utc_stamp(end)}",
        "details": details,
        "location": location,
    }
    return f"{GOOGLE_CALENDAR}?{urlencode({k: v for k, v in params.items() if v})}"


def outlook_calendar_url(
    *, title: str, start: datetime, end: datetime, details: str = "", location: str = ""
) -> str:
    """An "add to Outlook" (Outlook.com and Microsoft 365 on the web) link for an event."""
    params = {
        "path": "/calendar/action/compose",
        "rru": "addevent",
        "subject": title,
        "startdt": start.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "enddt": end.astimezone(UTC).isoformat().replace("+00:00", "Z"),
        "body": details,
        "location": location,
    }
    return f"{OUTLOOK_CALENDAR}?{urlencode({k: v for k, v in params.items() if v})}"


@dataclass(frozen=True)
class NextSteps:
    """What the client does next, as plain values a template shows."""

    deposit_due: str  # the amount still to pay as a deposit, formatted ("" when none)
    deposit_instructions: str  # the studio's own words, those true here ("" when none)
    deposit_before_session: bool  # the studio's time to pay ends after the session starts
    place: str  # one line
    map_url: str
    on_location: bool
    guide_url: str
    guide_title: str
    ics_url: str
    google_url: str
    outlook_url: str


def next_steps(
    *,
    title: str,
    start: datetime,
    end: datetime,
    on_location: bool,
    location: str,
    studio_address: str,
    deposit: Decimal,
    deposit_paid: bool,
    deposit_text: str,
    deposit_instructions: str,
    guide_url: str,
    guide_title: str,
    ics_url: str,
    manage_url: str,
    now: datetime | None = None,
) -> NextSteps:
    """The next steps after booking; `deposit_text` is `deposit` already formatted."""
    place = place_of(on_location=on_location, location=location, studio_address=studio_address)
    details = _("Reschedule or cancel: %(url)s") % {"url": manage_url} if manage_url else ""
    event = {"title": title, "start": start, "end": end, "details": details, "location": place}
    due = deposit > 0 and not deposit_paid
    instructions, before_session = deposit_instructions_for(
        deposit_instructions if due else "",
        on_location=on_location,
        time_left=start - (now or timezone.now()),
    )
    return NextSteps(
        deposit_due=deposit_text if due else "",
        deposit_instructions=instructions,
        deposit_before_session=before_session,
        place=place,
        map_url=map_url(place),
        on_location=on_location,
        guide_url=guide_url,
        guide_title=guide_title,
        ics_url=ics_url,
        google_url=google_calendar_url(**event),
        outlook_url=outlook_calendar_url(**event),
    )


def for_booking(booking, *, studio, guide, site_url: str) -> NextSteps:
    """The next steps for a booking (its session type loaded), the studio and the kind's guide.

    Reads only the objects given; `guide` is None when no guide is published.
    """
    guide_path = reverse("guides:detail", args=[guide.slug]) if guide else reverse("guides:list")
    return next_steps(
        title=f"{booking.session_type.name} · {studio.name}",
        start=booking.start,
        end=booking.end,
        on_location=booking.on_location,
        location=booking.location,
        studio_address=studio.address,
        deposit=booking.deposit,
        deposit_paid=booking.deposit_paid,
        deposit_text=money(booking.deposit) if booking.deposit else "",
        deposit_instructions=studio.deposit_instructions,
        guide_url=site_url + guide_path,
        guide_title=guide.title if guide else "",
        ics_url=site_url + reverse("bookings:manage_ics", args=[booking.manage_token]),
        manage_url=site_url + reverse("bookings:manage", args=[booking.manage_token]),
    )
