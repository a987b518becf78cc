from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, **kwargs):
    from django.contrib.auth.models import Group, Permission

    from portal.roles import sync_role_groups

    sync_role_groups(Group, Permission)


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("portal")

    def ready(self):
        # Portal is the last installed app, so every app's permissions exist by now.
        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="portal-sync-roles")
