"""The photographer books a client (phone, email, walk-in) through the booking services."""

from django.contrib import messages
from django.db import transaction
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from bookings import services
from bookings.models import Client
from studio.formatting import day_and_clock

from .. import audit
from ..access import staff_required
from ..booking_forms import ClientSearchForm, NewBookingForm, new_key
from ..models import StaffAction
from ..selectors.calendar import day_calendar, opening_hours
from ..selectors.clients import client_matches
from ._params import day_or, time_or

# GET parameters a link may pre-fill the form with (the calendar, the agenda, a client).
PREFILL = ("date", "time", "client", "type")
CREATED_FIELDS = ("session_type", "start", "end", "status", "people", "deposit_paid")


def _initial(request) -> dict:
    """What the links that lead here pre-fill; anything unreadable is simply left out."""
    get = request.GET
    initial = {"key": new_key(), "notify": True, "people": 1}
    if day := day_or(get.get("date"), None):
        initial["date"] = day
    if at := time_or(get.get("time")):
        initial["time"] = at
    if client_id := _pk(get.get("client")):
        initial["client"] = Client.objects.filter(pk=client_id).first()
    if type_id := _pk(get.get("type")):
        initial["session_type"] = type_id
    return initial


def _pk(value: str | None) -> int | None:
    """A plausible primary key (ASCII digits, within any integer column), else None."""
    if value and len(value) <= 9 and value.isascii() and value.isdigit():
        return int(value)
    return None


def _book(form, actor) -> services.BookingError | None:
    """One call to the booking service; its refusal goes on the form, never a 500."""
    data = form.cleaned_data
    client = data["client"]
    details = services.ClientDetails(data["name"], data["email"], data["phone"])
    try:
        with transaction.atomic():
            form.booked = services.book_for_studio(
                session_type=data["session_type"],
                start=data["start"],
                client=None if client else details,
                existing_client=client,
                people=data["people"],
                notes=data["notes"],
                on_location=data["on_location"],
                location=data["location"],
                deposit_paid=data["deposit_paid"],
                notify=data["notify"],
                idempotency_key=f"dash-{data['key']}",
                allow=form.allowed(),
                on_file=data["on_file"] or "ask",
            )
            booking = form.booked.booking
            # The same form sent twice returns the first booking (its key): one row only.
            if not StaffAction.objects.filter(
                action="booking.created", target_id=str(booking.pk), client_id=booking.client_id
            ).exists():
                audit.record(
                    actor=actor,
                    action="booking.created",
                    target=booking,
                    after=audit.values(booking, CREATED_FIELDS),
                )
    except services.ClientOnFile as exc:
        form.email_on_file = exc  # the page shows both records and asks
        return exc
    except services.NeedsOverride as exc:
        form.ask_override(exc)
        return exc
    except services.BookingError as exc:
        form.add_error(None, exc.message)
        return exc
    return None


@staff_required
def booking_new(request):
    form = NewBookingForm(request.POST or None, initial=_initial(request))
    refusal = None
    if request.method == "POST" and form.is_valid() and form.cleaned_data["on_file"] != "back":
        refusal = _book(form, request.user)
        if refusal is None:
            messages.success(request, _booked_message(form.booked, request.studio))
            return redirect("dashboard:booking", form.booked.booking.reference)
    search = ClientSearchForm(request.GET or None)
    query = search.cleaned_data["q"] if search.is_valid() else ""
    status = 409 if isinstance(refusal, services.SlotTaken | services.ClientOnFile) else 400
    if refusal is None and not form.errors:
        status = 200
    context = _context(request, form, query, refusal)
    return render(
        request, "dashboard/booking_new.html", {**context, "search": search}, status=status
    )


def _context(request, form, query, refusal) -> dict:
    """The page around the form: the client chosen or found, and the chosen day."""
    values = form.cleaned_data if form.is_bound else form.initial
    chosen = values.get("client")
    day = values.get("date") or timezone.localdate()
    matches = client_matches(query, limit=10) if query else []
    return {
        "form": form,
        "query": query,
        "matches": [client for client in matches if not chosen or client.pk != chosen.pk],
        "chosen": chosen,
        "clash": getattr(refusal, "clashing", None),
        "prefill": {key: request.GET[key] for key in PREFILL if request.GET.get(key)},
        "day": day_calendar(day=day, today=timezone.localdate(), tz=request.studio.tz),
        "hours": opening_hours(day),
    }


def _booked_message(booked: services.Booked, studio) -> str:
    booking = booked.booking
    when = day_and_clock(timezone.localtime(booking.start), studio)
    text = _("Booked %(ref)s: %(name)s, %(when)s.") % {
        "ref": booking.reference,
        "name": booking.client.name,
        "when": when,
    }
    if booked.overridden:
        text += " " + _("Booked anyway: %(rules)s.") % {"rules": _(", ").join(booked.overridden)}
    return text
