from django.conf import settings
from django.contrib.sessions.models import Session
from django.core.management.base import BaseCommand
from django.utils import timezone

from core.lockout import sign_in_log_expire
from premises.contacts import erased_contacts_delete
from surveys.services import invitations_expire


class Command(BaseCommand):
    help = (
        "Delete the personal data whose time is up: the invitation codes of surveys that closed "
        "PORTAL_INVITATION_RETENTION_DAYS days ago or more (used or not; the responses stay), the "
        "sign-in log older than PORTAL_SIGN_IN_LOG_DAYS days, and expired sessions (with the survey answers "
        "they kept), and what is left of premises contacts whose person was erased. Safe to run at any time: run it daily."
    )

    def handle(self, *args, **options):
        codes = invitations_expire()
        sign_ins = sign_in_log_expire()
        # What Django's clearsessions does for the database store, counted for the report.
        sessions, _ = Session.objects.filter(expire_date__lt=timezone.now()).delete()
        erased_contacts_delete()  # links to people already erased: nothing personal is counted or said
        if codes or sign_ins or sessions or options["verbosity"] > 1:
            self.stdout.write(
                f"Deleted {codes} invitation codes of surveys closed {settings.PORTAL_INVITATION_RETENTION_DAYS} "
                f"days ago or more, {sign_ins} sign-ins logged over {settings.PORTAL_SIGN_IN_LOG_DAYS} days ago, "
                f"and {sessions} expired sessions."
            )
