import importlib

from django.conf import settings
from django.contrib.auth.models import Group, Permission
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from core import demo
from core.roles import sync_role_groups

# Each app contributes its part of the demo town in a `demo` module with load(users).
APP_DEMOS = ["committees.demo", "premises.demo", "initiatives.demo", "surveys.demo"]


class Command(BaseCommand):
    help = "Load the demo town centre (idempotent: running it twice changes nothing)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--allow-production", action="store_true", help="Load even though DEBUG is off (never on a real site)."
        )

    @transaction.atomic
    def handle(self, *args, allow_production=False, **options):
        if not settings.DEBUG and not allow_production:
            raise CommandError("Demo data (with its shared demo password) is only loaded when DJANGO_DEBUG=True.")
        sync_role_groups(Group, Permission)
        users = demo.load_users()
        for module_name in APP_DEMOS:
            try:
                module = importlib.import_module(module_name)
            except ModuleNotFoundError as error:
                if error.name != module_name:
                    raise
                continue
            module.load(users)
        self.stdout.write(self.style.SUCCESS("Demo data loaded. Demo password: %s" % demo.DEMO_PASSWORD))
