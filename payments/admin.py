from django.contrib import admin

from .models import MoneyEntry, Payment, PaymentEvent


class ReadOnly(admin.ModelAdmin):
    """Money records are written by payments.services only; the admin shows them."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Payment)
class PaymentAdmin(ReadOnly):
    list_display = ["booking", "amount", "currency", "status", "paid_at", "refunded_at"]
    list_filter = ["status"]
    search_fields = ["booking__reference", "checkout_session_id", "payment_intent_id"]


@admin.register(PaymentEvent)
class PaymentEventAdmin(ReadOnly):
    list_display = ["created_at", "kind", "booking", "stripe_event_type", "stripe_event_id"]
    list_filter = ["kind", "stripe_event_type"]
    search_fields = ["booking__reference", "stripe_event_id", "stripe_object_id"]


@admin.register(MoneyEntry)
class MoneyEntryAdmin(ReadOnly):
    list_display = ["created_at", "kind", "booking", "amount", "method", "taken_on"]
    list_filter = ["kind", "method"]
    search_fields = ["booking__reference", "reason"]
