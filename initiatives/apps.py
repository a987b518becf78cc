from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _roll_up_missing_series(sender, apps=None, **kwargs):
    """The stored rolled-up series is derived data, made by the rules of the code running now: after a
    migration (the one that added it, or a restored database), indicators without it are rolled up.
    Only when the tables it reads are as the code has them: not after a rollback of this app
    (`migrate initiatives 0010`), where `apps` (the migrated state) lacks them or their new columns."""
    from initiatives.services import series_refresh_missing

    if apps is not None and not all(_as_in_code(apps, sender.label, name) for name in ("PeriodValue", "Measurement")):
        return
    series_refresh_missing()


def _as_in_code(apps, app_label, model_name):
    from django.apps import apps as live

    try:
        migrated = apps.get_model(app_label, model_name)
    except LookupError:
        return False
    columns = {field.column for field in migrated._meta.concrete_fields}
    return {field.column for field in live.get_model(app_label, model_name)._meta.concrete_fields} <= columns


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("initiatives")

    def ready(self):
        post_migrate.connect(_roll_up_missing_series, sender=self)
        from initiatives.vacancy_indicator import refresh_after_register_change
        from premises.changes import on_register_change

        on_register_change(refresh_after_register_change)
