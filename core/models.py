from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class EditVersion(models.Model):
    """Optimistic locking for rows staff edit in forms: every save through core.edits.versioned_save
    (the services, the admin) moves `version` on, so a form opened at an older version is refused
    (core.edits.EditConflict) instead of silently overwriting what someone else saved in between."""

    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True


class EditedBy(EditVersion):
    """An edit version plus who saved the row last through a staff form, and when: what an editor
    whose save was refused is told (rows without a change history)."""

    edited_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("last edited by"), null=True, blank=True, editable=False,
        on_delete=models.SET_NULL, related_name="+",
    )
    edited_at = models.DateTimeField(_("last edited at"), null=True, blank=True, editable=False)

    class Meta:
        abstract = True
