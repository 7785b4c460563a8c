from functools import cache

from django.contrib.staticfiles import finders
from django.http import Http404, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import cache_control, never_cache
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


# Browsers, feed readers and phones ask for these at the site's root whatever the page
# links to; a 404 there is a console error on every page. The pages link to the same
# files' hashed static copies.
ROOT_ICONS = {
    "favicon.ico": "image/x-icon",
    "apple-touch-icon.png": "image/png",
}
ICON_MAX_AGE = 365 * 24 * 60 * 60


@cache
def _icon_bytes(name: str) -> bytes:
    with open(finders.find(f"img/{name}"), "rb") as icon:
        return icon.read()


@require_GET
@cache_control(public=True, max_age=ICON_MAX_AGE)
def root_icon(request, name):
    """The site's icon at the address clients ask for without a link; kept for a year."""
    if name not in ROOT_ICONS:
        raise Http404
    return HttpResponse(_icon_bytes(name), content_type=ROOT_ICONS[name])


def rate_limited(request, exception=None):
    return render(request, "429.html", status=429)
