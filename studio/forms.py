from django import forms
from django.conf import settings
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext_lazy as _

from .images import CleanImage, SafeImageField
from .models import SessionType
from .services import remove_cover, set_cover

# Paths under /sessions/ that are pages of their own, not session types.
RESERVED_SLUGS = frozenset({"headshot-or-portrait"})

# Every field a person edits, in the sections the dashboard and the admin show.
SESSION_TYPE_SECTIONS = [
    (_("The basics"), ["kind", "name", "slug", "summary", "is_active", "order"]),
    (_("What it is"), ["purpose", "uses", "suits", "what_happens", "deliverables"]),
    (_("Look and feel"), ["framing", "backdrop", "light", "mood", "gaze", "wardrobe", "props"]),
    (
        _("Time, price and people"),
        [
            "duration_minutes",
            "buffer_before_minutes",
            "buffer_after_minutes",
            "price",
            "deposit",
            "deposit_method",
            "max_people",
            "location",
            "travel_before_minutes",
            "travel_after_minutes",
            "looks",
        ],
    ),
    (_("Cover image"), ["cover", "cover_alt"]),
]


TRAVEL_FIELDS = ("travel_before_minutes", "travel_after_minutes")


class SessionTypeForm(forms.ModelForm):
    """Edit a session type; the cover goes through the upload gate and set_cover().

    Used by the admin and the dashboard. `save()` (or `save_m2m()` after
    `save(commit=False)`, as the admin does) stores the cover and its renditions.
    """

    cover = SafeImageField(label=_("Cover image"), required=False)

    class Meta:
        model = SessionType
        fields = [name for _title, names in SESSION_TYPE_SECTIONS for name in names]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["cover"].help_text = _(
            "A JPEG, PNG or WebP photo of up to %(limit)s. Location and camera data are removed "
            "and web sizes are made automatically."
        ) % {"limit": filesizeformat(settings.STUDIO_MAX_UPLOAD_BYTES)}

        for name in TRAVEL_FIELDS:  # optional: most sessions happen at the studio
            self.fields[name].required = False

    def clean_travel_before_minutes(self):
        return self.cleaned_data["travel_before_minutes"] or 0

    def clean_travel_after_minutes(self):
        return self.cleaned_data["travel_after_minutes"] or 0

    def clean_slug(self):
        slug = self.cleaned_data["slug"]
        if slug in RESERVED_SLUGS:
            raise forms.ValidationError(
                _("“%(slug)s” is the address of another page; please choose another slug."),
                code="reserved",
                params={"slug": slug},
            )
        return slug

    def _post_clean(self):
        # The model field must not receive a CleanImage: the cover is stored by set_cover()
        # once the row is saved, so it is kept out of construct_instance() here.
        missing = object()
        cover = self.cleaned_data.pop("cover", missing)
        super()._post_clean()
        if cover is not missing:
            self.cleaned_data["cover"] = cover

    def save(self, commit=True):
        if not commit:
            return super().save(commit=False)
        with transaction.atomic():
            return super().save(commit=True)

    def _save_m2m(self):
        super()._save_m2m()
        cover = self.cleaned_data.get("cover")
        if isinstance(cover, CleanImage):
            set_cover(session_type=self.instance, image=cover)
        elif cover is False and self.instance.cover:
            remove_cover(session_type=self.instance)
