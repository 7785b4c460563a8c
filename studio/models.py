import zoneinfo
from dataclasses import dataclass
from datetime import time
from decimal import Decimal

import phonenumbers
from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _

from . import per_request


def validate_time_zone(value: str) -> None:
    if value not in zoneinfo.available_timezones():
        raise ValidationError(
            _("%(value)s is not a known time zone (use an IANA name such as Europe/London)."),
            params={"value": value},
        )


class SessionKind(models.TextChoices):
    HEADSHOT = "headshot", _("Headshot")
    PORTRAIT = "portrait", _("Portrait")
    HYBRID = "hybrid", _("Hybrid / personal branding")


class StudioProfile(models.Model):
    """The studio itself and its booking rules. There is one row (pk=1)."""

    name = models.CharField(_("name"), max_length=120)
    tagline = models.CharField(_("tagline"), max_length=200, blank=True)
    time_zone = models.CharField(
        _("time zone"), max_length=64, default="Europe/London", validators=[validate_time_zone]
    )
    address = models.TextField(_("address"), blank=True)
    directions = models.TextField(
        _("directions and parking"), blank=True, help_text=_("Shown in confirmations.")
    )
    email = models.EmailField(_("email"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    country = models.CharField(
        _("country"),
        max_length=2,
        default="GB",
        choices=sorted(
            ((code, code) for code in phonenumbers.SUPPORTED_REGIONS), key=lambda pair: pair[0]
        ),
        help_text=_("Phone numbers written without a country code are read as this country's."),
    )

    class Clock(models.TextChoices):
        H24 = "24h", _("24-hour (14:30)")
        H12 = "12h", _("12-hour (2:30 PM)")

    clock = models.CharField(
        _("times written as"),
        max_length=3,
        choices=Clock.choices,
        default=Clock.H24,
        help_text=_("How every page, email and the dashboard write a time of day."),
    )

    staff_idle_hours = models.PositiveIntegerField(
        _("sign out the dashboard after (hours without use)"),
        default=12,
        help_text=_("A staff session left this long without a click ends; sign in again then."),
    )

    min_notice_hours = models.PositiveIntegerField(_("minimum notice (hours)"), default=24)
    max_advance_days = models.PositiveIntegerField(
        _("how far ahead clients may book (days)"),
        default=90,
        validators=[MinValueValidator(1)],
    )
    slot_step_minutes = models.PositiveIntegerField(
        _("slot step (minutes)"), default=30, validators=[MinValueValidator(5)]
    )
    change_notice_hours = models.PositiveIntegerField(
        _("cancel/reschedule notice (hours)"), default=48
    )
    deposit_hold_minutes = models.PositiveIntegerField(
        _("time held for an online deposit (minutes)"),
        default=30,
        validators=[MinValueValidator(5)],
        help_text=_("An unpaid booking releases its time after this long."),
    )
    require_confirmation = models.BooleanField(
        _("photographer confirms each booking"),
        default=False,
        help_text=_("When on, new bookings wait as pending (still holding their time)."),
    )

    quiet_hours_start = models.TimeField(_("quiet hours start"), default=time(21, 0))
    quiet_hours_end = models.TimeField(_("quiet hours end"), default=time(8, 0))
    preparation_days_before = models.PositiveIntegerField(
        _("preparation email (days before)"), default=7
    )
    wardrobe_days_before = models.PositiveIntegerField(
        _("wardrobe and grooming email (days before)"), default=2
    )
    day_before_hours = models.PositiveIntegerField(_("day-before email (hours before)"), default=24)
    thank_you_days_after = models.PositiveIntegerField(_("thank-you email (days after)"), default=1)

    calendar_feed_key = models.CharField(_("calendar feed key"), max_length=64, blank=True)

    deposit_instructions = models.TextField(
        _("how to pay the deposit"),
        blank=True,
        help_text=_(
            "Your own words, shown after booking and in the confirmation email: bank transfer "
            "details, pay on the day, or a payment link."
        ),
    )

    # Studio alerts: emails to the studio itself, never to a client.
    alert_email = models.EmailField(
        _("send studio alerts to"),
        blank=True,
        help_text=_("Leave empty to use the studio's email address."),
    )
    alert_new_booking = models.BooleanField(_("a client books"), default=True)
    alert_pending = models.BooleanField(_("a booking waits for your confirmation"), default=True)
    alert_rescheduled = models.BooleanField(_("a client moves a booking"), default=True)
    alert_cancelled = models.BooleanField(_("a client cancels"), default=True)
    alert_digest = models.BooleanField(_("a morning digest of the day's sessions"), default=True)
    digest_time = models.TimeField(_("digest time"), default=time(7, 0))

    class Meta:
        verbose_name = _("studio profile")
        verbose_name_plural = _("studio profile")

    def __str__(self) -> str:
        return self.name

    @property
    def alert_recipient(self) -> str:
        """Where studio alerts go: the alert address, else the studio's email ("" if neither)."""
        return self.alert_email or self.email

    @classmethod
    def load(cls) -> "StudioProfile":
        """The studio's row, created with neutral defaults when missing.

        Inside a request the row is read once and shared (`remember_for_request`); saving
        or deleting it forgets it. Elsewhere (tasks, commands, tests) every call reads it.
        """
        if (shared := per_request.shared()) is not None:
            return shared
        profile, _created = cls.objects.get_or_create(pk=1, defaults={"name": "Photography Studio"})
        per_request.share(profile)
        return profile

    @cached_property
    def tz(self) -> zoneinfo.ZoneInfo:
        return zoneinfo.ZoneInfo(self.time_zone)


@dataclass(frozen=True)
class CoverImage:
    src: str
    srcset: str
    width: int
    height: int
    alt: str


class SessionTypeQuerySet(models.QuerySet):
    def active(self):
        return self.filter(is_active=True)


class DepositMethod(models.TextChoices):
    INSTRUCTIONS = "instructions", _("As the studio's written instructions say")
    ONLINE = "online", _("Online, by card, when booking")


class SessionType(models.Model):
    DepositMethod = DepositMethod

    class Location(models.TextChoices):
        STUDIO = "studio", _("In the studio")
        LOCATION = "location", _("On location")
        EITHER = "either", _("Studio or on location")

    kind = models.CharField(_("kind"), max_length=16, choices=SessionKind.choices)
    name = models.CharField(_("name"), max_length=120)
    slug = models.SlugField(_("slug"), max_length=80, unique=True)
    summary = models.CharField(_("one-line promise"), max_length=200)
    purpose = models.TextField(_("what it is for"))
    uses = models.TextField(
        _("where the photos are used"), blank=True, help_text=_("One use per line.")
    )
    suits = models.TextField(_("who it suits"), help_text=_("One kind of client per line."))
    framing = models.CharField(_("framing"), max_length=200, blank=True)
    backdrop = models.CharField(_("backdrop"), max_length=200, blank=True)
    light = models.CharField(_("light"), max_length=200, blank=True)
    mood = models.CharField(_("mood"), max_length=200, blank=True)
    gaze = models.CharField(_("direction of gaze"), max_length=200, blank=True)
    wardrobe = models.CharField(_("wardrobe changes"), max_length=200, blank=True)
    props = models.CharField(_("props"), max_length=200, blank=True)
    what_happens = models.TextField(_("what happens during the session"), blank=True)
    deliverables = models.TextField(_("what is delivered"), blank=True)

    duration_minutes = models.PositiveIntegerField(
        _("duration (minutes)"), validators=[MinValueValidator(15)]
    )
    buffer_before_minutes = models.PositiveIntegerField(_("buffer before (minutes)"), default=0)
    buffer_after_minutes = models.PositiveIntegerField(_("buffer after (minutes)"), default=15)
    price = models.DecimalField(
        _("price"), max_digits=8, decimal_places=2, validators=[MinValueValidator(Decimal("0"))]
    )
    deposit = models.DecimalField(
        _("deposit"),
        max_digits=8,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(Decimal("0"))],
    )
    deposit_method = models.CharField(
        _("how the deposit is paid"),
        max_length=16,
        choices=DepositMethod.choices,
        default=DepositMethod.INSTRUCTIONS,
        help_text=_(
            "Online: the client pays by card on Stripe's page straight after booking, and the "
            "time is held until they do (needs the Stripe keys; see Booking rules for how "
            "long)."
        ),
    )
    max_people = models.PositiveIntegerField(
        _("people allowed"), default=1, validators=[MinValueValidator(1)]
    )
    location = models.CharField(
        _("where"), max_length=16, choices=Location.choices, default=Location.STUDIO
    )
    looks = models.PositiveIntegerField(_("looks (outfits) included"), default=1)
    travel_before_minutes = models.PositiveIntegerField(
        _("travel before (minutes)"),
        default=0,
        help_text=_("Blocked before a session on location, like a buffer."),
    )
    travel_after_minutes = models.PositiveIntegerField(
        _("travel after (minutes)"),
        default=0,
        help_text=_("Blocked after a session on location, like a buffer."),
    )

    cover = models.ImageField(_("cover image"), upload_to="sessions/", blank=True)
    cover_alt = models.CharField(
        _("cover image description"),
        max_length=200,
        blank=True,
        help_text=_("What the picture shows, for people who cannot see it."),
    )
    # Set only by studio.services.set_cover: the clean original's size and two WebP
    # renditions made once at upload, so pages never resize images on request.
    cover_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_small = models.ImageField(upload_to="sessions/", blank=True, editable=False)
    cover_small_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_small_height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_large = models.ImageField(upload_to="sessions/", blank=True, editable=False)
    cover_large_width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    cover_large_height = models.PositiveIntegerField(null=True, blank=True, editable=False)

    is_active = models.BooleanField(_("offered"), default=True)
    order = models.PositiveIntegerField(_("order"), default=0)

    objects = SessionTypeQuerySet.as_manager()

    class Meta:
        ordering = ["order", "name"]
        verbose_name = _("session type")
        verbose_name_plural = _("session types")
        constraints = [
            models.CheckConstraint(
                condition=Q(deposit__lte=F("price")), name="sessiontype_deposit_within_price"
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self):
        if self.price is not None and self.deposit is not None and self.deposit > self.price:
            raise ValidationError({"deposit": _("The deposit cannot be more than the price.")})

    @property
    def cover_image(self) -> "CoverImage | None":
        """What a template needs for a responsive <img>: src, srcset, intrinsic size."""
        if not (self.cover_small and self.cover_large):
            return None
        candidates = {
            self.cover_small_width: self.cover_small.url,
            self.cover_large_width: self.cover_large.url,
        }
        srcset = ", ".join(f"{url} {width}w" for width, url in sorted(candidates.items()))
        return CoverImage(
            src=self.cover_large.url,
            srcset=srcset,
            width=self.cover_large_width,
            height=self.cover_large_height,
            alt=self.cover_alt,
        )

    @property
    def asks_where(self) -> bool:
        """Whether booking it asks for a place (it can happen on location)."""
        return self.location != self.Location.STUDIO

    @property
    def uses_list(self) -> list[str]:
        return [line.strip() for line in self.uses.splitlines() if line.strip()]

    @property
    def suits_list(self) -> list[str]:
        return [line.strip() for line in self.suits.splitlines() if line.strip()]


class WorkingHours(models.Model):
    """One open range on a weekday, in the studio's wall-clock time. Several make breaks."""

    class Weekday(models.IntegerChoices):
        MONDAY = 0, _("Monday")
        TUESDAY = 1, _("Tuesday")
        WEDNESDAY = 2, _("Wednesday")
        THURSDAY = 3, _("Thursday")
        FRIDAY = 4, _("Friday")
        SATURDAY = 5, _("Saturday")
        SUNDAY = 6, _("Sunday")

    weekday = models.PositiveSmallIntegerField(_("weekday"), choices=Weekday.choices)
    start = models.TimeField(_("opens"))
    end = models.TimeField(_("closes"))

    class Meta:
        ordering = ["weekday", "start"]
        verbose_name = _("working hours")
        verbose_name_plural = _("working hours")
        constraints = [
            models.CheckConstraint(
                condition=Q(end__gt=F("start")), name="workinghours_end_after_start"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_weekday_display()} {self.start:%H:%M}-{self.end:%H:%M}"


class TimeOffSeries(models.Model):
    """Time blocked every week (e.g. Fridays 13:00-17:00) from `first_day` until `until`.

    Its occurrences are ordinary TimeOff rows (`occurrences`), so the one busy-time query
    sees them like any other time off; removing one occurrence deletes that row, removing
    the series deletes them all."""

    first_day = models.DateField(_("first day"))
    until = models.DateField(_("until"))
    start_time = models.TimeField(_("from"), null=True, blank=True)
    end_time = models.TimeField(_("until (time)"), null=True, blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["first_day", "pk"]
        verbose_name = _("weekly time off")
        verbose_name_plural = _("weekly time off")

    def __str__(self) -> str:
        return f"{self.first_day:%A}s until {self.until:%Y-%m-%d} {self.reason}".strip()


class TimeOff(models.Model):
    start = models.DateTimeField(_("from"))
    end = models.DateTimeField(_("until"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    series = models.ForeignKey(
        TimeOffSeries,
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="occurrences",
    )

    class Meta:
        ordering = ["start"]
        verbose_name = _("time off")
        verbose_name_plural = _("time off")
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="timeoff_end_after_start"),
        ]

    def __str__(self) -> str:
        return f"{self.start:%Y-%m-%d %H:%M} - {self.end:%Y-%m-%d %H:%M} {self.reason}".strip()


class DailyCount(models.Model):
    """How often something anonymous happened on a day (for example a wizard started)."""

    name = models.CharField(max_length=40)
    day = models.DateField()
    count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["name", "day"]
        constraints = [models.UniqueConstraint(fields=["name", "day"], name="dailycount_once")]

    def __str__(self) -> str:
        return f"{self.name} {self.day}: {self.count}"


class CacheVersion(models.Model):
    """The version of one family of cached pages (see studio.content).

    Kept in the database, not in the cache, so that it changes in the same transaction
    as the data the pages show: a cache that was away while the data changed can never
    bring back pages filed under the version it last knew.
    """

    key = models.CharField(primary_key=True, max_length=40)
    value = models.BigIntegerField()

    def __str__(self) -> str:
        return f"{self.key}: {self.value}"
