from django.urls import path

from . import views

app_name = "intake"
urlpatterns = [
    path("", views.intake_wizard, name="start"),
    path("result/", views.result, name="result"),
    path("<slug:step>/", views.intake_wizard, name="step"),
]
