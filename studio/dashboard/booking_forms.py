"""Forms for the photographer's actions on one booking. The booking services do the writing."""

from datetime import datetime

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from bookings.models import Booking
from studio.clock import local_moment

NOTES_LIMIT = 5000


class StudioRescheduleForm(forms.Form):
    """A new start in the studio's zone. Any time may be chosen, but never a taken one."""

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
        if self.errors:
            return cleaned
        start = local_moment(cleaned["date"], cleaned["time"], timezone.get_current_timezone())
        if start is None:
            self.add_error("time", _("That time does not exist on that day (the clocks change)."))
        elif start <= self.now:
            self.add_error("date", _("That time has already passed; choose a time ahead."))
        else:
            cleaned["start"] = start
        return cleaned


class StudioCancelForm(forms.Form):
    prefix = "cancel"

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
