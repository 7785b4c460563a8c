"""/sessions/: the session pages, which show guides (guides.sessions_views)."""

from django.urls import path

from . import sessions_views

app_name = "sessions"
urlpatterns = [
    path("", sessions_views.session_list, name="list"),
    # Before <slug>: SessionTypeForm refuses this slug for a session type.
    path("headshot-or-portrait/", sessions_views.session_compare, name="compare"),
    path("<slug:slug>/", sessions_views.session_detail, name="detail"),
]
