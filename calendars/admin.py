from django.contrib import admin

from .models import Calendar


@admin.register(Calendar)
class CalendarAdmin(admin.ModelAdmin):
    list_display = ["name", "masked_url", "last_success_at", "event_count", "last_error"]
    # The address is a secret and the read state belongs to the reader: edit in the dashboard.
    exclude = ["url", "etag", "last_modified", "covered_until", "sync_started_at"]
    readonly_fields = [
        "last_checked_at",
        "last_success_at",
        "event_count",
        "last_error",
        "last_error_at",
    ]

    def has_add_permission(self, request):
        return False
