from django.urls import path

from .views import agenda, bookings, calendar, clients, content, feed, insights, settings

app_name = "dashboard"
urlpatterns = [
    path("", agenda.home, name="home"),
    path("bookings/", agenda.booking_list, name="bookings"),
    path("bookings/<str:reference>/", bookings.booking_detail, name="booking"),
    path(
        "bookings/<str:reference>/images/<int:pk>/",
        bookings.booking_image,
        name="booking_image",
    ),
    path(
        "bookings/<str:reference>/images/<int:pk>/thumb/",
        bookings.booking_image,
        {"size": "thumb"},
        name="booking_thumb",
    ),
    path("emails/failed/", agenda.failed_emails, name="failed_emails"),
    path("calendar/", calendar.month, name="calendar"),
    path("calendar/week/", calendar.week, name="calendar_week"),
    path("clients/", clients.client_list, name="clients"),
    path("clients/export.csv", clients.client_export, name="clients_export"),
    path("clients/<int:pk>/", clients.client_detail, name="client"),
    path("settings/", settings.profile, name="settings_profile"),
    path("settings/rules/", settings.rules, name="settings_rules"),
    path("settings/reminders/", settings.reminders, name="settings_reminders"),
    path("settings/hours/", settings.hours, name="settings_hours"),
    path("settings/time-off/", settings.time_off, name="settings_time_off"),
    path(
        "settings/time-off/<int:pk>/delete/",
        settings.time_off_delete,
        name="settings_time_off_delete",
    ),
    path("settings/calendar-feed/", settings.calendar_feed, name="settings_calendar_feed"),
    path(
        "settings/calendar-feed/rotate/",
        settings.calendar_feed_rotate,
        name="settings_calendar_feed_rotate",
    ),
    path("settings/session-types/", content.session_types, name="session_types"),
    path("settings/session-types/new/", content.session_type_edit, name="session_type_new"),
    path("settings/session-types/<int:pk>/", content.session_type_edit, name="session_type_edit"),
    path("guides/", content.guides, name="guides"),
    path("guides/new/", content.guide_edit, name="guide_new"),
    path("guides/<int:pk>/", content.guide_edit, name="guide_edit"),
    path("tips/new/", content.tip_edit, name="tip_new"),
    path("tips/<int:pk>/", content.tip_edit, name="tip_edit"),
    path("tips/<int:pk>/delete/", content.tip_delete, name="tip_delete"),
    path("insights/", insights.insights, name="insights"),
    path("feed/<str:key>.ics", feed.feed, name="feed"),
]
