from django.apps import AppConfig
from django.urls import reverse


class DashboardConfig(AppConfig):
    """The photographer's back office: the top layer, which nothing below imports."""

    name = "dashboard"
    verbose_name = "Dashboard"

    def ready(self):
        from bookings import links

        links.provide(
            links.STAFF_BOOKING, lambda reference: reverse("dashboard:booking", args=[reference])
        )
        links.provide(links.STAFF_HOME, lambda: reverse("dashboard:home"))
