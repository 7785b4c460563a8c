from django import forms
from django.utils.translation import gettext_lazy as _


def normalise_code(value: str) -> str:
    """A code as typed, with the spaces and dashes people add taken out."""
    return "".join(ch for ch in value if ch not in " -\t").lower()


class CodeForm(forms.Form):
    """The second step of signing in: a code from the app, or a recovery code."""

    code = forms.CharField(
        label=_("Code"),
        max_length=24,
        help_text=_("The six digits your authenticator app shows, or one of your recovery codes."),
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "autofocus": True, "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if not code.isalnum():
            raise forms.ValidationError(_("Type the code with letters and digits only."))
        return code


class EnrolForm(forms.Form):
    """Confirms that the app was set up: the code it shows now."""

    code = forms.CharField(
        label=_("Six-digit code from the app"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "one-time-code", "inputmode": "numeric", "spellcheck": "false"}
        ),
    )

    def clean_code(self) -> str:
        code = normalise_code(self.cleaned_data["code"])
        if not (code.isascii() and code.isdigit() and len(code) == 6):
            raise forms.ValidationError(_("Type the six digits the app shows."))
        return code
