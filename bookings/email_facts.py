"""The facts about a booking that every email states, built once for the client's
emails (`emails`) and the studio's alerts and digest (`studio_emails`) alike: the day and
times in the studio's zone and clock, who, how many, the notes and the deposit."""

from studio.formatting import clock, long_date, money, short_date, weekday
from studio.models import StudioProfile

from .models import Booking


def booking_facts(booking: Booking, studio: StudioProfile) -> dict:
    """Plain values about `booking` (no relation walking beyond its client)."""
    tz = studio.tz
    start, end = booking.start.astimezone(tz), booking.end.astimezone(tz)
    return {
        "reference": booking.reference,
        "client_name": booking.client.name,
        "start_local": start,
        "date": long_date(start),
        "short_date": short_date(start),
        "weekday": weekday(start),
        "start_time": clock(start, studio),
        "end_time": clock(end, studio),
        "zone_abbr": start.tzname(),
        # Differs from zone_abbr when the clocks change during the session (01:30 BST to
        # 01:15 GMT); the templates then label each time with its own.
        "end_zone_abbr": end.tzname(),
        "people": booking.people,
        "notes": booking.notes,
        "deposit_amount": money(booking.deposit) if booking.deposit else "",
        "deposit_paid": booking.deposit_paid,
        "on_location": booking.on_location,
    }
