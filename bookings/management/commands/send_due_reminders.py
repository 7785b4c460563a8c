from django.core.management.base import BaseCommand, CommandError

from bookings.reminders import due_count, plan_digest, send_due


class Command(BaseCommand):
    help = (
        "Send the reminder emails that are due, once (for cron; with Celery, beat runs the "
        "same sweep every minute). Safe to run while workers run too."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--limit", type=int, default=500, help="Send at most this many messages (500)."
        )

    def handle(self, *args, limit=500, **options):
        if limit < 1:
            raise CommandError("--limit must be at least 1.")
        plan_digest()
        sent = send_due(limit=limit)
        waiting = due_count()
        self.stdout.write(f"Sent {sent} message(s); {waiting} still due.")
