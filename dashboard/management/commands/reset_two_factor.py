from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from dashboard.signin import devices


class Command(BaseCommand):
    help = (
        "Remove a staff member's second factor (a lost phone and recovery codes): they set "
        "up a new app the next time they sign in with their password."
    )

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        user = get_user_model().objects.filter(username=username).first()
        if user is None:
            raise CommandError(f"No account is called {username!r}.")
        if devices.remove_all(user):
            self.stdout.write(
                f"{username}: app and recovery codes removed; they set up a new app at their "
                "next sign-in."
            )
        else:
            self.stdout.write(f"{username} had no second factor; nothing to remove.")
