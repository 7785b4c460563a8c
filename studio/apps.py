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

    def start(**kwargs):
        profile_model.remember_for_request(active=True)

    def finish(**kwargs):
        profile_model.remember_for_request(active=False)

    def forget(**kwargs):
        profile_model.forget()

    request_started.connect(start, weak=False, dispatch_uid="studio-profile-start")
    request_finished.connect(finish, weak=False, dispatch_uid="studio-profile-finish")
    post_save.connect(forget, sender=profile_model, weak=False, dispatch_uid="studio-profile-save")
    post_delete.connect(
        forget, sender=profile_model, weak=False, dispatch_uid="studio-profile-delete"
    )
