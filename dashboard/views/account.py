"""Settings > Sign-in: the signed-in staff member's own password and second factor."""

from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import urlencode
from django.views.decorators.http import require_POST
from django_otp import devices_for_user
from django_otp.plugins.otp_static.models import StaticDevice

from .. import audit
from ..access import staff_required
from ..signin import devices
from ..signin.views import RECOVERY_SESSION_KEY


@staff_required
def sign_in(request):
    found = list(devices_for_user(request.user))
    static = next((d for d in found if isinstance(d, StaticDevice)), None)
    context = {
        "has_app": any(not isinstance(d, StaticDevice) for d in found),
        "codes_left": static.token_set.count() if static else 0,
        "section": "sign_in",
    }
    return render(request, "dashboard/settings_sign_in.html", context)


@staff_required
@require_POST
def new_recovery_codes(request):
    """Ten new recovery codes, shown once on the next page; the old ones stop working."""
    codes = devices.new_recovery_codes(user=request.user)
    audit.record(
        actor=request.user,
        action="staff.recovery_codes",
        target=request.user,
        after={"recovery codes": "10 new"},
    )
    request.session[RECOVERY_SESSION_KEY] = codes
    back = reverse("dashboard:settings_sign_in")
    return redirect(f"{reverse('two_factor_recovery')}?{urlencode({'next': back})}")
