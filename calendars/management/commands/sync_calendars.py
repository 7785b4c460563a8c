from django.core.management.base import BaseCommand, CommandError

from calendars import services


class Command(BaseCommand):
    help = (
        "Read every connected calendar once and print a line for each (for cron users and "
        "checks). With --add NAME URL, connect a calendar first."
    )

    def add_arguments(self, parser):
        parser.add_argument("--add", nargs=2, metavar=("NAME", "URL"), help="connect a calendar")
        parser.add_argument(
            "--no-all-day",
            action="store_true",
            help="with --add: all-day events do not block the day",
        )

    def handle(self, *args, add=None, no_all_day=False, **options):
        if add:
            name, url = add
            try:
                calendar = services.add_calendar(name=name, url=url, all_day_blocks=not no_all_day)
            except services.InvalidCalendar as exc:
                raise CommandError(str(exc)) from None
            self.stdout.write(f"Connected {calendar.name} ({calendar.masked_url}).")
        results = services.sync_all()
        if not results:
            self.stdout.write("No calendars connected.")
        failed = 0
        for result in results:
            line = result.line()
            if result.outcome == "failed":
                failed += 1
                self.stdout.write(self.style.ERROR(line))
            else:
                self.stdout.write(line)
        if failed:
            raise CommandError(f"{failed} calendar(s) could not be read.", returncode=2)
