from django.urls import path

from . import sessions_views as views

app_name = "sessions"
urlpatterns = [
    path("", views.session_list, name="list"),
    # Before <slug>: SessionTypeForm refuses this slug for a session type.
    path("headshot-or-portrait/", views.session_compare, name="compare"),
    path("<slug:slug>/", views.session_detail, name="detail"),
]
