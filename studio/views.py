from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .content import public_page
from .health import broker_status, cache_status, database_status
from .models import SessionType


@public_page
def home(request):
    session_types = SessionType.objects.active()
    return render(request, "studio/home.html", {"session_types": session_types})


@require_GET
@never_cache
def healthz(request):
    """200 while the database and the broker answer; a cache that does not only degrades."""
    checks = {"database": database_status(), "broker": broker_status(), "cache": cache_status()}
    healthy = checks["database"] == "ok" and checks["broker"] == "ok"
    if not healthy:
        status = "unavailable"
    else:
        status = "ok" if checks["cache"] == "ok" else "degraded"
    return JsonResponse({"status": status, **checks}, status=200 if healthy else 503)


@require_GET
@never_cache
def live(request):
    """Liveness: the process answers. No database, no template (also the bench baseline)."""
    return HttpResponse("ok", content_type="text/plain")


def rate_limited(request, exception=None):
    return render(request, "429.html", status=429)
