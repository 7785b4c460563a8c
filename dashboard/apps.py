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

        # Axes's own signal: the studio hears of a login locked after repeated failures.
        from axes.signals import user_locked_out

        user_locked_out.connect(_locked_out, dispatch_uid="dashboard.signin.locked_out")
        # Django's: a session starts its inactivity clock when it signs in.
        from django.contrib.auth.signals import user_logged_in

        from .signin.middleware import stamp

        user_logged_in.connect(stamp, dispatch_uid="dashboard.signin.stamp")


def _locked_out(sender, request=None, username="", **kwargs):
    from .signin import alerts

    alerts.locked_out(request, username=username or "")
