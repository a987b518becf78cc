"""The superuser admin's saves of rows with an edit version (core.models.EditVersion) go through
core.edits.versioned_save, as every service's do: the version moves on and the admin is named as
the last editor, so a staff form opened before is refused instead of overwriting the admin's change.
The admin's own form carries the version it was opened at too, and is refused the same way when a
colleague saved the row in between."""
from django import forms
from django.utils.translation import gettext_lazy as _

from core.edit_forms import version_field
from core.edits import versioned_save
from core.models import EditVersion


class VersionedAdminForm(forms.ModelForm):
    """An admin change form that says so, and saves nothing, when the row was saved by someone else
    after it was opened. (Its field has a name of its own: the admin lists a form's fields, and
    the model's `version` is not one a form may edit.)"""

    opened_at_version = version_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields["opened_at_version"].initial = self.instance.version

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk and cleaned.get("opened_at_version") != self.instance.version:
            raise forms.ValidationError(_("Someone else saved this while you were editing it"), code="stale")
        return cleaned


class VersionedSaveAdmin:
    """A ModelAdmin mixin: the row and its inline rows that carry an edit version are saved by versioned_save."""

    form = VersionedAdminForm

    def save_model(self, request, obj, form, change):
        if change:
            # The version moves on from the stored one, locked until the admin's save commits: a
            # history "revert" hands over the old row with its old version, which must not come back.
            obj.version = type(obj)._default_manager.select_for_update().values_list("version", flat=True).get(pk=obj.pk)
            obj._state.adding = False  # a row rebuilt from its history counts as new until saved
        versioned_save(obj, by=request.user)

    def save_formset(self, request, form, formset, change):
        if not issubclass(formset.model, EditVersion):
            return super().save_formset(request, form, formset, change)
        for row in formset.save(commit=False):
            versioned_save(row, by=request.user)
        for row in formset.deleted_objects:
            row.delete()
        formset.save_m2m()
