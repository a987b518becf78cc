from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _roll_up_missing_series(sender, **kwargs):
    """The stored rolled-up series is derived data, made by the rules of the code running now: after a
    migration (the one that added it, or a restored database), indicators without it are rolled up."""
    from initiatives.services import series_refresh_missing

    series_refresh_missing()


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("initiatives")

    def ready(self):
        post_migrate.connect(_roll_up_missing_series, sender=self)
