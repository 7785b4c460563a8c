from django.urls import path

from . import views

app_name = "payments"
urlpatterns = [
    path("stripe/webhook/", views.stripe_webhook, name="stripe_webhook"),
    path("deposit/<str:token>/", views.deposit, name="deposit"),
    path("deposit/<str:token>/paid/", views.returned, name="returned"),
]
