from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from bookings.demo import seed_bookings
from guides.demo import seed_guides
from studio.demo import seed_studio


# In bookings: it loads the catalog, the guides and sample bookings, and only bookings may
# depend on all three.
class Command(BaseCommand):
    help = (
        "Create or update the demo studio and its content; with DEBUG on, also sample "
        "bookings and a staff login."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-login",
            action="store_true",
            help="Without the demo staff login.",
        )
        parser.add_argument(
            "--no-bookings",
            action="store_true",
            help="Without the sample clients and bookings.",
        )

    @transaction.atomic
    def handle(self, *args, no_login=False, no_bookings=False, **options):
        profile = seed_studio()
        seed_guides()
        self.stdout.write(f"Demo studio '{profile.name}' ready.")
        if no_bookings:
            pass
        elif settings.DEBUG:
            bookings = seed_bookings()
            self.stdout.write(f"{len(bookings)} sample bookings ready.")
        else:
            # Sample clients would get real reminder emails from a live studio.
            self.stdout.write("Sample bookings are made only with DEBUG on.")
        if no_login:
            return
        if not settings.DEBUG:
            raise CommandError(
                "Refusing to create the demo login with a known password while DEBUG is off. "
                "Use --no-login, or createsuperuser for a real account."
            )
        user, created = get_user_model().objects.get_or_create(
            username=settings.STUDIO_DEMO_USERNAME,
            defaults={"is_staff": True, "is_superuser": True, "email": profile.email},
        )
        if created:
            user.set_password(settings.STUDIO_DEMO_PASSWORD)
            user.save()
        self.stdout.write(
            f"Demo login: {settings.STUDIO_DEMO_USERNAME} / {settings.STUDIO_DEMO_PASSWORD}"
        )
