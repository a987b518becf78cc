import datetime

from django.core.management.base import BaseCommand, CommandError

from initiatives.vacancy_indicator import vacancy_indicator_refresh


class Command(BaseCommand):
    help = ("Compute the vacancy-rate indicator's monthly values from the premises register again "
            "(initiatives/vacancy_indicator.py). Run it daily by cron: it brings in the month just ended.")

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="start", type=datetime.date.fromisoformat,
                            help="Compute from this day's month on (YYYY-MM-DD), dropping computed values before it.")

    def handle(self, *args, start=None, **options):
        indicator = vacancy_indicator_refresh(start=start)
        if indicator is None:
            raise CommandError("No indicator has the slug settings.VACANCY_INDICATOR names.")
        computed = indicator.measurements.exclude(computed_from="").count()
        self.stdout.write(f"{indicator.slug}: {computed} monthly values computed from the register.")
