from django.urls import path

from . import views

app_name = "bookings"
urlpatterns = [
    path("book/", views.choose_session, name="choose"),
    path("book/<slug:slug>/", views.book, name="book"),
    path("book/<slug:slug>/slots/", views.slots, name="slots"),
    path("book/<slug:slug>/details/", views.details, name="details"),
    path("book/<slug:slug>/review/", views.review, name="review"),
    path("book/<slug:slug>/confirmed/", views.confirmed, name="confirmed"),
    path("manage/<str:token>/", views.manage, name="manage"),
    path("manage/<str:token>/calendar.ics", views.manage_ics, name="manage_ics"),
    path("manage/<str:token>/cancel/", views.manage_cancel, name="manage_cancel"),
    path("manage/<str:token>/reschedule/", views.manage_reschedule, name="manage_reschedule"),
    path("manage/<str:token>/reschedule/slots/", views.manage_slots, name="manage_slots"),
    path("manage/<str:token>/reschedule/move/", views.manage_move, name="manage_move"),
]
