"""The superuser admin's saves of rows with an edit version (core.models.EditVersion) go through
core.edits.versioned_save, as every service's do: the version moves on and the admin is named as
the last editor, so a staff form opened before is refused instead of overwriting the admin's change."""
from core.edits import versioned_save
from core.models import EditVersion


class VersionedSaveAdmin:
    """A ModelAdmin mixin: the row and its inline rows that carry an edit version are saved by versioned_save."""

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
