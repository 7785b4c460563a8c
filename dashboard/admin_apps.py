from django.contrib.admin.apps import AdminConfig


class StudioAdminConfig(AdminConfig):
    """Django's admin on the studio's site: the dashboard's sign-in, every change recorded."""

    default_site = "dashboard.admin_site.StudioAdminSite"
