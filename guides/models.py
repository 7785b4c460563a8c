from django.db import models
from django.utils.translation import gettext_lazy as _

from studio.models import SessionKind


class Guide(models.Model):
    """A preparation guide: for one session kind, or general (kind blank)."""

    title = models.CharField(_("title"), max_length=160)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    kind = models.CharField(
        _("session kind"),
        max_length=16,
        choices=SessionKind.choices,
        blank=True,
        help_text=_("Blank for the general guide that applies before any session."),
    )
    intro = models.TextField(_("introduction (Markdown)"), blank=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    is_published = models.BooleanField(_("published"), default=True)

    class Meta:
        ordering = ["order", "title"]
        verbose_name = _("guide")
        verbose_name_plural = _("guides")

    def __str__(self) -> str:
        return self.title


class TipQuerySet(models.QuerySet):
    def for_kind(self, kind: str):
        return self.filter(**{f"for_{kind}": True})

    def for_every_kind(self):
        return self.filter(for_headshot=True, for_portrait=True, for_hybrid=True)


class Tip(models.Model):
    class Category(models.TextChoices):
        WARDROBE = "wardrobe", _("Wardrobe")
        GROOMING = "grooming", _("Grooming")
        RELAXATION = "relaxation", _("Relaxation and mindset")
        TIMING = "timing", _("Timing and logistics")
        POSES = "poses", _("Poses and expressions")
        BRING = "bring", _("What to bring")
        COLLABORATION = "collaboration", _("Working with the photographer")

    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    title = models.CharField(_("title"), max_length=160)
    body = models.TextField(_("body (Markdown)"))
    for_headshot = models.BooleanField(_("headshot sessions"), default=True)
    for_portrait = models.BooleanField(_("portrait sessions"), default=True)
    for_hybrid = models.BooleanField(_("hybrid sessions"), default=True)
    order = models.PositiveIntegerField(_("order"), default=0)
    use_in_reminders = models.BooleanField(_("use in reminder emails"), default=True)

    class Place(models.TextChoices):
        ANY = "any", _("Anywhere")
        STUDIO = "studio", _("Only at the studio")
        LOCATION = "location", _("Only on location")

    # Emails leave out a tip that names the studio's place for a session on location (and
    # the other way round), and a tip that can no longer be followed by the time they go.
    place = models.CharField(
        _("where it applies"), max_length=8, choices=Place.choices, default=Place.ANY
    )
    act_days_before = models.PositiveSmallIntegerField(
        _("act on it this many days before"),
        default=0,
        help_text=_(
            "How many days before the session the client must start on it (a haircut: 7). "
            "0 when it can be followed on the day. Emails sent later leave it out."
        ),
    )

    objects = TipQuerySet.as_manager()

    class Meta:
        ordering = ["category", "order", "title"]
        verbose_name = _("tip")
        verbose_name_plural = _("tips")

    def __str__(self) -> str:
        return self.title

    @property
    def kinds(self) -> list[str]:
        return [kind for kind in ("headshot", "portrait", "hybrid") if getattr(self, f"for_{kind}")]
