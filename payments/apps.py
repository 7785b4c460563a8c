from django.apps import AppConfig
from django.urls import reverse


class PaymentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "payments"
    verbose_name = "Payments"

    def ready(self):
        from bookings import links

        from . import checks  # noqa: F401 - registers the deploy check

        links.provide(links.DEPOSIT, lambda token: reverse("payments:deposit", args=[token]))
