"""Edits of shared rows without lost updates: the one version check every staff form that edits an
existing row goes through (rows carry core.models.EditVersion).

A form carries the version of the row it was opened at. Saving locks the stored row until the
transaction ends and compares: a row someone else saved in between is not overwritten, the editor
gets EditConflict instead (with the row as stored now) and sees her form again (core.edit_forms).
"""
from django.db import transaction
from django.utils import timezone


class EditConflict(Exception):
    """Someone else saved the row after the editor opened it at `version`; nothing was written."""

    def __init__(self, *, stored, version):
        super().__init__(f"{stored} changed since version {version}")
        self.stored = stored  # the row as stored now
        self.version = version


def lock_at_version(instance, expected_version):
    """The stored row of `instance`, locked until the transaction ends, if it is still at
    `expected_version` (a form without its version counts as stale); else EditConflict."""
    stored = type(instance)._default_manager.select_for_update().get(pk=instance.pk)
    if expected_version != stored.version:
        raise EditConflict(stored=stored, version=expected_version)
    return stored


def stamp_editor(row, by):
    """Name `by` as the author of the coming save: in the row's history where it keeps one, and as
    its last editor where it has the fields (core.models.EditedBy)."""
    row._history_user = by
    if hasattr(row, "edited_by_id"):
        row.edited_by, row.edited_at = by, timezone.now()


def versioned_save(row, *, by, update_fields=None):
    """Save a row that carries an edit version (core.models.EditVersion), naming `by` as its author:
    the one place where a saved row's version moves on (a new row starts at 1). Every service that
    saves such a row calls this (or edit_save, which checks the version first); a bare save() leaves
    the version as it is."""
    stamp_editor(row, by)
    if not row._state.adding:
        row.version += 1
    if update_fields is not None:
        update_fields = {*update_fields, "version", *(("edited_by", "edited_at") if hasattr(row, "edited_by_id") else ())}
    row.save(update_fields=update_fields)
    return row


@transaction.atomic
def edit_save(*, instance, by, expected_version, **changes):
    """Write `changes` (field name → value; a many-to-many field takes the related objects) to the stored
    row of `instance`, only if it is still at `expected_version`. The row is checked (`full_clean`), its
    version moves on and it names `by`. Returns the saved row; raises EditConflict and writes nothing
    when someone else saved it in between."""
    return edit_write(lock_at_version(instance, expected_version), by=by, **changes)


def edit_write(stored, *, by, **changes):
    """Write `changes` to `stored`, a row already locked at the version the editor saw
    (lock_at_version), for a service that reads the row before it changes it; see edit_save."""
    if "original_language" in changes and "translations" not in changes:
        # The texts are now said to be in that language: a translation into it swaps places with them.
        changes = {**changes, **stored.original_language_changes(changes["original_language"], changes)}
    related = {}
    for name, value in changes.items():
        if stored._meta.get_field(name).many_to_many:
            related[name] = value
        else:
            setattr(stored, name, value)
    stored.full_clean(exclude=["edited_by"])  # the editor is the signed-in user: no query to find them
    versioned_save(stored, by=by)
    for name, value in related.items():
        getattr(stored, name).set(value)
    return stored


def saved_where_different(model, lookup, values, *, check=True):
    """The row of `model` found by `lookup`, created with `values` or changed where it differs from
    them; saved only then (checked first unless `check` is off), so timestamps and history stay quiet
    when nothing changes. For rows without an edit version (reference data, the demo's accounts)."""
    row = model._default_manager.filter(**lookup).first() or model(**lookup)
    if row.pk is not None and all(getattr(row, name) == value for name, value in values.items()):
        return row
    for name, value in values.items():
        setattr(row, name, value)
    if check:
        row.full_clean()
    row.save()
    return row
