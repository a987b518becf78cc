"""The form side of edits without lost updates (core.edits): forms carry the version they were opened
at, and after an EditConflict the editor gets her form back with everything she typed, now based on
the row as stored, and is told which saved values differ from hers."""
import copy
import datetime
import decimal

from django import forms
from django.db import models
from django.utils.translation import gettext as _

from core import reading
from core.edits import EditConflict
from core.number_input import TypedNumbersModelForm

EMPTY = "–"
VERSION = "version"


def version_field():
    return forms.IntegerField(widget=forms.HiddenInput, required=False, min_value=0)


class VersionedModelForm(TypedNumbersModelForm):
    """A ModelForm for a row with an edit version (core.models.EditVersion): it carries the version it
    was opened at, to pass to the service as `expected_version`."""

    version = version_field()

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:
            self.fields[VERSION].initial = self.instance.version

    @property
    def expected_version(self):
        return self.cleaned_data.get(VERSION)

    def changes(self):
        """The model fields of the form as typed: the service's keyword arguments."""
        return {name: self.cleaned_data[name] for name in self._meta.fields if name in self.cleaned_data}


class EditVersionForm(forms.Form):
    """The version alone, for pages that edit a row's children (an initiative's budget lines)."""

    version = version_field()

    def __init__(self, data=None, *, instance, **kwargs):
        # A row without an edit version of its own (a survey's choice: its question's counts) carries none.
        super().__init__(data, initial={VERSION: getattr(instance, "version", None)}, **kwargs)

    @property
    def expected_version(self):
        return self.cleaned_data.get(VERSION) if self.is_valid() else None


def is_stale(form, stored_version):
    """Was this posted form opened at another version than the one stored? (An invalid form may be
    invalid only because someone else saved in between: that is said first.)"""
    posted = form[VERSION].data if VERSION in form.fields else None
    return str(posted) != str(stored_version)


def stale_conflict(form):
    """An EditConflict when a posted form editing a stored row was opened at an older version than the
    row's now (a form may be invalid only because someone else saved in between: that is said first)."""
    if not form.instance.pk:
        return None
    stored = type(form.instance)._default_manager.get(pk=form.instance.pk)
    return EditConflict(stored=stored, version=form[VERSION].data) if is_stale(form, stored.version) else None


def save_or_conflict(form, save, **form_kwargs):
    """For a page editing one row: (saved, form, conflict). A valid form is saved with `save()`; a save
    refused as an edit conflict, or an invalid form opened at an older version, gives the form again
    with what was typed and what to tell (form_after_conflict) instead."""
    if not form.is_bound:
        return None, form, None
    edit_conflict = None
    if form.is_valid():
        try:
            return save(), form, None
        except EditConflict as raised:
            edit_conflict = raised
    else:
        edit_conflict = stale_conflict(form)
    if edit_conflict is None:
        return None, form, None
    return (None, *form_after_conflict(type(form), form, edit_conflict, **form_kwargs))


def form_after_conflict(form_class, form, conflict, **kwargs):
    """(form, what to tell): `form_class` bound again to what the editor typed in `form`, now opened at
    the stored version (saving again is a deliberate choice), and the saved values that differ."""
    stored = conflict.stored
    data = form.data.copy()
    data[form.add_prefix(VERSION)] = stored.version
    # A copy: a form changes its instance as it validates, and the page still names the stored row.
    again = form_class(data, form.files, instance=copy.copy(stored), **kwargs)
    again.is_valid()
    details = conflict_details(stored, differing_fields(again, form_class(instance=stored, **kwargs)))
    return again, details


def conflict_details(stored, fields):
    """What the conflict message says: who saved last and when (rows that keep it), and what differs."""
    return {**saved_by(getattr(stored, "edited_by", None), getattr(stored, "edited_at", None)), "fields": fields}


def field_now(row, name):
    """A conflict message's line for one field of the stored row (its label and value as people read it)."""
    field = row._meta.get_field(name)
    now = getattr(row, f"get_{name}_display")() if field.choices else getattr(row, name)
    return {"field": field.verbose_name, "now": now}


def saved_by(user, when):
    """The conflict message's "saved by … on …" (nothing when the row does not say who saved it)."""
    if user is None or when is None:
        return {"who": [], "when": None}
    return {"who": [user.get_full_name() or user.get_username()], "when": when}


def differing_fields(typed_form, stored_form, name_prefix=""):
    """[{field, now}]: each field of `typed_form` whose stored value (in the unbound `stored_form`)
    differs from what was typed, with the stored value as people read it."""
    changes = []
    for name, field in typed_form.fields.items():
        if name in (VERSION, "DELETE") or isinstance(field.widget, forms.HiddenInput):
            continue
        stored = stored_form.get_initial_for_field(field, name)
        if field.has_changed(stored, typed_form[name].data):
            changes.append({"field": f"{name_prefix}{field.label or name}", "now": shown(field, stored)})
    return changes


def shown(field, value):
    """A form field's value as people read it: names for choices, dates in the reader's language."""
    if value in field.empty_values:
        return EMPTY
    if isinstance(field, forms.ModelChoiceField):
        items = value if isinstance(value, (list, tuple)) else [value]
        if all(isinstance(item, models.Model) for item in items):  # rows already read: named without a query
            return reading.listed(field.label_from_instance(row) for row in items)
        pks = [item.pk if isinstance(item, models.Model) else item for item in items]
        return reading.listed(field.label_from_instance(row) for row in field.queryset.filter(pk__in=pks))
    if isinstance(value, (list, tuple)):
        return reading.listed(value)
    if isinstance(field, forms.BooleanField) or isinstance(value, bool):
        return _("yes") if value else _("no")
    if isinstance(field, forms.ChoiceField):
        return str(dict(field.choices).get(value, value))
    if isinstance(value, datetime.datetime):
        return reading.date(value, "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return reading.date(value)
    if isinstance(field, forms.DecimalField) and field.decimal_places is not None:
        return reading.number(value, field.decimal_places)  # an amount with its cents: 200.00 → 1,250.50
    if isinstance(value, (int, float, decimal.Decimal)):
        return reading.number(value)
    return str(value)


def same_value(old, new):
    """Whether two cleaned values say the same: rows by their key, lists of rows whatever their order."""
    def key(value):
        if isinstance(value, models.Model):
            return (type(value), value.pk)
        if isinstance(value, (list, tuple)):
            return frozenset(key(item) for item in value)
        return value
    return key(old) == key(new)


def value_changes(fields, old, new):
    """What a change would do, field by field (an import's preview: old → new): [{"field", "old", "new"}]
    for each name of `fields` ({name: form field}, in their order) whose value in `old` differs from
    the one in `new` (dicts of values as the form cleans them; a name missing from either is left
    out), both as people read them (`shown`: the reader's numbers, dates and names). The one
    description of a change for every import preview; templates/includes/value_changes.html shows it."""
    return [
        {"field": name, "old": shown(field, old[name]), "new": shown(field, new[name])}
        for name, field in fields.items()
        if name in old and name in new and not same_value(old[name], new[name])
    ]


def rows_without_removed(formset, stored_ids):
    """A bound inline formset's data for showing the form again after an edit conflict: the rows of
    objects someone else removed meanwhile (their id not in `stored_ids`) become new rows, so what the
    editor typed in them is kept and saving again adds them back; those the editor was deleting too
    are left out."""
    data = formset.data.copy()
    rows = []
    for index in range(formset.total_form_count()):
        start = f"{formset.add_prefix(index)}-"
        rows.append({key.removeprefix(start): data.pop(key) for key in list(data) if key.startswith(start)})
    initial, stored = formset.initial_form_count(), {str(pk) for pk in stored_ids}
    kept = [row for row in rows[:initial] if row.get("id", [""])[0] in stored]
    removed = [row for row in rows[:initial] if row not in kept and not row.get("DELETE")]
    for row in removed:
        row.pop("id", None)
    rows = kept + removed + rows[initial:]
    for index, row in enumerate(rows):
        for name, values in row.items():
            data.setlist(f"{formset.add_prefix(index)}-{name}", values)
    data[formset.management_form.add_prefix(forms.formsets.INITIAL_FORM_COUNT)] = len(kept)
    data[formset.management_form.add_prefix(forms.formsets.TOTAL_FORM_COUNT)] = len(rows)
    return data


def formset_after_conflict(formset_class, formset, parent, row_name=str, **kwargs):
    """(formset, what to tell): the rows the editor typed, bound again to the rows of `parent` as stored
    (rows others removed become new rows), and how the stored rows differ: fields of rows both have,
    rows added and rows removed since the form was opened (rows named by `row_name(row)`)."""
    stored_rows = formset_class(instance=parent, prefix=formset.prefix, **kwargs)
    stored_ids = [form.instance.pk for form in stored_rows.initial_forms]
    typed = {str(form["id"].data): form for form in formset.initial_forms}
    fields, added = [], []
    for stored_form in stored_rows.initial_forms:
        typed_form = typed.get(str(stored_form.instance.pk))
        if typed_form is None:
            added.append(row_name(stored_form.instance))
        else:
            fields += differing_fields(typed_form, stored_form, name_prefix=f"{row_name(stored_form.instance)}: ")
    removed = [index + 1 for index, form_id in enumerate(typed) if form_id not in {str(pk) for pk in stored_ids}]
    again = formset_class(rows_without_removed(formset, stored_ids), instance=parent, prefix=formset.prefix, **kwargs)
    again.is_valid()
    return again, {"fields": fields, "rows_added": added, "rows_removed": removed}
