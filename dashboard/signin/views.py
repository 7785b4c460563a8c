"""Signing in: the password, then a code from the app (or a recovery code), or setting the
app up the first time. Also the password pages in the dashboard's style."""

from urllib.parse import urlsplit

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.contrib.auth.views import redirect_to_login
from django.shortcuts import redirect, render, resolve_url
from django.urls import reverse, reverse_lazy
from django.utils.http import url_has_allowed_host_and_scheme, urlencode
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django_otp import login as otp_login
from django_otp import user_has_device
from django_ratelimit.decorators import ratelimit

from studio.models import StudioProfile

from . import alerts, devices
from .forms import CodeForm, EnrolForm
from .policy import is_staff, needs_second_factor, passed

RECOVERY_SESSION_KEY = "signin_recovery_codes"


def next_url(request) -> str:
    """Where to go once signed in: the asked-for page on this site, else the dashboard."""
    candidate = request.POST.get("next") or request.GET.get("next") or ""
    if url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return resolve_url(settings.LOGIN_REDIRECT_URL)


def second_step_url(user, next_path: str) -> str:
    """The code page, or the set-up page for staff with no app yet, keeping `next`."""
    name = "two_factor_verify" if user_has_device(user) else "two_factor_enrol"
    return f"{reverse(name)}?{urlencode({'next': next_path})}"


class SignInView(auth_views.LoginView):
    """The password step. The same answer for an unknown name and a wrong password."""

    template_name = "registration/login.html"

    def form_valid(self, form):
        response = super().form_valid(form)
        user = form.get_user()
        known = alerts.note_sign_in(self.request, response, user=user)
        if not known:
            alerts.new_browser(self.request, user=user)
        if is_staff(user) and needs_second_factor(user):
            response["Location"] = second_step_url(user, self.get_success_url())
        return response


def _half_signed_in(view):
    """Only for someone past the password step; others are sent to it."""

    def wrapped(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(next_url(request))
        if not is_staff(request.user):
            return render(request, "dashboard/403.html", status=403)
        return view(request, *args, **kwargs)

    wrapped.__name__ = view.__name__
    return never_cache(sensitive_post_parameters("code")(wrapped))


@_half_signed_in
def verify(request):
    user = request.user
    if passed(request) and user.is_verified():
        return redirect(next_url(request))
    if not user_has_device(user):
        return redirect(second_step_url(user, next_url(request)))
    form = CodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        device = devices.match(user, form.cleaned_data["code"])
        if device is not None:
            otp_login(request, device)
            request.session.cycle_key()
            return redirect(next_url(request))
        if devices.throttled(user):
            form.add_error("code", _("That code did not work. Wait a few seconds, then try again."))
        else:
            form.add_error("code", _("That code did not work. Check the clock on your phone."))
    status = 400 if form.errors else 200
    return render(
        request,
        "registration/two_factor_verify.html",
        {"form": form, "next": next_url(request)},
        status=status,
    )


@_half_signed_in
def enrol(request):
    user = request.user
    if user_has_device(user) and not user.is_verified():
        # A password alone never replaces the app: the current one must sign in first.
        return redirect(second_step_url(user, next_url(request)))
    device = devices.pending_app(user)
    form = EnrolForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        codes = devices.confirm_app(user=user, device=device, code=form.cleaned_data["code"])
        if codes is not None:
            otp_login(request, device)
            request.session.cycle_key()
            request.session[RECOVERY_SESSION_KEY] = codes
            recovery = reverse("two_factor_recovery")
            return redirect(f"{recovery}?{urlencode({'next': next_url(request)})}")
        form.add_error("code", _("That code did not match. Type the one the app shows now."))
    issuer = StudioProfile.load().name
    context = {
        "form": form,
        "next": next_url(request),
        "qr": devices.qr_data_uri(devices.setup_url(device, issuer=issuer)),
        "key": devices.manual_key(device),
    }
    return render(
        request, "registration/two_factor_enrol.html", context, status=400 if form.errors else 200
    )


@_half_signed_in
def recovery_codes(request):
    """The recovery codes, once: they are taken out of the session as they are shown."""
    if not passed(request):
        return redirect(second_step_url(request.user, next_url(request)))
    codes = request.session.pop(RECOVERY_SESSION_KEY, None)
    context = {"codes": codes, "next": next_url(request)}
    return render(request, "registration/recovery_codes.html", context)


class PasswordChangeView(auth_views.PasswordChangeView):
    """Changing the password ends every other session of the account (Django's session
    hash); this one goes on."""

    template_name = "dashboard/password_change.html"
    success_url = reverse_lazy("dashboard:home")

    def form_valid(self, form):
        response = super().form_valid(form)
        messages.success(
            self.request, _("Password changed. Every other browser signed in as you is signed out.")
        )
        return response


reset_rate = ratelimit(key="ip", rate="5/h", method="POST", block=True)


class PasswordResetView(auth_views.PasswordResetView):
    """The same answer whether or not an account has the address."""

    template_name = "registration/password_reset_form.html"
    email_template_name = "registration/password_reset_email.txt"
    subject_template_name = "registration/password_reset_subject.txt"
    title = gettext_lazy("Reset your password")

    def form_valid(self, form):
        # Links point at the site's own address, whatever Host the request carried.
        self.domain_override = urlsplit(settings.SITE_URL).netloc
        self.extra_email_context = {"site_name": StudioProfile.load().name}
        return super().form_valid(form)
