from django.urls import path
from django.views.generic import TemplateView

app_name = "intake"
urlpatterns = [
    # Replaced by the intake wizard (issue 4).
    path("", TemplateView.as_view(template_name="bookings/intake_placeholder.html"), name="start"),
]
