from django.apps import AppConfig


class StudioConfig(AppConfig):
    name = "studio"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from . import checks  # noqa: F401 - registers the deploy checks
        from .content import watch
        from .models import SessionType, StudioProfile, WorkingHours

        watch(StudioProfile, SessionType, WorkingHours)
        _share_the_profile_per_request(StudioProfile)


def _share_the_profile_per_request(profile_model) -> None:
    """One read of the studio's row per request, forgotten when it is saved or deleted."""
    from django.core.signals import request_finished, request_started
    from django.db.models.signals import post_delete, post_save

    from . import per_request

    def forget(**kwargs):
        per_request.forget()

    request_started.connect(
        lambda **kw: per_request.open_scope(), weak=False, dispatch_uid="studio-row-open"
    )
    request_finished.connect(
        lambda **kw: per_request.close_scope(), weak=False, dispatch_uid="studio-row-close"
    )
    post_save.connect(forget, sender=profile_model, weak=False, dispatch_uid="studio-row-save")
    post_delete.connect(forget, sender=profile_model, weak=False, dispatch_uid="studio-row-del")
