from django.db import models
from django.utils.translation import gettext_lazy as _


class ContentVersion(models.Model):
    """A single row whose number moves on, in the same transaction, with every change to what the
    public pages show (portal.content). Cached pages and cached questionnaires are keyed by it."""

    number = models.BigIntegerField(_("number"), default=0)

    class Meta:
        verbose_name = _("content version")
        verbose_name_plural = _("content version")

    def __str__(self):
        return str(self.number)
