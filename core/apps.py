from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """The ground every app stands on: roles, the content version and page cache, edits with a
    version, files, sign-in lockout, the demo's base. It imports none of the apps."""

    name = "core"
    verbose_name = _("core")

    def ready(self):
        from core import checks  # noqa: F401  (registers the system checks of the portal's settings)
        from core.content import connect_signals

        connect_signals()
