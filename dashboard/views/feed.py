import secrets

from django.http import Http404, HttpResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from bookings.calendar import feed_ics
from studio.models import StudioProfile

from ..selectors.settings import feed_bookings


@require_GET
@never_cache
def feed(request, key):
    """The studio's .ics subscription. Calendar apps cannot log in: the secret key is the pass."""
    studio = StudioProfile.load()
    expected = studio.calendar_feed_key
    if not expected or not secrets.compare_digest(key.encode(), expected.encode()):
        raise Http404("Unknown feed")
    response = HttpResponse(
        feed_ics(feed_bookings(), studio=studio), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="studio-bookings.ics"'
    response["X-Robots-Tag"] = "noindex"
    return response
