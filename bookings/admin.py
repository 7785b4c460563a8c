from django.contrib import admin

from .models import Booking, Client, InspirationImage, IntakeResponse, Reminder


@admin.register(Client)
class ClientAdmin(admin.ModelAdmin):
    list_display = ["name", "email", "phone", "created_at"]
    search_fields = ["name", "email"]


@admin.register(IntakeResponse)
class IntakeResponseAdmin(admin.ModelAdmin):
    list_display = ["pk", "recommended_kind", "chosen_session_type", "created_at"]
    list_filter = ["recommended_kind"]


class ReminderInline(admin.TabularInline):
    model = Reminder
    extra = 0
    readonly_fields = [
        "kind",
        "booking_version",
        "due_at",
        "state",
        "attempts",
        "sent_at",
        "last_error",
    ]
    can_delete = False


@admin.register(Booking)
class BookingAdmin(admin.ModelAdmin):
    list_display = ["reference", "client", "session_type", "start", "status", "deposit_paid"]
    list_filter = ["status", "session_type"]
    search_fields = ["reference", "client__name", "client__email"]
    date_hierarchy = "start"
    list_select_related = ["client", "session_type"]
    raw_id_fields = ["client", "intake"]
    inlines = [ReminderInline]


@admin.register(Reminder)
class ReminderAdmin(admin.ModelAdmin):
    list_display = ["booking", "kind", "due_at", "state", "attempts", "sent_at"]
    list_filter = ["state", "kind"]
    list_select_related = ["booking"]


admin.site.register(InspirationImage)
