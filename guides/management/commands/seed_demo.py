from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from guides.demo import seed_guides
from studio.demo import seed_studio


# In guides, not studio: it loads both, and only guides may depend on the catalog.
class Command(BaseCommand):
    help = "Create or update the demo studio, its content and (with DEBUG on) a staff login."

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-login",
            action="store_true",
            help="Load the content only, without the demo staff login.",
        )

    @transaction.atomic
    def handle(self, *args, no_login=False, **options):
        profile = seed_studio()
        seed_guides()
        self.stdout.write(f"Demo studio '{profile.name}' ready.")
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
