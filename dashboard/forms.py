"""Forms for the studio's settings and content. Every rule gets a message by its field."""

import zoneinfo
from datetime import datetime, time, timedelta

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.forms import BaseModelFormSet, modelformset_factory
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from calendars.services import InvalidCalendar
from calendars.services import clean_url as clean_calendar_url
from guides.models import Guide, Tip
from studio.formatting import clock
from studio.models import StudioProfile, TimeOff, WorkingHours
from studio.walltime import local_moment

from . import services
from .hours import Range, overlaps

TIME_INPUT = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _time_zone_choices():
    return [(name, name) for name in sorted(zoneinfo.available_timezones())]


class _BoundedNumbers:
    """Give integer fields an upper and lower bound, in the browser and on the server."""

    LIMITS: dict[str, tuple[int, int]] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (low, high) in self.LIMITS.items():
            field = self.fields[name]
            field.validators += [MinValueValidator(low), MaxValueValidator(high)]
            field.widget.attrs.update({"min": low, "max": high})


class StudioProfileForm(_BoundedNumbers, forms.ModelForm):
    LIMITS = {"staff_idle_hours": (1, 24 * 14)}

    time_zone = forms.ChoiceField(
        label=_("Time zone"),
        choices=_time_zone_choices,
        help_text=_("Opening hours and every time clients see are in this zone."),
    )

    class Meta:
        model = StudioProfile
        fields = [
            "name",
            "tagline",
            "time_zone",
            "clock",
            "address",
            "directions",
            "email",
            "phone",
            "staff_idle_hours",
            "country",
        ]
        widgets = {
            "address": forms.Textarea(attrs={"rows": 4}),
            "directions": forms.Textarea(attrs={"rows": 4}),
        }


class BookingRulesForm(_BoundedNumbers, forms.ModelForm):
    LIMITS = {
        "min_notice_hours": (0, 24 * 60),
        "max_advance_days": (1, 730),
        "slot_step_minutes": (5, 240),
        "change_notice_hours": (0, 24 * 60),
        "deposit_hold_minutes": (5, 24 * 60),
    }

    class Meta:
        model = StudioProfile
        fields = [
            "min_notice_hours",
            "max_advance_days",
            "slot_step_minutes",
            "change_notice_hours",
            "deposit_hold_minutes",
            "require_confirmation",
            "deposit_instructions",
        ]
        widgets = {"deposit_instructions": forms.Textarea(attrs={"rows": 5})}
        help_texts = {
            "min_notice_hours": _("Clients cannot book a session that starts sooner than this."),
            "max_advance_days": _("The booking calendar opens this many days ahead."),
            "slot_step_minutes": _("Start times are offered every this many minutes."),
            "change_notice_hours": _(
                "Clients may move or cancel online until this long before the session. "
                "Bookings already made keep the notice they agreed to."
            ),
            "deposit_hold_minutes": _(
                "For session types that take the deposit online: how long a booking keeps "
                "its time while the client pays. Unpaid by then, the time is free again."
            ),
        }


class StudioAlertsForm(forms.ModelForm):
    class Meta:
        model = StudioProfile
        fields = [
            "alert_email",
            "alert_new_booking",
            "alert_pending",
            "alert_rescheduled",
            "alert_cancelled",
            "alert_digest",
            "digest_time",
        ]
        widgets = {"digest_time": TIME_INPUT}
        help_texts = {
            "alert_digest": _("The day's sessions, what each client told the wizard, deposits."),
            "digest_time": _("In the studio's time zone. No digest on a day without sessions."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.email:  # where alerts go while this is empty
            self.fields["alert_email"].widget.attrs["placeholder"] = self.instance.email


class ReminderSettingsForm(_BoundedNumbers, forms.ModelForm):
    LIMITS = {
        "preparation_days_before": (1, 60),
        "wardrobe_days_before": (1, 30),
        "day_before_hours": (1, 72),
        "thank_you_days_after": (0, 30),
    }

    class Meta:
        model = StudioProfile
        fields = [
            "preparation_days_before",
            "wardrobe_days_before",
            "day_before_hours",
            "thank_you_days_after",
            "quiet_hours_start",
            "quiet_hours_end",
        ]
        widgets = {"quiet_hours_start": TIME_INPUT, "quiet_hours_end": TIME_INPUT}
        help_texts = {
            "quiet_hours_start": _("Reminders due in the quiet hours wait for the morning."),
            "quiet_hours_end": _("For example 21:00 to 08:00. Confirmations are never held."),
        }

    replan = forms.BooleanField(required=False, initial=True)

    def __init__(self, *args, waiting: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["replan"].label = ngettext_lazy(
            "Move the %(n)d reminder not sent yet for upcoming sessions to the new timing",
            "Move the %(n)d reminders not sent yet for upcoming sessions to the new timing",
            "n",
        ) % {"n": waiting}
        self.fields["replan"].help_text = _("Untick to leave them at the times already planned.")

    def clean(self):
        cleaned = super().clean()
        preparation = cleaned.get("preparation_days_before")
        wardrobe = cleaned.get("wardrobe_days_before")
        if preparation is not None and wardrobe is not None and wardrobe >= preparation:
            self.add_error(
                "wardrobe_days_before",
                _("Send the wardrobe email after the preparation email (fewer days before)."),
            )
        start, end = cleaned.get("quiet_hours_start"), cleaned.get("quiet_hours_end")
        if start is not None and start == end:
            self.add_error("quiet_hours_end", _("Quiet hours need a different start and end time."))
        return cleaned


class WorkingHoursForm(forms.ModelForm):
    """One row of the hours table (rendered by hand, so it marks its own invalid fields)."""

    class Meta:
        model = WorkingHours
        fields = ["weekday", "start", "end"]
        widgets = {
            "weekday": forms.Select(attrs={"class": "form-select"}),
            "start": forms.TimeInput(
                attrs={"type": "time", "class": "form-control"}, format="%H:%M"
            ),
            "end": forms.TimeInput(attrs={"type": "time", "class": "form-control"}, format="%H:%M"),
        }

    def add_error(self, field, error):
        super().add_error(field, error)
        for name in self.errors:
            if name in self.fields:
                attrs = self.fields[name].widget.attrs
                attrs["class"] = attrs.get("class", "").replace(" is-invalid", "") + " is-invalid"
                attrs["aria-invalid"] = "true"
                attrs["aria-describedby"] = f"{self.auto_id % self.add_prefix(name)}_error"

    def clean(self):
        cleaned = super().clean()
        start, end = cleaned.get("start"), cleaned.get("end")
        if start is not None and end is not None and end <= start:
            self.add_error("end", _("Closing time must be after opening time."))
        return cleaned


class BaseWorkingHoursFormSet(BaseModelFormSet):
    def clean(self):
        super().clean()
        kept = []
        for form in self.forms:
            blank_extra = not form.instance.pk and not form.has_changed()
            if blank_extra or form.errors or self._should_delete_form(form):
                continue
            kept.append(form)
        ranges = [
            Range(f.cleaned_data["weekday"], f.cleaned_data["start"], f.cleaned_data["end"])
            for f in kept
        ]
        for earlier, later in overlaps(ranges):
            other = kept[earlier].cleaned_data
            studio = StudioProfile.load()
            kept[later].add_error(
                "start",
                _("This overlaps %(start)s–%(end)s on the same day.")
                % {"start": clock(other["start"], studio), "end": clock(other["end"], studio)},
            )
        if any(self.errors):
            raise ValidationError(_("Some opening hours need fixing (see the marked rows)."))


WorkingHoursFormSet = modelformset_factory(
    WorkingHours,
    form=WorkingHoursForm,
    formset=BaseWorkingHoursFormSet,
    extra=3,
    can_delete=True,
)


class TimeOffForm(forms.Form):
    """Time off by day, with optional times: no times means whole days."""

    start_date = forms.DateField(label=_("From (date)"), widget=DATE_INPUT)
    start_time = forms.TimeField(
        label=_("From (time)"),
        required=False,
        widget=TIME_INPUT,
        help_text=_("Leave empty to start at the beginning of the day."),
    )
    end_date = forms.DateField(label=_("Until (date)"), widget=DATE_INPUT)
    end_time = forms.TimeField(
        label=_("Until (time)"),
        required=False,
        widget=TIME_INPUT,
        help_text=_("Leave empty to include the whole day."),
    )
    reason = forms.CharField(label=_("Reason (only you see it)"), max_length=200, required=False)
    repeat_until = forms.DateField(
        label=_("Repeat every week until (optional)"),
        required=False,
        widget=DATE_INPUT,
        help_text=_("The same times each week, up to and including this date."),
    )

    def __init__(self, *args, now: datetime | None = None, **kwargs):
        super().__init__(*args, **kwargs)
        self.now = now or timezone.now()

    def _moment(self, field: str, day, at: time | None, *, end: bool) -> datetime | None:
        tz = timezone.get_current_timezone()
        if at is None:
            day = day + timedelta(days=1) if end else day
            at = time.min
        aware = local_moment(day, at, tz)
        if aware is None:
            self.add_error(
                field.replace("date", "time"),
                _("%(time)s does not exist on that day (the clocks change).")
                % {"time": clock(at, StudioProfile.load())},
            )
            return None
        return aware

    def clean(self):
        cleaned = super().clean()
        if self.errors:
            return cleaned
        start = self._moment(
            "start_date", cleaned["start_date"], cleaned.get("start_time"), end=False
        )
        end = self._moment("end_date", cleaned["end_date"], cleaned.get("end_time"), end=True)
        if start is None or end is None:
            return cleaned
        today = self.now.astimezone(timezone.get_current_timezone()).date()
        if end <= start:
            self.add_error("end_date", _("The time off must end after it starts."))
        elif end <= self.now:
            self.add_error("end_date", _("This time off is already over; pick a future date."))
        elif cleaned["start_date"] < today:
            self.add_error("start_date", _("Time off cannot start in the past (before today)."))
        cleaned["start"], cleaned["end"] = start, end
        self._clean_repeat(cleaned)
        return cleaned

    def _clean_repeat(self, cleaned) -> None:
        until = cleaned.get("repeat_until")
        if until is None or self.errors:
            return
        if cleaned["end"] - cleaned["start"] > timedelta(days=7):
            self.add_error("repeat_until", _("Only time off shorter than a week can repeat."))
        elif until < cleaned["start_date"]:
            self.add_error("repeat_until", _("Repeat until a date after the first one."))
        elif until > cleaned["start_date"] + timedelta(weeks=services.MAX_WEEKS):
            self.add_error("repeat_until", _("Repeat for two years at most."))

    def save(self) -> TimeOff:
        """The time off; a weekly series' first occurrence when it repeats."""
        data = self.cleaned_data
        if data.get("repeat_until"):
            series = services.block_weekly(
                start=data["start"],
                end=data["end"],
                until=data["repeat_until"],
                reason=data["reason"],
                tz=timezone.get_current_timezone(),
            )
            return series.occurrences.order_by("start").first()
        return TimeOff.objects.create(start=data["start"], end=data["end"], reason=data["reason"])


class GuideForm(forms.ModelForm):
    class Meta:
        model = Guide
        fields = ["title", "slug", "kind", "intro", "order", "is_published"]
        widgets = {"intro": forms.Textarea(attrs={"rows": 8})}
        help_texts = {
            "intro": _("Markdown: **bold**, *italic*, lists and links. HTML is removed."),
            "slug": _("The end of the guide's address; letters, numbers and hyphens."),
        }


class TipForm(forms.ModelForm):
    class Meta:
        model = Tip
        fields = [
            "category",
            "title",
            "body",
            "for_headshot",
            "for_portrait",
            "for_hybrid",
            "use_in_reminders",
            "order",
        ]
        widgets = {"body": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "body": _("Markdown: **bold**, *italic*, lists and links. HTML is removed."),
            "use_in_reminders": _(
                "Wardrobe and grooming tips marked here go into the reminder emails."
            ),
        }

    def clean(self):
        cleaned = super().clean()
        if not any(cleaned.get(f"for_{kind}") for kind in ("headshot", "portrait", "hybrid")):
            self.add_error("for_headshot", _("Choose at least one kind of session for this tip."))
        return cleaned


class ConnectedCalendarForm(forms.Form):
    """Connect or edit one of the photographer's calendars (its secret iCal address)."""

    name = forms.CharField(
        label=_("Name"),
        max_length=80,
        help_text=_("For you, e.g. “Personal” or “Weddings”."),
    )
    url = forms.CharField(
        label=_("Secret address in iCal format"),
        max_length=2000,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
        help_text=_(
            "Google: Settings › your calendar › “Secret address in iCal format”. iCloud: "
            "share the calendar as a public calendar. Outlook: Settings › Shared calendars › "
            "Publish a calendar, then the ICS link. webcal:// addresses work too."
        ),
    )
    all_day_blocks = forms.BooleanField(
        label=_("All-day events block the whole day"),
        required=False,
        initial=True,
        help_text=_(
            "Google and Outlook mark new all-day events as free; only those you set to "
            "“busy” block."
        ),
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        if editing:
            self.fields["url"].required = False
            self.fields["url"].help_text = _(
                "Leave empty to keep the address you gave; it is not shown again."
            )

    def clean_url(self):
        value = self.cleaned_data["url"].strip()
        if not value:
            return ""
        try:
            return clean_calendar_url(value)
        except InvalidCalendar as exc:
            raise ValidationError(str(exc)) from None
