from django.apps import AppConfig
from django.urls import reverse


class PaymentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "payments"
    verbose_name = "Payments"

    def ready(self):
        from bookings import deposits, links

        from . import checks  # noqa: F401 - registers the deploy check
        from .online import leading_to_checkout, takes_deposit_online

        links.provide(links.DEPOSIT, lambda token: reverse("payments:deposit", args=[token]))
        deposits.provide(takes_online=takes_deposit_online, leading_to_payment=leading_to_checkout)
