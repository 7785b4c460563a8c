from django.db import models
from django.utils.translation import gettext_lazy as _

from bookings.models import Booking


class Payment(models.Model):
    """The deposit of one booking taken through Stripe Checkout, and what became of it."""

    class Status(models.TextChoices):
        OPEN = "open", _("Awaiting payment")
        PAID = "paid", _("Paid")
        EXPIRED = "expired", _("Not paid (checkout expired)")
        KEPT = "kept", _("Kept (late cancellation)")
        PART_REFUNDED = "part_refunded", _("Refunded in part")
        REFUNDED = "refunded", _("Refunded")

    # A refund Stripe refuses (as opposed to one it could not be asked for) is tried this
    # many times, further apart each time, then left to the studio.
    MAX_REFUND_ATTEMPTS = 4

    booking = models.OneToOneField(Booking, on_delete=models.PROTECT, related_name="payment")
    amount = models.DecimalField(_("amount"), max_digits=8, decimal_places=2)
    currency = models.CharField(_("currency"), max_length=3)
    status = models.CharField(
        _("status"), max_length=16, choices=Status.choices, default=Status.OPEN
    )
    checkout_session_id = models.CharField(max_length=255, blank=True, db_index=True)
    checkout_url = models.URLField(max_length=2000, blank=True)
    payment_intent_id = models.CharField(max_length=255, blank=True, db_index=True)
    refund_id = models.CharField(max_length=255, blank=True)
    # Money handed back so far, whoever refunded it (this site, or Stripe's dashboard).
    refunded_amount = models.DecimalField(max_digits=8, decimal_places=2, default=0)
    refund_attempts = models.PositiveSmallIntegerField(default=0)
    refund_retry_at = models.DateTimeField(null=True, blank=True)
    # The sweep's claim: another sweep leaves the row alone until then.
    claimed_until = models.DateTimeField(null=True, blank=True)
    paid_at = models.DateTimeField(null=True, blank=True)
    refunded_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"{self.booking_id} {self.amount} {self.currency} ({self.status})"

    @property
    def kept_amount(self):
        """What the studio holds of this payment now: paid less refunded (0 if never paid)."""
        if self.status in (self.Status.OPEN, self.Status.EXPIRED):
            return 0
        return self.amount - self.refunded_amount


class PaymentEvent(models.Model):
    """One money event: a Stripe webhook event (recorded once per event id) or our own
    call to Stripe. The booking's money timeline in the dashboard."""

    class Kind(models.TextChoices):
        CHECKOUT_STARTED = "checkout_started", _("Checkout opened")
        PAID = "paid", _("Deposit paid")
        PAYMENT_FAILED = "payment_failed", _("Payment attempt failed")
        CHECKOUT_EXPIRED = "checkout_expired", _("Checkout expired")
        HOLD_EXPIRED = "hold_expired", _("Hold expired, time released")
        LATE_PAYMENT = "late_payment", _("Paid after the hold ended")
        REFUND_ISSUED = "refund_issued", _("Refund issued")
        REFUND_REFUSED = "refund_refused", _("Refund refused by Stripe")
        MISMATCH = "mismatch", _("Payment not accepted: it does not match the checkout")
        PROCESSING = "processing", _("Payment not settled yet")
        REFUNDED = "refunded", _("Refund confirmed by Stripe")
        KEPT = "kept", _("Deposit kept (late cancellation)")
        GATEWAY_ERROR = "gateway_error", _("Stripe did not answer")
        IGNORED = "ignored", _("Event not used")
        UNKNOWN_BOOKING = "unknown_booking", _("Event for an unknown booking")

    booking = models.ForeignKey(
        Booking, null=True, blank=True, on_delete=models.CASCADE, related_name="payment_events"
    )
    payment = models.ForeignKey(
        Payment, null=True, blank=True, on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(max_length=24, choices=Kind.choices)
    # Stripe's event id: unique, so the same webhook delivered twice is recorded once.
    stripe_event_id = models.CharField(max_length=255, unique=True, null=True, blank=True)
    stripe_event_type = models.CharField(max_length=100, blank=True)
    stripe_object_id = models.CharField(max_length=255, blank=True)
    amount = models.DecimalField(max_digits=8, decimal_places=2, null=True, blank=True)
    currency = models.CharField(max_length=3, blank=True)
    note = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.stripe_event_id or ''}".strip()


class MoneyEntry(models.Model):
    """Money the studio takes or gives up outside Stripe, on one booking: a payment taken
    offline, a discount, or a changed price. Written only by payments.services.ledger;
    never edited (a mistake is put right by another entry)."""

    class Kind(models.TextChoices):
        PAYMENT = "payment", _("Payment taken")
        DISCOUNT = "discount", _("Discount")
        PRICE = "price", _("Price changed")

    class Method(models.TextChoices):
        CASH = "cash", _("Cash")
        CARD = "card", _("Card on the day")
        TRANSFER = "transfer", _("Bank transfer")

    booking = models.ForeignKey(Booking, on_delete=models.PROTECT, related_name="money_entries")
    kind = models.CharField(max_length=16, choices=Kind.choices)
    # A payment: the amount taken; a discount: the amount off; a price change: the new price.
    amount = models.DecimalField(max_digits=8, decimal_places=2)
    method = models.CharField(max_length=16, choices=Method.choices, blank=True)
    taken_on = models.DateField(null=True, blank=True)
    reason = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["created_at", "pk"]
        indexes = [models.Index(fields=["kind", "taken_on"], name="money_entry_kind_taken_idx")]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(amount__gte=0), name="money_entry_not_negative"
            )
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount} on {self.booking_id}"
