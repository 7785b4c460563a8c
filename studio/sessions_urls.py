from django.urls import path

from . import sessions_views as views

app_name = "sessions"
urlpatterns = [
    path("", views.session_list, name="list"),
]
