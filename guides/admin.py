from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from .markdown import render_markdown
from .models import Guide, Tip


@admin.register(Guide)
class GuideAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "order", "is_published"]
    list_editable = ["order", "is_published"]
    prepopulated_fields = {"slug": ["title"]}
    readonly_fields = ["intro_preview"]

    @admin.display(description=_("Introduction as visitors see it"))
    def intro_preview(self, obj):
        return render_markdown(obj.intro) if obj else ""


@admin.register(Tip)
class TipAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "category",
        "order",
        "for_headshot",
        "for_portrait",
        "for_hybrid",
        "use_in_reminders",
    ]
    list_editable = ["order", "for_headshot", "for_portrait", "for_hybrid", "use_in_reminders"]
    list_filter = ["category", "for_headshot", "for_portrait", "for_hybrid", "use_in_reminders"]
    search_fields = ["title", "body"]
    readonly_fields = ["body_preview"]
    fieldsets = [
        (None, {"fields": ["category", "title", "body", "body_preview", "order"]}),
        (
            _("Where it appears"),
            {"fields": ["for_headshot", "for_portrait", "for_hybrid", "use_in_reminders"]},
        ),
    ]

    @admin.display(description=_("Body as visitors see it"))
    def body_preview(self, obj):
        return render_markdown(obj.body) if obj else ""
