from django.contrib import admin

from .models import SessionType, StudioProfile, TimeOff, WorkingHours


@admin.register(StudioProfile)
class StudioProfileAdmin(admin.ModelAdmin):
    list_display = ["name", "time_zone", "email", "phone"]


@admin.register(SessionType)
class SessionTypeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "duration_minutes", "price", "deposit", "is_active", "order"]
    list_filter = ["kind", "is_active"]
    prepopulated_fields = {"slug": ["name"]}
    search_fields = ["name", "summary"]


@admin.register(WorkingHours)
class WorkingHoursAdmin(admin.ModelAdmin):
    list_display = ["weekday", "start", "end"]
    list_filter = ["weekday"]


@admin.register(TimeOff)
class TimeOffAdmin(admin.ModelAdmin):
    list_display = ["start", "end", "reason"]
    date_hierarchy = "start"
