from django.core.management.base import BaseCommand
from django.db import connections
from django.db.utils import OperationalError


class Command(BaseCommand):
    help = "Create the PostgreSQL database named in DATABASE_URL if it does not exist yet (set-up step)."

    def handle(self, *args, **options):
        connection = connections["default"]
        try:
            connection.ensure_connection()
            return
        except OperationalError as error:
            if "does not exist" not in str(error):
                raise
        name = connection.settings_dict["NAME"]
        # Connect to the maintenance database, as Django's test runner does, to create ours.
        with connection._nodb_cursor() as cursor:
            cursor.execute("CREATE DATABASE %s" % connection.ops.quote_name(name))
        self.stdout.write(f"Created database {name}.")
