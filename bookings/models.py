from __future__ import annotations

import os
from datetime import datetime

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models
from django.db.models import F, Q
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from studio.models import SessionKind, SessionType

from .availability import change_deadline


class PrivateMediaStorage(FileSystemStorage):
    """Files under PRIVATE_MEDIA_ROOT, outside the public media. Reads the setting live,
    so a changed PRIVATE_MEDIA_ROOT (tests, another deployment) is honoured at once."""

    @property
    def base_location(self):
        return settings.PRIVATE_MEDIA_ROOT

    @property
    def location(self):
        return os.path.abspath(self.base_location)


private_storage = PrivateMediaStorage(base_url=None)


def _private_storage():
    return private_storage


class Client(models.Model):
    """A person who books. Matched by email, case-insensitively: one row per email. A
    client booked by phone may have no email (NULL, never "", so the unique rule skips them)."""

    name = models.CharField(_("name"), max_length=120)
    # NULL, not "": the unique rule must skip clients without one (PostgreSQL and SQLite)
    email = models.EmailField(_("email"), null=True, blank=True)  # noqa: DJ001
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    private_notes = models.TextField(_("private notes"), blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.UniqueConstraint(Lower("email"), name="client_email_ci_unique"),
            # "" would be one more email all phone-only clients share; NULLs never clash.
            models.CheckConstraint(condition=~Q(email=""), name="client_email_not_blank"),
        ]

    def __str__(self) -> str:
        return f"{self.name} <{self.email}>" if self.email else self.name

    def save(self, *args, **kwargs):
        self.email = (self.email or "").strip() or None
        super().save(*args, **kwargs)


class IntakeResponse(models.Model):
    """The wizard's answers and what it recommended. Written only when the wizard finishes."""

    answers = models.JSONField(_("answers"), default=dict)
    recommended_kind = models.CharField(max_length=16, choices=SessionKind.choices)
    runner_up_kind = models.CharField(max_length=16, choices=SessionKind.choices, blank=True)
    reasons = models.JSONField(default=list)
    notes = models.JSONField(default=list)
    started_from = models.ForeignKey(
        SessionType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    chosen_session_type = models.ForeignKey(
        SessionType, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"Intake {self.pk}: {self.recommended_kind}"


class BookingQuerySet(models.QuerySet):
    """The one definition of which bookings hold time and which were real sessions."""

    def holding_time(self) -> BookingQuerySet:
        """Bookings whose time is taken: the statuses the exclusion constraint covers."""
        return self.filter(status__in=self.model.ACTIVE_STATUSES)

    def sessions(self) -> BookingQuerySet:
        """Bookings that are or were a session: holding time, completed or missed; neither
        cancelled nor expired unpaid."""
        return self.filter(status__in=self.model.SESSION_STATUSES)

    def overlapping(self, start: datetime, end: datetime) -> BookingQuerySet:
        """Bookings whose blocked time (buffers included) shares any of [start, end)."""
        return self.filter(blocked_start__lt=end, blocked_end__gt=start)

    def starting_between(self, start: datetime, end: datetime) -> BookingQuerySet:
        """Bookings whose session starts in [start, end)."""
        return self.filter(start__gte=start, start__lt=end)


class Booking(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("Pending confirmation")
        CONFIRMED = "confirmed", _("Confirmed")
        CANCELLED = "cancelled", _("Cancelled")
        COMPLETED = "completed", _("Completed")
        NO_SHOW = "no_show", _("No-show")
        AWAITING_PAYMENT = "awaiting_payment", _("Awaiting deposit payment")
        EXPIRED = "expired", _("Expired (deposit not paid)")

    # Statuses that hold their time: the exclusion constraint covers exactly these.
    ACTIVE_STATUSES = (Status.PENDING, Status.CONFIRMED, Status.AWAITING_PAYMENT)
    # Statuses of a session that is planned or took place: what the diary and counts show.
    SESSION_STATUSES = (*ACTIVE_STATUSES, Status.COMPLETED, Status.NO_SHOW)

    reference = models.CharField(_("reference"), max_length=16, unique=True)
    manage_token = models.CharField(max_length=64, unique=True)
    client = models.ForeignKey(Client, on_delete=models.PROTECT, related_name="bookings")
    session_type = models.ForeignKey(SessionType, on_delete=models.PROTECT, related_name="bookings")
    start = models.DateTimeField(_("start"))
    end = models.DateTimeField(_("end"))
    blocked_start = models.DateTimeField(help_text=_("Start minus the buffer before."))
    blocked_end = models.DateTimeField(help_text=_("End plus the buffer after."))
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.CONFIRMED
    )
    people = models.PositiveIntegerField(_("people"), default=1)
    purpose = models.CharField(_("what the photos are for"), max_length=300, blank=True)
    # Where the session happens: at the studio, or at the place the client named.
    on_location = models.BooleanField(_("on location"), default=False)
    location = models.CharField(_("place"), max_length=300, blank=True)
    notes = models.TextField(_("notes for the photographer"), blank=True)
    private_notes = models.TextField(_("private notes"), blank=True)
    intake = models.ForeignKey(
        IntakeResponse,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="bookings",
    )

    # The policy the client agreed to, copied when booked.
    price = models.DecimalField(max_digits=8, decimal_places=2)
    deposit = models.DecimalField(max_digits=8, decimal_places=2)
    change_notice_hours = models.PositiveIntegerField()
    deposit_paid = models.BooleanField(_("deposit paid"), default=False)
    deposit_online = models.BooleanField(
        _("deposit paid online"),
        default=False,
        help_text=_("The client pays the deposit online when booking (Stripe Checkout)."),
    )
    # While awaiting the deposit, the time is held until then (set by services.book).
    hold_until = models.DateTimeField(_("held until"), null=True, blank=True)

    # Bumped by every reschedule: the .ics SEQUENCE and the reminders' plan version.
    version = models.PositiveIntegerField(default=0)
    idempotency_key = models.CharField(max_length=64, unique=True, null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)
    cancelled_at = models.DateTimeField(null=True, blank=True)
    cancelled_by = models.CharField(
        _("cancelled by"),
        max_length=8,
        choices=[("client", _("Client")), ("studio", _("Studio"))],
        blank=True,
    )
    cancel_reason = models.TextField(_("reason for cancelling"), blank=True)

    objects = BookingQuerySet.as_manager()

    class Meta:
        ordering = ["start"]
        indexes = [
            models.Index(fields=["blocked_start", "blocked_end"], name="booking_blocked_idx"),
            models.Index(fields=["status", "start"], name="booking_status_start_idx"),
        ]
        constraints = [
            models.CheckConstraint(condition=Q(end__gt=F("start")), name="booking_end_after_start"),
            models.CheckConstraint(
                condition=Q(blocked_start__lte=F("start")) & Q(blocked_end__gte=F("end")),
                name="booking_blocked_covers_session",
            ),
            # No-overlap between active bookings is an exclusion constraint on PostgreSQL,
            # added by migration 0002 (it cannot be expressed portably in Meta).
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.session_type} {self.start:%Y-%m-%d %H:%M}"

    @property
    def is_active(self) -> bool:
        return self.status in self.ACTIVE_STATUSES

    @property
    def place(self) -> str:
        """The place the client named for a session on location ("" at the studio)."""
        return self.location if self.on_location else ""

    @property
    def deposit_refund_due(self) -> bool:
        """A deposit paid online comes back when the studio cancelled (always), or when the
        client did (themselves, or by asking the studio) before the change deadline."""
        if not (
            self.deposit_online
            and self.deposit_paid
            and self.status == self.Status.CANCELLED
            and self.cancelled_at is not None
        ):
            return False
        return self.cancelled_by == "studio" or self.cancelled_at <= self.change_deadline

    @property
    def change_deadline(self) -> datetime:
        """Until when the client may move or cancel online, under the notice they agreed to."""
        return change_deadline(self.start, notice_hours=self.change_notice_hours)


class InspirationImage(models.Model):
    """A client's reference image: re-encoded, EXIF stripped, stored outside public media."""

    booking = models.ForeignKey(Booking, on_delete=models.CASCADE, related_name="images")
    image = models.ImageField(
        upload_to="inspiration/%Y/%m/",
        storage=_private_storage,
        width_field="width",
        height_field="height",
    )
    width = models.PositiveIntegerField(default=0)
    height = models.PositiveIntegerField(default=0)
    original_name = models.CharField(max_length=200, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.booking.reference} image {self.pk}"


class Reminder(models.Model):
    """An outbox row: one message about one booking version, sent at most once."""

    class Kind(models.TextChoices):
        REQUESTED = "requested", _("Request received")
        CONFIRMATION = "confirmation", _("Confirmation")
        PREPARATION = "preparation", _("Preparation")
        WARDROBE = "wardrobe", _("Wardrobe and grooming")
        DAY_BEFORE = "day_before", _("Day before")
        THANK_YOU = "thank_you", _("Thank you")
        RESCHEDULED = "rescheduled", _("Rescheduled")
        CANCELLED = "cancelled", _("Cancelled")
        # Studio alerts: to the studio, never to the client.
        ALERT_NEW = "alert_new", _("Studio alert: new booking")
        ALERT_PENDING = "alert_pending", _("Studio alert: waiting for confirmation")
        ALERT_MOVED = "alert_moved", _("Studio alert: moved")
        ALERT_CANCELLED = "alert_cancelled", _("Studio alert: cancelled")
        DIGEST = "digest", _("Studio digest")
        EXPIRED = "expired", _("Hold expired")
        ALERT_MONEY = "alert_money", _("Studio alert: money needs attention")
        FINISH_PAYING = "finish_paying", _("Finish paying the deposit")
        LATE_REFUND = "late_refund", _("Late payment refunded")
        CHANGED = "changed", _("Booking changed")
        RESTORED = "restored", _("Booking restored")

    class State(models.TextChoices):
        PENDING = "pending", _("Planned")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")
        SKIPPED = "skipped", _("Skipped")

    # Empty only for the studio's digest, which is about a day (`digest_day`).
    booking = models.ForeignKey(
        Booking, null=True, blank=True, on_delete=models.CASCADE, related_name="reminders"
    )
    digest_day = models.DateField(null=True, blank=True)
    # A studio alert about a move: the start the booking was moved from.
    previous_start = models.DateTimeField(null=True, blank=True)
    kind = models.CharField(max_length=16, choices=Kind.choices)
    booking_version = models.PositiveIntegerField(default=0)
    due_at = models.DateTimeField()
    state = models.CharField(max_length=16, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    sent_at = models.DateTimeField(null=True, blank=True)
    message_id = models.CharField(max_length=255, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["due_at", "pk"]
        # The sender claims in (due_at, pk) order: with pk in the index a claim reads its 25
        # rows off the index instead of sorting every due row (3 ms a claim at 5,000).
        indexes = [models.Index(fields=["state", "due_at", "id"], name="reminder_state_due_id_idx")]
        constraints = [
            models.UniqueConstraint(
                fields=["booking", "kind", "booking_version"], name="reminder_once_per_version"
            ),
            models.UniqueConstraint(
                fields=["kind", "digest_day"],
                condition=Q(digest_day__isnull=False),
                name="reminder_digest_once_a_day",
            ),
            models.CheckConstraint(
                condition=Q(booking__isnull=False) | Q(digest_day__isnull=False),
                name="reminder_about_booking_or_day",
            ),
        ]

    def __str__(self) -> str:
        about = self.booking_id if self.booking_id else self.digest_day
        return f"{self.get_kind_display()} for {about} ({self.state})"


class HistoryEntry(models.Model):
    """One change the studio made to a client or a booking, in words, never edited.

    Written only by the booking services; a booking's entries are its history on its
    page, a client's (edits, merges, export, erasure) on theirs. Kept when a client is
    merged away or erased (the text then names no one)."""

    class What(models.TextChoices):
        CLIENT_CREATED = "client_created", _("Client added")
        CLIENT_UPDATED = "client_updated", _("Client details changed")
        CLIENT_MERGED = "client_merged", _("Duplicate client merged")
        CLIENT_EXPORTED = "client_exported", _("Client data exported")
        CLIENT_ERASED = "client_erased", _("Client erased on request")
        SESSION_TYPE = "session_type", _("Session type changed")
        PEOPLE = "people", _("Number of people changed")
        PLACE = "place", _("Place changed")
        PRICE = "price", _("Price changed")
        RESTORED = "restored", _("Cancelled booking restored")

    client = models.ForeignKey(
        Client, null=True, blank=True, on_delete=models.SET_NULL, related_name="history"
    )
    booking = models.ForeignKey(
        Booking, null=True, blank=True, on_delete=models.CASCADE, related_name="history"
    )
    what = models.CharField(max_length=24, choices=What.choices)
    summary = models.TextField(blank=True)
    # The rules a change was made over ("book anyway"), in words.
    overridden = models.JSONField(default=list, blank=True)
    # The booking's version the change made: its email lists the changes of that version.
    booking_version = models.PositiveIntegerField(null=True, blank=True)
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        ordering = ["at", "pk"]
        verbose_name_plural = "history entries"

    def __str__(self) -> str:
        return f"{self.get_what_display()}: {self.summary}"
