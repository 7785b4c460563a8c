from django.apps import AppConfig


class DashboardConfig(AppConfig):
    """The photographer's back office: the top layer, which nothing below imports."""

    name = "dashboard"
    verbose_name = "Dashboard"
