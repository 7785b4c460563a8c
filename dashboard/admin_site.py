"""The admin behind the dashboard's sign-in, each change it makes written to the record.

The apps below register their admins on `django.contrib.admin.site` as usual; this is that
site (dashboard.admin_apps), so they need not know about the dashboard.
"""

from django.contrib import admin
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect

from . import audit
from .signin.policy import is_signed_in_staff
from .signin.views import next_url, second_step_url


class StudioAdminSite(admin.AdminSite):
    def has_permission(self, request):
        return is_signed_in_staff(request)

    def login(self, request, extra_context=None):
        """The dashboard's sign-in, both steps, never the admin's own password-only form."""
        if request.user.is_authenticated and request.user.is_staff:
            return redirect(second_step_url(request.user, next_url(request)))
        return redirect_to_login(request.GET.get("next") or request.path.replace("login/", ""))

    def register(self, model_or_iterable, admin_class=None, **options):
        admin_class = admin_class or admin.ModelAdmin
        if not issubclass(admin_class, audit.AuditedAdmin):
            admin_class = type(admin_class.__name__, (audit.AuditedAdmin, admin_class), {})
        super().register(model_or_iterable, admin_class, **options)
