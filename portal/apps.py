from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender, **kwargs):
    from django.contrib.auth.models import Group, Permission

    from core.roles import sync_role_groups

    sync_role_groups(Group, Permission)


def _new_content_version(sender, **kwargs):
    # A migration may change what pages show without any model signal: no page cached before it is served.
    from core.content import content_changed

    content_changed()


class PortalConfig(AppConfig):
    name = "portal"
    verbose_name = _("portal")

    def ready(self):
        # Portal is the last installed app, so every app's permissions exist by now.
        post_migrate.connect(_sync_roles, sender=self, dispatch_uid="portal-sync-roles")
        post_migrate.connect(_new_content_version, sender=self, dispatch_uid="portal-content-version")
