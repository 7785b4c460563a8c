"""Signing in and out, the second factor and passwords (/accounts/; names without a
namespace, as Django's auth views expect)."""

from django.contrib.auth import views as auth_views
from django.urls import path

from .access import staff_required
from .signin import views

urlpatterns = [
    path("login/", views.SignInView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("two-factor/", views.verify, name="two_factor_verify"),
    path("two-factor/enrol/", views.enrol, name="two_factor_enrol"),
    path("two-factor/recovery-codes/", views.recovery_codes, name="two_factor_recovery"),
    path(
        "password/change/",
        staff_required(views.PasswordChangeView.as_view()),
        name="password_change",
    ),
    path(
        "password/reset/",
        views.reset_rate(views.PasswordResetView.as_view()),
        name="password_reset",
    ),
    path(
        "password/reset/sent/",
        auth_views.PasswordResetDoneView.as_view(
            template_name="registration/password_reset_sent.html"
        ),
        name="password_reset_done",
    ),
    path(
        "password/reset/<uidb64>/<token>/",
        auth_views.PasswordResetConfirmView.as_view(
            template_name="registration/password_reset_confirm.html"
        ),
        name="password_reset_confirm",
    ),
    path(
        "password/reset/done/",
        auth_views.PasswordResetCompleteView.as_view(
            template_name="registration/password_reset_complete.html"
        ),
        name="password_reset_complete",
    ),
]
