"""Forms of the booking flow and the manage page. They check input; services decide."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import UTC, datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.text import format_lazy
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext, ngettext_lazy

from studio.images import clean_image

from .drafts import NamedImage
from .services import (
    CONTROL_CHARS,
    MAX_IMAGES,
    MAX_LOCATION,
    MAX_NAME,
    MAX_NOTES,
    MAX_PHONE,
    MAX_PURPOSE,
)

PHONE_RE = re.compile(r"^[0-9+()\-./ ]*$")
# The shape of the starts we offer (2030-01-09T10:00:00+00:00), checked before
# fromisoformat: on Python 3.11 that reads "...+00:00\x00" as a real time.
START_RE = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,6})?)?(Z|[+-]\d{2}:\d{2})", re.ASCII
)


def parse_start(value) -> datetime | None:
    """An ISO 8601 time with an offset as an aware UTC datetime, else None."""
    if not isinstance(value, str) or len(value) > 40:
        return None
    value = value.strip()
    if not START_RE.fullmatch(value):
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None or not 2000 <= moment.year <= 2999:
        return None
    try:
        return moment.astimezone(UTC)
    except OverflowError:
        return None


class StartField(forms.CharField):
    """A chosen start, posted as ISO 8601 with its offset."""

    widget = forms.HiddenInput
    default_error_messages = {
        "invalid": _("Please choose one of the times offered."),
        "required": _("Please choose a time."),
    }

    def to_python(self, value):
        value = super().to_python(value)
        if value in self.empty_values:
            return None
        moment = parse_start(value)
        if moment is None:
            raise ValidationError(self.error_messages["invalid"], code="invalid")
        return moment


class MultipleFileInput(forms.FileInput):
    allow_multiple_selected = True


class InspirationImagesField(forms.FileField):
    """Up to MAX_IMAGES photos, each through the studio's image gate."""

    def __init__(self, **kwargs):
        kwargs.setdefault(
            "widget",
            MultipleFileInput(
                attrs={"accept": "image/jpeg,image/png,image/webp", "multiple": True}
            ),
        )
        super().__init__(**kwargs)

    def clean(self, data, initial=None):
        files = [f for f in (data if isinstance(data, list | tuple) else [data]) if f]
        if not files:
            if self.required:
                raise ValidationError(self.error_messages["required"], code="required")
            return []
        if len(files) > MAX_IMAGES:
            raise ValidationError(
                ngettext_lazy(
                    "Please choose at most %(n)d image.", "Please choose at most %(n)d images.", "n"
                ),
                params={"n": MAX_IMAGES},
                code="count",
            )
        total, limit = sum(upload.size for upload in files), max_upload_total()
        if total > limit:
            raise ValidationError(
                _("These images come to %(size)s together; the limit is %(limit)s."),
                params={"size": filesizeformat(total), "limit": filesizeformat(limit)},
                code="size",
            )
        images, errors = [], []
        for upload in files:
            name = (upload.name or "")[:200]
            try:
                super().clean(upload, initial)
                images.append(NamedImage.of(clean_image(upload), name))
            except ValidationError as exc:
                for message in exc.messages:
                    errors.append(f"{name}: {message}" if name else message)
        if errors:
            raise ValidationError(errors)
        return images


def _one_line(value: str, message) -> str:
    if CONTROL_CHARS.search(value or ""):
        raise ValidationError(message, code="one_line")
    return value


class StyledForm(forms.Form):
    """Bootstrap classes on the widgets; Django adds aria-invalid and aria-describedby."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.HiddenInput):
                continue
            if isinstance(widget, forms.CheckboxInput):
                css = "form-check-input"
            elif isinstance(widget, forms.Select):
                css = "form-select"
            else:
                css = "form-control"
            widget.attrs["class"] = f"{widget.attrs.get('class', '')} {css}".strip()


WHERE_PLACE = "place"
WHERE_STUDIO = "studio"


class DetailsForm(StyledForm):
    """The client's details; `start` rides along as a hidden field."""

    start = StartField()
    name = forms.CharField(
        label=_("Your name"),
        max_length=MAX_NAME,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    email = forms.EmailField(
        label=_("Email"),
        max_length=254,
        help_text=_("Your confirmation and the link to manage your booking go here."),
        widget=forms.EmailInput(attrs={"autocomplete": "email"}),
    )
    phone = forms.CharField(
        label=_("Phone (optional)"),
        max_length=MAX_PHONE,
        required=False,
        help_text=_("Only used if we need to reach you on the day."),
        widget=forms.TextInput(attrs={"autocomplete": "tel", "inputmode": "tel"}),
    )
    people = forms.TypedChoiceField(label=_("How many people?"), coerce=int)
    purpose = forms.CharField(
        label=_("What are the photos for?"),
        max_length=MAX_PURPOSE,
        required=False,
        help_text=_("For example: LinkedIn and our team page, a book jacket, a present for Mum."),
    )
    notes = forms.CharField(
        label=_("Anything the photographer should know? (optional)"),
        max_length=MAX_NOTES,
        required=False,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Ideas, worries, accessibility needs, glasses, a look you love."),
    )
    images = InspirationImagesField(
        label=_("Inspiration images (optional)"),
        required=False,
        help_text=format_lazy(
            ngettext_lazy(
                "Up to {n} photo you like, JPEG, PNG or WebP. Only the studio sees it.",
                "Up to {n} photos you like, JPEG, PNG or WebP. Only the studio sees them.",
                MAX_IMAGES,
            ),
            n=MAX_IMAGES,
        ),
    )
    remove_images = forms.BooleanField(label=_("Remove the images I added"), required=False)
    # Asked only for session types that can happen on location (see __init__).
    where = forms.ChoiceField(
        label=_("Where should the session be?"),
        choices=[
            (WHERE_PLACE, _("At a place I choose")),
            (WHERE_STUDIO, _("At the studio instead")),
        ],
        widget=forms.RadioSelect,
    )
    location = forms.CharField(
        label=_("The place"),
        max_length=MAX_LOCATION,
        required=False,
        help_text=_(
            "An address, or a description we can find: “the bandstand in Victoria Park”, "
            "“our office, 3rd floor”."
        ),
        widget=forms.TextInput(attrs={"autocomplete": "street-address"}),
    )

    def __init__(self, *args, session_type, ask_purpose=True, parked_images=0, **kwargs):
        super().__init__(*args, **kwargs)
        self.session_type = session_type
        self.parked_images = parked_images
        self.fields["people"].choices = [(n, str(n)) for n in range(1, session_type.max_people + 1)]
        self.fields["people"].initial = 1
        self.fields["people"].error_messages["invalid_choice"] = ngettext_lazy(
            "This session is for %(max)d person. For a larger group, please contact us.",
            "This session is for up to %(max)d people. For a larger group, please contact us.",
            session_type.max_people,
        ) % {"max": session_type.max_people}
        if session_type.max_people == 1:
            self.fields["people"].widget = forms.HiddenInput()
        if not ask_purpose:
            del self.fields["purpose"]
        if not parked_images:
            del self.fields["remove_images"]
        if session_type.asks_where:
            on_location_only = session_type.location == session_type.Location.LOCATION
            self.fields["where"].initial = WHERE_PLACE if on_location_only else WHERE_STUDIO
            self.fields["where"].widget.attrs["class"] = "form-check-input"
        else:
            del self.fields["where"], self.fields["location"]
        self.fields["notes"].error_messages["max_length"] = ngettext_lazy(
            "Please keep notes to %(limit_value)d character (this has %(show_value)d).",
            "Please keep notes to %(limit_value)d characters (this has %(show_value)d).",
            "limit_value",
        )

    def clean_name(self):
        return _one_line(self.cleaned_data["name"], _("Please write your name on one line."))

    def clean_phone(self):
        phone = self.cleaned_data["phone"]
        if not PHONE_RE.fullmatch(phone) or (phone and sum(c.isdigit() for c in phone) < 6):
            raise ValidationError(
                _("Please give a phone number with digits, spaces and + ( ) - only."),
                code="phone",
            )
        return phone

    def clean_location(self):
        return _one_line(
            self.cleaned_data["location"].strip(), _("Please write the place on one line.")
        )

    def clean(self):
        data = super().clean()
        if "where" not in self.fields:
            data["on_location"], data["location"] = False, ""
            return data
        data["on_location"] = data.get("where") == WHERE_PLACE
        if not data["on_location"]:
            data["location"] = ""
        elif "location" in data and not data["location"]:
            self.add_error(
                "location",
                ValidationError(
                    _("Please tell us where the session should be, or choose the studio."),
                    code="required",
                ),
            )
        return data

    def clean_purpose(self):
        return _one_line(
            self.cleaned_data["purpose"], _("Please describe what the photos are for on one line.")
        )


class ConfirmForm(forms.Form):
    """The review page's final POST: the draft's key, and optionally a new time."""

    key = forms.CharField(max_length=64, widget=forms.HiddenInput)
    start = StartField(required=False)


class RescheduleForm(forms.Form):
    start = StartField()


class CancelForm(StyledForm):
    reason = forms.CharField(
        label=_("Would you like to tell us why? (optional)"),
        max_length=500,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )


def max_upload_total() -> int:
    """The most a booking's images may weigh together: each at the per-file limit."""
    return MAX_IMAGES * settings.STUDIO_MAX_UPLOAD_BYTES


def upload_too_large(request) -> bool:
    """A request body bigger than any honest upload: refuse before parsing it."""
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return True
    return length > max_upload_total() + settings.DATA_UPLOAD_MAX_MEMORY_SIZE


@dataclass(frozen=True)
class FromAnswers:
    """What the wizard's answers put in the details form, and what they asked for that this
    session cannot give (said on the page, never dropped silently)."""

    initial: dict
    notes: tuple[str, ...] = ()


def details_from_answers(answers: dict | None, session_type) -> FromAnswers:
    """The details form's people and place as the client answered them in the wizard."""
    if not isinstance(answers, dict):
        return FromAnswers({})
    initial: dict = {}
    notes: list[str] = []
    people = {"just_me": 1, "two": 2}.get(answers.get("people"))
    if answers.get("people") == "group":
        count = answers.get("people_count")
        people = int(count) if str(count).isdigit() else None
    if people:
        if people <= session_type.max_people:
            initial["people"] = people
        else:
            notes.append(
                ngettext(
                    "You told us %(people)d people will be in the picture; this session "
                    "takes up to %(max)d person when booked online. Please get in touch "
                    "and we will plan it with you.",
                    "You told us %(people)d people will be in the picture; this session "
                    "takes up to %(max)d people when booked online. Please get in touch "
                    "and we will plan it with you.",
                    session_type.max_people,
                )
                % {"people": people, "max": session_type.max_people}
            )
    place = answers.get("place")
    detail = str(answers.get("place_detail") or "").strip()[:MAX_LOCATION]
    if place == "meaningful":
        if session_type.asks_where:
            initial["where"] = WHERE_PLACE
            if detail:
                initial["location"] = detail
        else:
            notes.append(
                _(
                    "You said you would like somewhere that means something to you; this "
                    "session happens at the studio. Choose another session, or tell us in "
                    "the notes."
                )
            )
    elif place == "studio" and session_type.asks_where:
        if session_type.location == session_type.Location.LOCATION:
            notes.append(
                _("You said you would like the studio; this session happens at a place you choose.")
            )
        else:
            initial["where"] = WHERE_STUDIO
    return FromAnswers(initial, tuple(notes))
