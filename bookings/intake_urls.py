from django.urls import path

from . import intake_views

app_name = "intake"
urlpatterns = [
    path("", intake_views.intake_wizard, name="start"),
    path("result/", intake_views.result, name="result"),
    path("<slug:step>/", intake_views.intake_wizard, name="step"),
]
