from django.apps import AppConfig


class StudioConfig(AppConfig):
    name = "studio"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401 - registers the deploy checks
        from .content import watch
        from .models import SessionType, StudioProfile, WorkingHours

        watch(StudioProfile, SessionType, WorkingHours)
