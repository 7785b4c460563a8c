"""/sessions/: the catalog's pages, and the session page that shows its guide.

The URLs live here, not in studio, because the session page needs guides and the
catalog may not import them (studio.models <- guides <- bookings <- dashboard).
"""

from django.urls import path

from studio import sessions_views

from . import views

app_name = "sessions"
urlpatterns = [
    path("", sessions_views.session_list, name="list"),
    # Before <slug>: SessionTypeForm refuses this slug for a session type.
    path("headshot-or-portrait/", sessions_views.session_compare, name="compare"),
    path("<slug:slug>/", views.session_detail, name="detail"),
]
