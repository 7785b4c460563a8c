from django.contrib import admin
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .forms import SESSION_TYPE_SECTIONS, SessionTypeForm
from .models import SessionType, StudioProfile, TimeOff, WorkingHours
from .services import remove_cover


@admin.register(StudioProfile)
class StudioProfileAdmin(admin.ModelAdmin):
    list_display = ["name", "time_zone", "email", "phone"]


@admin.register(SessionType)
class SessionTypeAdmin(admin.ModelAdmin):
    form = SessionTypeForm
    list_display = ["name", "kind", "duration_minutes", "price", "deposit", "is_active", "order"]
    list_filter = ["kind", "is_active"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "summary"]
    readonly_fields = ["cover_preview"]
    fieldsets = [
        (title, {"fields": ["cover_preview", *names] if "cover" in names else names})
        for title, names in SESSION_TYPE_SECTIONS
    ]

    def delete_model(self, request, obj):
        # Clearing first queues the files for deletion once the delete commits.
        remove_cover(session_type=obj)
        super().delete_model(request, obj)

    def delete_queryset(self, request, queryset):
        for session_type in queryset.exclude(cover=""):
            remove_cover(session_type=session_type)
        super().delete_queryset(request, queryset)

    @admin.display(description=_("Current cover"))
    def cover_preview(self, obj):
        cover = obj.cover_image if obj and obj.pk else None
        if cover is None:
            return _("No cover yet.")
        sizes = _("%(w)s×%(h)s px original; web sizes %(small)s and %(large)s px wide") % {
            "w": obj.cover_width,
            "h": obj.cover_height,
            "small": obj.cover_small_width,
            "large": obj.cover_large_width,
        }
        return format_html(
            '<img src="{}" width="240" alt="{}" style="height:auto"><br>{}',
            obj.cover_small.url,
            cover.alt,
            sizes,
        )


@admin.register(WorkingHours)
class WorkingHoursAdmin(admin.ModelAdmin):
    list_display = ["weekday", "start", "end"]
    list_filter = ["weekday"]


@admin.register(TimeOff)
class TimeOffAdmin(admin.ModelAdmin):
    list_display = ["start", "end", "reason"]
    date_hierarchy = "start"
