from django.apps import AppConfig


class GuidesConfig(AppConfig):
    name = "guides"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from studio.content import watch

        from .models import Guide, Tip

        watch(Guide, Tip)
