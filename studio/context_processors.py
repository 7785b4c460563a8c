from .models import StudioProfile


def studio(request):
    """The studio's profile for every template (name, contact, time zone)."""
    return {"studio": StudioProfile.load()}
