from django.apps import AppConfig


class BookingsConfig(AppConfig):
    name = "bookings"
    default_auto_field = "django.db.models.BigAutoField"

    def ready(self):
        from studio.content import AVAILABILITY, watch
        from studio.models import TimeOff

        from .models import Booking

        watch(Booking, TimeOff, version=AVAILABILITY)
