from django.urls import path

from . import views

app_name = "bookings"
urlpatterns = [
    path("book/", views.choose_session, name="choose"),
    path("manage/<str:token>/", views.manage, name="manage"),
]
