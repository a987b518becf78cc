from django.conf import settings
from django.core.management.base import BaseCommand

from surveys.services import invitations_expire


class Command(BaseCommand):
    help = (
        "Delete the invitation codes of surveys that closed PORTAL_INVITATION_RETENTION_DAYS days ago or "
        "more (used or not; the responses stay). Safe to run at any time: run it daily."
    )

    def handle(self, *args, **options):
        deleted = invitations_expire()
        if deleted or options["verbosity"] > 1:
            days = settings.PORTAL_INVITATION_RETENTION_DAYS
            self.stdout.write(f"Deleted {deleted} invitation codes of surveys closed {days} days ago or more.")
