from django.contrib import admin

from .audit import ACTIONS, AuditedAdmin
from .models import StaffAction


@admin.register(StaffAction)
class StaffActionAdmin(AuditedAdmin):
    """The record of staff actions: to read, never to add, change or delete."""

    list_display = ["at", "actor_label", "via", "what", "target_label"]
    list_filter = ["via", "action", "target_type"]
    search_fields = ["actor_label", "target_label", "action"]
    date_hierarchy = "at"

    @admin.display(description="what", ordering="action")
    def what(self, obj):
        return ACTIONS.get(obj.action, obj.action)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
