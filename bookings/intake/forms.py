"""One form per wizard step, built from the questions in bookings.intake.questions."""

from django import forms
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

from studio.models import SessionType

from . import QUESTIONS, STEPS
from .questions import MAX_PEOPLE, NOTES_MAX_LENGTH, SHORT_TEXT_MAX_LENGTH

# An empty answer is told what it lacks in the words of its kind of question.
CHOOSE_ONE = _("Please choose one answer to continue.")
TICK_ANY = _("Please tick at least one answer to continue.")
NOT_ON_LIST = _("That answer is not one of the choices on this page. Please pick from the list.")


class _HintedChoices:
    """Adds each choice's hint to the option context, and autofocus to one option only."""

    def __init__(self, *args, hints=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.hints = hints or {}
        self.autofocus = False

    def optgroups(self, name, value, attrs=None):
        groups = super().optgroups(name, value, attrs)
        options = [option for _group, group_options, _index in groups for option in group_options]
        for option in options:
            option["hint"] = self.hints.get(option["value"], "")
        if self.autofocus and options:
            target = next((option for option in options if option["selected"]), options[0])
            target["attrs"] = {**target["attrs"], "autofocus": True}
        return groups


class HintedRadioSelect(_HintedChoices, forms.RadioSelect):
    pass


class HintedCheckboxSelectMultiple(_HintedChoices, forms.CheckboxSelectMultiple):
    pass


def _choice_field(key: str, *, multiple: bool = False) -> forms.Field:
    question = QUESTIONS[key]
    field_class = forms.MultipleChoiceField if multiple else forms.ChoiceField
    widget_class = HintedCheckboxSelectMultiple if multiple else HintedRadioSelect
    return field_class(
        label=question.label,
        help_text=question.help,
        choices=[(choice.code, choice.label) for choice in question.choices],
        widget=widget_class(
            hints={choice.code: choice.hint for choice in question.choices},
            attrs={"class": "form-check-input"},
        ),
        error_messages={
            "required": TICK_ANY if multiple else CHOOSE_ONE,
            "invalid_choice": NOT_ON_LIST,
        },
    )


def _text_field(key: str, *, max_length: int, textarea: bool = False) -> forms.CharField:
    question = QUESTIONS[key]
    attrs = {"class": "form-control"}
    if textarea:
        attrs["rows"] = 5
    return forms.CharField(
        label=question.label,
        help_text=question.help,
        required=False,
        max_length=max_length,
        widget=forms.Textarea(attrs=attrs) if textarea else forms.TextInput(attrs=attrs),
        error_messages={
            "max_length": ngettext_lazy(
                "Please keep this under %(limit_value)d character (it has %(show_value)d).",
                "Please keep this under %(limit_value)d characters (it has %(show_value)d).",
                "limit_value",
            )
        },
    )


class StepForm(forms.Form):
    """A wizard step: one topic, labelled fields, errors beside them, focus where it helps."""

    # Fields labelled "(optional)"; the others are required or required by another answer.
    optional_fields: frozenset[str] = frozenset()
    # Follow-up field -> (field, answer) it follows; the page shows it once that is chosen.
    follows: dict[str, tuple[str, str]] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, (field, value) in self.follows.items():
            self.fields[name].follows = (self.add_prefix(field), value)

    def prepare_for_display(self) -> None:
        """Styles invalid text inputs and focuses the first invalid field (else the first).

        Django adds aria-invalid and aria-describedby to the inputs itself.
        """
        invalid = [name for name in self.fields if self.is_bound and self.errors.get(name)]
        for name in invalid:
            widget = self.fields[name].widget
            if not isinstance(widget, _HintedChoices):
                widget.attrs["class"] = widget.attrs.get("class", "") + " is-invalid"
        target = invalid[0] if invalid else next(iter(self.fields), None)
        if target is None:
            return
        widget = self.fields[target].widget
        if isinstance(widget, _HintedChoices):
            widget.autofocus = True
        else:
            widget.attrs["autofocus"] = True


class UsesForm(StepForm):
    follows = {"uses_other": ("uses", "other")}
    uses = _choice_field("uses", multiple=True)
    uses_other = _text_field("uses_other", max_length=SHORT_TEXT_MAX_LENGTH)

    def clean(self):
        cleaned = super().clean()
        uses, other = cleaned.get("uses"), (cleaned.get("uses_other") or "").strip()
        if uses is None:
            return cleaned
        if other and "other" not in uses:
            cleaned["uses"] = [*uses, "other"]
        elif "other" in uses and not other:
            self.add_error("uses_other", _("Tell us in a few words where else you'll use them."))
        return cleaned


class PurposeForm(StepForm):
    purpose = _choice_field("purpose")


class PeopleForm(StepForm):
    follows = {"people_count": ("people", "group")}
    people = _choice_field("people")
    people_count = forms.IntegerField(
        label=QUESTIONS["people_count"].label,
        help_text=QUESTIONS["people_count"].help,
        required=False,
        min_value=3,
        max_value=MAX_PEOPLE,
        widget=forms.NumberInput(attrs={"class": "form-control", "inputmode": "numeric"}),
        error_messages={
            "invalid": _("Please enter the number of people as a whole number, like 4."),
            "min_value": _("A group is three or more people; choose “Two of us” for two."),
            "max_value": ngettext_lazy(
                "For more than %(limit_value)s person, please get in touch with the studio.",
                "For more than %(limit_value)s people, please get in touch with the studio.",
                "limit_value",
            ),
        },
    )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("people") == "group":
            if cleaned.get("people_count") is None and "people_count" not in self.errors:
                self.add_error("people_count", _("How many people will be in the picture?"))
        else:
            cleaned["people_count"] = None
        return cleaned


class FramingForm(StepForm):
    framing = _choice_field("framing")


class LightForm(StepForm):
    light = _choice_field("light")


class PlaceForm(StepForm):
    optional_fields = frozenset({"place_detail"})
    follows = {"place_detail": ("place", "meaningful")}
    place = _choice_field("place")
    place_detail = _text_field("place_detail", max_length=SHORT_TEXT_MAX_LENGTH)


class StylingForm(StepForm):
    styling = _choice_field("styling")


class AboutForm(StepForm):
    optional_fields = frozenset({"notes"})
    field = _choice_field("field")
    notes = _text_field("notes", max_length=NOTES_MAX_LENGTH, textarea=True)


_FORMS_BY_STEP: dict[str, type[StepForm]] = {
    "uses": UsesForm,
    "purpose": PurposeForm,
    "people": PeopleForm,
    "framing": FramingForm,
    "light": LightForm,
    "place": PlaceForm,
    "styling": StylingForm,
    "about": AboutForm,
}


def _step_forms() -> list[tuple[str, type[StepForm]]]:
    """(step name, form) in the order of STEPS, the one definition of the step order.

    Each form has exactly the fields its step lists, so a question moved between steps in
    STEPS without its form (or the other way round) fails at import, not in production.
    """
    forms_in_order = []
    for step in STEPS:
        form_class = _FORMS_BY_STEP[step.name]
        if tuple(form_class.base_fields) != step.keys:
            raise ImproperlyConfigured(
                f"{form_class.__name__} has {tuple(form_class.base_fields)}, "
                f"step {step.name!r} lists {step.keys}"
            )
        forms_in_order.append((step.name, form_class))
    if len(forms_in_order) != len(_FORMS_BY_STEP):
        raise ImproperlyConfigured("A step form is not in STEPS.")
    return forms_in_order


STEP_FORMS: list[tuple[str, type[StepForm]]] = _step_forms()


class ChooseSessionForm(forms.Form):
    """The result page's choice: the recommended session type or another one."""

    NOT_OFFERED = _("That session is not offered. Please choose one from this page.")

    # A slug is checked for shape before it reaches the database (no NUL bytes, no 10 kB).
    session_type = forms.SlugField(
        max_length=80,
        error_messages={
            "required": _("Please choose a session to book."),
            "invalid": NOT_OFFERED,
            "max_length": NOT_OFFERED,
        },
    )

    def clean_session_type(self) -> SessionType:
        slug = self.cleaned_data["session_type"]
        session_type = SessionType.objects.active().filter(slug=slug).first()
        if session_type is None:
            raise forms.ValidationError(self.NOT_OFFERED)
        return session_type
