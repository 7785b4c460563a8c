from django.contrib import admin

from .models import Guide, Tip


@admin.register(Guide)
class GuideAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "order", "is_published"]
    prepopulated_fields = {"slug": ["title"]}


@admin.register(Tip)
class TipAdmin(admin.ModelAdmin):
    list_display = [
        "title",
        "category",
        "for_headshot",
        "for_portrait",
        "for_hybrid",
        "use_in_reminders",
    ]
    list_filter = ["category", "for_headshot", "for_portrait", "for_hybrid", "use_in_reminders"]
    search_fields = ["title", "body"]
