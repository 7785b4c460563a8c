from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("healthz/", views.healthz, name="healthz"),
    path("healthz/live/", views.live, name="live"),
    path("favicon.ico", views.root_icon, {"name": "favicon.ico"}),
    path("apple-touch-icon.png", views.root_icon, {"name": "apple-touch-icon.png"}),
    path("apple-touch-icon-precomposed.png", views.root_icon, {"name": "apple-touch-icon.png"}),
    path("sessions/", include("guides.sessions_urls")),
    path("guides/", include("guides.urls")),
    path("which-session/", include("bookings.intake.urls")),
    path("", include("bookings.urls")),
    path("payments/", include("payments.urls")),
    path("dashboard/", include("dashboard.urls")),
    # Signing in (password, then the second factor) and passwords: the dashboard's.
    path("accounts/", include("dashboard.account_urls")),
    path("admin/", admin.site.urls),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)
