"""Forms for the photographer's actions on one booking. The booking services do the writing."""

import secrets
from datetime import datetime
from decimal import Decimal

from django import forms
from django.core.validators import RegexValidator
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bookings.availability import OVERRIDABLE, Problem
from bookings.models import Booking, Client
from bookings.services import (
    CONTROL_CHARS,
    MAX_LOCATION,
    MAX_NAME,
    MAX_NOTES,
    MAX_PHONE,
    NeedsOverride,
)
from payments.models import MoneyEntry
from studio.models import SessionKind, SessionType
from studio.walltime import local_moment

NOTES_LIMIT = 5000

OVERRIDE_LABELS = {
    Problem.CLOSED: _("Book anyway, outside working hours"),
    Problem.NOTICE: _("Book anyway, inside the minimum notice"),
    Problem.TIME_OFF: _("Book anyway, during time off"),
    Problem.GROUP_SIZE: _("Book anyway, more people than the session takes"),
}
one_line = RegexValidator(CONTROL_CHARS, _("Keep this on one line."), inverse_match=True)


def clean_start(form, cleaned: dict) -> None:
    """Put the aware `start` of the form's date and time (studio zone) in `cleaned`,
    or an error beside the field at fault. The form has `now`."""
    start = local_moment(cleaned["date"], cleaned["time"], timezone.get_current_timezone())
    if start is None:
        form.add_error("time", _("That time does not exist on that day (the clocks change)."))
    elif start <= form.now:
        form.add_error("date", _("That time has already passed; choose a time ahead."))
    else:
        cleaned["start"] = start


class OverrideMixin:
    """An `allow` field: the rules the photographer ticked to book over ("book anyway").

    The boxes show only once a service has refused with NeedsOverride (ask_override),
    and then name exactly the rules in question; ticked ones stay on the page.
    """

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["allow"] = forms.TypedMultipleChoiceField(
            label=_("Book anyway"),
            choices=[(problem.value, OVERRIDE_LABELS[problem]) for problem in OVERRIDABLE],
            coerce=Problem,
            required=False,
            widget=forms.CheckboxSelectMultiple(attrs={"class": "form-check-input"}),
        )
        self.asked: list[Problem] = []

    def allowed(self) -> set[Problem]:
        return set(self.cleaned_data.get("allow") or ())

    def ask_override(self, refusal: NeedsOverride) -> None:
        self.asked = list(refusal.problems)
        self.add_error("allow", refusal.message)

    @property
    def override_boxes(self):
        """The boxes to show: those asked for now and those already ticked."""
        ticked = {str(value) for value in (self["allow"].value() or ())}
        wanted = {problem.value for problem in self.asked} | ticked
        return [box for box in self["allow"] if str(box.data["value"]) in wanted]


class StudioRescheduleForm(OverrideMixin, forms.Form):
    """A new start in the studio's zone: any minute, never a taken one; outside hours,
    inside the notice or in time off only with "book anyway"."""

    prefix = "move"  # the booking page holds several forms: ids must not repeat

    date = forms.DateField(
        label=_("New date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    time = forms.TimeField(
        label=_("New start time"),
        widget=forms.TimeInput(attrs={"type": "time", "step": 300}, format="%H:%M"),
    )
    notify = forms.BooleanField(
        label=_("Email the client the new time (with an updated calendar invitation)"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, now: datetime | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now or timezone.now()

    def clean(self):
        cleaned = super().clean()
        if not self.errors:
            clean_start(self, cleaned)
        return cleaned


class StudioCancelForm(forms.Form):
    prefix = "cancel"

    # Who wanted it decides the deposit: the client's request follows their policy; the
    # studio's own cancellation always refunds an online deposit in full.
    client_asked = forms.TypedChoiceField(
        label=_("Did the client ask to cancel?"),
        choices=[
            ("yes", _("Yes: the client asked (their deposit policy applies)")),
            ("no", _("No: the studio is cancelling (an online deposit is refunded in full)")),
        ],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
        error_messages={"required": _("Say whether the client asked for this cancellation.")},
    )
    notify = forms.BooleanField(
        label=_("Email the client that the session is cancelled"), required=False, initial=True
    )
    reason = forms.CharField(
        label=_("Reason (goes in the email when the client is told)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


class OutcomeForm(forms.Form):
    status = forms.ChoiceField(
        choices=[
            (Booking.Status.COMPLETED, _("Completed")),
            (Booking.Status.NO_SHOW, _("No-show")),
        ]
    )


class DepositForm(forms.Form):
    paid = forms.TypedChoiceField(
        choices=[("1", _("Paid")), ("0", _("Not paid"))], coerce=lambda value: value == "1"
    )


class PrivateNotesForm(forms.Form):
    prefix = "notes"

    private_notes = forms.CharField(
        label=_("Private notes (only the studio sees these)"),
        required=False,
        max_length=NOTES_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )


class ClientSearchForm(forms.Form):
    """The "find a client" box of the new booking page (GET)."""

    q = forms.CharField(
        label=_("Search clients"),
        help_text=_("By name, email address, phone number or booking reference."),
        max_length=100,
        required=False,
        validators=[one_line],
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )


def new_key() -> str:
    return secrets.token_urlsafe(18)


class NewBookingForm(OverrideMixin, forms.Form):
    """The photographer books a client: one found by the search, or a new one."""

    client = forms.ModelChoiceField(
        queryset=Client.objects.all(),
        required=False,
        widget=forms.HiddenInput,  # rendered by hand as radios beside the search results
        error_messages={
            "invalid_choice": _("Choose a client from the search results, or add a new one.")
        },
    )
    name = forms.CharField(label=_("Name"), max_length=MAX_NAME, required=False)
    email = forms.EmailField(
        label=_("Email"),
        required=False,
        help_text=_("Leave empty for a client without email: nothing will be emailed to them."),
    )
    phone = forms.CharField(
        label=_("Phone"), max_length=MAX_PHONE, required=False, validators=[one_line]
    )
    session_type = forms.ModelChoiceField(
        label=_("Session type"),
        queryset=SessionType.objects.active().order_by("order", "name"),
        empty_label=None,
        error_messages={"invalid_choice": _("Choose one of the sessions offered.")},
    )
    date = forms.DateField(
        label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
    )
    time = forms.TimeField(
        label=_("Start time"),
        widget=forms.TimeInput(attrs={"type": "time", "step": 300}, format="%H:%M"),
    )
    people = forms.IntegerField(
        label=_("People"), min_value=1, max_value=50, initial=1, widget=forms.NumberInput
    )
    notes = forms.CharField(
        label=_("Notes for the session"),
        required=False,
        max_length=MAX_NOTES,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("What the client told you; shown on the booking page."),
    )
    on_location = forms.BooleanField(
        label=_("On location"),
        required=False,
        help_text=_("For sessions that can happen away from the studio; adds the travel time."),
    )
    location = forms.CharField(
        label=_("Place"),
        max_length=MAX_LOCATION,
        required=False,
        validators=[one_line],
        help_text=_("An address or a description the client will recognise."),
    )
    deposit_paid = forms.BooleanField(label=_("The deposit is already paid"), required=False)
    notify = forms.BooleanField(
        label=_("Email the client a confirmation (with a calendar invitation)"),
        required=False,
        initial=True,
        help_text=_("Reminder emails before the session go out either way."),
    )
    key = forms.CharField(
        widget=forms.HiddenInput,
        max_length=64,
        validators=[RegexValidator(r"^[A-Za-z0-9_-]{16,64}$")],
        error_messages={"required": _("Please send the form again.")},
    )
    # The answer to "this email is on file": one of the buttons beside the two records.
    on_file = forms.ChoiceField(
        choices=[("use", "use"), ("update", "update"), ("back", "back")],
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args, now: datetime | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now or timezone.now()
        self.fields["name"].validators.append(one_line)
        self.email_on_file = None  # the ClientOnFile refusal, while the choice is asked

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("client") is None and "client" not in self.errors:
            if not cleaned.get("name") and "name" not in self.errors:
                self.add_error("name", _("Needed for a new client."))
            # A phone is enough: the studio then calls instead of emailing.
            if not (cleaned.get("email") or cleaned.get("phone")) and "email" not in self.errors:
                self.add_error("email", _("Give an email address or a phone number."))
        self._clean_place(cleaned)
        if "date" in cleaned and "time" in cleaned:
            clean_start(self, cleaned)
        return cleaned

    def _clean_place(self, cleaned) -> None:
        """On location for an "on location" type, by choice for "studio or on location"."""
        session_type = cleaned.get("session_type")
        if session_type is None or not session_type.asks_where:
            cleaned["on_location"], cleaned["location"] = False, ""
            return
        if session_type.location == SessionType.Location.LOCATION:
            cleaned["on_location"] = True
        if not cleaned.get("on_location"):
            cleaned["location"] = ""
        elif not cleaned.get("location") and "location" not in self.errors:
            self.add_error("location", _("Write where the session happens."))


class BookingFilterForm(forms.Form):
    """The bookings list's filters and search (GET). A field in error is left out of the
    filtering and marked; the others still apply."""

    q = forms.CharField(
        label=_("Search by name, email, phone or reference"),
        max_length=100,
        required=False,
        validators=[one_line],
        widget=forms.TextInput(attrs={"type": "search", "autocomplete": "off"}),
    )
    status = forms.ChoiceField(
        label=_("Status"), choices=[("", _("Any status")), *Booking.Status.choices], required=False
    )
    kind = forms.ChoiceField(
        label=_("Kind"), choices=[("", _("Any kind")), *SessionKind.choices], required=False
    )
    first = forms.DateField(
        label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    last = forms.DateField(
        label=_("Until"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    unpaid = forms.BooleanField(label=_("Deposit not paid"), required=False)

    def clean(self):
        cleaned = super().clean()
        first, last = cleaned.get("first"), cleaned.get("last")
        if first and last and last < first:
            self.add_error("last", _("The end of the range is before its start."))
            cleaned.pop("first", None)  # a range in error filters nothing
        return cleaned

    def filters(self) -> dict:
        """The valid filters, as keyword arguments for the booking list selector."""
        self.is_valid()
        data = getattr(self, "cleaned_data", {})
        return {name: data[name] for name in self.fields if name in data and data[name]}


class OfflinePaymentForm(forms.Form):
    """Money the photographer took on the day or by transfer."""

    prefix = "taken"

    amount = forms.DecimalField(
        label=_("Amount"), min_value=Decimal("0.01"), max_digits=8, decimal_places=2
    )
    method = forms.ChoiceField(
        label=_("How"), choices=MoneyEntry.Method.choices, widget=forms.RadioSelect
    )
    taken_on = forms.DateField(label=_("Date"), widget=forms.DateInput(attrs={"type": "date"}))


class PriceChangeForm(forms.Form):
    """A discount or a new price, with the reason."""

    prefix = "price"

    kind = forms.ChoiceField(
        label=_("Change"),
        choices=[
            (MoneyEntry.Kind.DISCOUNT, _("A discount of")),
            (MoneyEntry.Kind.PRICE, _("A new price of")),
        ],
        widget=forms.RadioSelect,
    )
    amount = forms.DecimalField(
        label=_("Amount"), min_value=Decimal("0"), max_digits=8, decimal_places=2
    )
    reason = forms.CharField(label=_("Why"), max_length=1000)


class ClientForm(forms.Form):
    """A client's details as the studio keeps them: an email or a phone at least."""

    name = forms.CharField(label=_("Name"), max_length=MAX_NAME, validators=[one_line])
    email = forms.EmailField(
        label=_("Email"),
        required=False,
        help_text=_("Leave empty if they have none: nothing will be emailed to them."),
    )
    phone = forms.CharField(
        label=_("Phone"), max_length=MAX_PHONE, required=False, validators=[one_line]
    )
    private_notes = forms.CharField(
        label=_("Private notes (only the studio sees these)"),
        required=False,
        max_length=NOTES_LIMIT,
        widget=forms.Textarea(attrs={"rows": 4}),
    )

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("email") or cleaned.get("phone")) and "email" not in self.errors:
            self.add_error("email", _("Give an email address or a phone number."))
        return cleaned


class MergeForm(forms.Form):
    """Which duplicate to fold into the client whose page this is."""

    other = forms.ModelChoiceField(
        queryset=Client.objects.all(),
        widget=forms.HiddenInput,
        error_messages={"invalid_choice": _("That client no longer exists.")},
    )


class ChangeBookingForm(OverrideMixin, forms.Form):
    """What was booked: session type, people and place. The time is moved elsewhere."""

    prefix = "change"

    session_type = forms.ModelChoiceField(
        label=_("Session type"),
        queryset=SessionType.objects.all(),
        empty_label=None,
        error_messages={"invalid_choice": _("Choose one of the sessions offered.")},
    )
    people = forms.IntegerField(label=_("People"), min_value=1, max_value=50)
    on_location = forms.BooleanField(label=_("On location"), required=False)
    location = forms.CharField(
        label=_("Place"),
        max_length=MAX_LOCATION,
        required=False,
        validators=[one_line],
        help_text=_("The address, for a session on location."),
    )
    notify = forms.BooleanField(
        label=_("Email the client what changed (with an updated calendar invitation)"),
        required=False,
        initial=True,
    )

    def __init__(self, *args, booking: Booking, **kwargs):
        super().__init__(*args, **kwargs)
        # The sessions offered, and the booking's own even if no longer offered.
        offered = SessionType.objects.filter(Q(is_active=True) | Q(pk=booking.session_type_id))
        self.fields["session_type"].queryset = offered.order_by("order", "name")

    @classmethod
    def for_booking(cls, booking: Booking) -> "ChangeBookingForm":
        initial = {
            "session_type": booking.session_type_id,
            "people": booking.people,
            "on_location": booking.on_location,
            "location": booking.location,
            "notify": True,
        }
        return cls(initial=initial, booking=booking)


class RestoreForm(OverrideMixin, forms.Form):
    """Undo a cancellation, if the time is still free."""

    prefix = "restore"

    notify = forms.BooleanField(
        label=_("Email the client that the session is back on"), required=False, initial=True
    )


class EraseForm(forms.Form):
    """Erasing cannot be undone: the photographer ticks that they mean it."""

    confirm = forms.BooleanField(
        label=_("I understand: their name, contact details, notes and images go for good."),
        error_messages={"required": _("Tick the box to confirm the erasure.")},
    )
