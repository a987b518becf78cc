"""The premises register as a spreadsheet: export (CSV or .xlsx, the same columns) and import with a
preview, so a register exported and imported back unchanged changes nothing.

A row is a unit with its current status and that status's date. The columns are listed here, one by
one (never "all fields": the owners' and agents' contact details are not a column and never will be
by accident). Headers and the names of floors, use classes and statuses are written in the
reader's language; an import reads them in any of the portal's languages, or as their keys.

An import is checked completely before anything is written (`plan_import`): every row is new,
changed (which columns, old → new), unchanged, or an error with its message. A unit is matched by
committee, street, number, unit and floor. A status whose date the unit has no status on is recorded
as a new status (the history grows); the current status with its date again changes nothing.
`apply_import` writes every changed row in one transaction through premises.services, or nothing;
the plan's `fingerprint` says what the register looked like when it was checked, so a confirmation
after someone changed the register is refused (the view checks the file again and shows the new
preview).
"""
from dataclasses import dataclass, field

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committees.models import Committee
from core import reading
from core.edit_forms import shown
from core.numerals import latin_digits
from core.sheet_import import CsvDateField, CsvError, RowForm, SheetDecimalField, row_messages
from core.spreadsheet import unquote_cell
from premises import services
from premises.models import AREA, COORDINATE, Floor, Status, Unit, UnitStatus, UseClass
from premises.rules import kept_committees

YES_NO = [("yes", gettext_lazy("yes")), ("no", gettext_lazy("no"))]
UNIT_FIELDS = ["floor_area", "use_class", "asking_rent", "longitude", "latitude", "publish_address", "notes"]
KEY_FIELDS = ["committee", "street", "number", "unit_name", "floor"]
# Where the session keeps a checked file until its import is confirmed or discarded.
SESSION_KEY = "premises-register-import"


def _label(model, name):
    return model._meta.get_field(name).verbose_name


# (key, header): every column, in order. The header is the field's name in the reader's language.
COLUMNS = [
    ("committee", _label(Unit, "committee")),
    ("street", _label(Unit, "street")),
    ("number", _label(Unit, "number")),
    ("unit_name", _label(Unit, "unit_name")),
    ("floor", _label(Unit, "floor")),
    ("floor_area", _label(Unit, "floor_area")),
    ("use_class", _label(Unit, "use_class")),
    ("asking_rent", _label(Unit, "asking_rent")),
    ("longitude", _label(Unit, "longitude")),
    ("latitude", _label(Unit, "latitude")),
    ("publish_address", _label(Unit, "publish_address")),
    ("notes", _label(Unit, "notes")),
    ("status", _label(UnitStatus, "status")),
    ("status_since", gettext_lazy("status date")),
]
REQUIRED = {"committee", "street", "number", "floor", "use_class"}


def _in_every_language(text):
    """`text` (lazy) as each of the portal's languages writes it, folded for comparing."""
    names = set()
    for language, _name in settings.LANGUAGES:
        with translation.override(language):
            names.add(" ".join(str(text).split()).casefold())
    return names


def _letters(text):
    """A header's letters only, folded: "floor area (m²)" and "Floor area (m?)", as a spreadsheet saved in
    a code page without "²" writes it, are the same header."""
    return "".join(character for character in text.casefold() if character.isalpha())


def header_keys():
    """{header as any language writes it, or the key itself (letters only, folded): key}."""
    keys = {}
    for key, header in COLUMNS:
        keys[_letters(key)] = key
        keys.update(dict.fromkeys(map(_letters, _in_every_language(header)), key))
    return keys


# Export

def _names(choices):
    return {key: str(label) for key, label in choices}


def export_rows(units):
    """The header row in the reader's language, then a row of typed values per unit (core.spreadsheet);
    `units` as Unit.objects.for_register reads them (their committee and their status today). The names
    are read now, in the reader's language, not later while the rows stream out."""
    header = [str(header) for _key, header in COLUMNS]
    floors, uses, statuses, yes_no = (_names(choices) for choices in (Floor.choices, UseClass.choices, Status.choices, YES_NO))

    def rows():
        yield header
        for unit in units:
            yield [
                unit.committee.slug, unit.street, unit.number, unit.unit_name, floors[unit.floor],
                unit.floor_area, uses[unit.use_class], unit.asking_rent, unit.longitude, unit.latitude,
                yes_no["yes" if unit.publish_address else "no"], unit.notes,
                statuses.get(unit.status_now, ""), unit.status_since,
            ]
    return rows()


# Reading a row

class ChoiceCell(forms.ChoiceField):
    """A choice written as its key or its name in any of the portal's languages (case and spaces aside)."""

    def to_python(self, value):
        text = " ".join((value or "").split()).casefold()
        if not text:
            return ""
        for key, label in self.choices:
            if text == str(key).casefold() or text in _in_every_language(label):
                return key
        names = ", ".join(f"“{label}”" for key, label in self.choices if key)
        raise ValidationError(_("Unknown value: write one of %(names)s.") % {"names": names}, code="invalid_choice")

    def validate(self, value):
        if self.required and not value:
            raise ValidationError(self.error_messages["required"], code="required")


def _text(name, required=True):
    return forms.CharField(max_length=Unit._meta.get_field(name).max_length, required=required)


class UnitRow(RowForm):
    committee = forms.CharField()
    street = _text("street")
    number = _text("number")
    unit_name = _text("unit_name", required=False)
    floor = ChoiceCell(choices=Floor.choices)
    floor_area = SheetDecimalField(required=False, **AREA)
    use_class = ChoiceCell(choices=UseClass.choices)
    asking_rent = SheetDecimalField(required=False, max_digits=12, decimal_places=2)
    longitude = SheetDecimalField(required=False, min_value=-180, max_value=180, **COORDINATE)
    latitude = SheetDecimalField(required=False, min_value=-90, max_value=90, **COORDINATE)
    publish_address = ChoiceCell(choices=YES_NO, required=False)
    notes = forms.CharField(required=False)
    status = ChoiceCell(choices=Status.choices, required=False)
    status_since = CsvDateField(required=False)

    def __init__(self, data, decimal_separator=".", *, committees, today):
        super().__init__(data, decimal_separator)
        self.committees, self.today = committees, today

    def clean_committee(self):
        committee = self.committees.get(self.cleaned_data["committee"].casefold())
        if committee is None:
            raise ValidationError(_("No committee has this short name (slug)."))
        return committee

    def clean_number(self):
        return latin_digits(self.cleaned_data["number"])  # "۱۲" is house number 12

    def clean_floor_area(self):
        area = self.cleaned_data["floor_area"]
        if area is not None and area <= 0:
            raise ValidationError(_("The floor area must be more than zero."))
        return area

    def clean_asking_rent(self):
        rent = self.cleaned_data["asking_rent"]
        if rent is not None and rent <= 0:
            raise ValidationError(_("The asking rent must be more than zero, or left empty."))
        return rent

    def clean_publish_address(self):
        return self.cleaned_data["publish_address"] != "no"  # an empty cell: published, as a new unit is

    def clean_status_since(self):
        since = self.cleaned_data["status_since"]
        if since and since > self.today:
            raise ValidationError(_("A status is recorded as found: its date cannot be in the future."))
        return since

    def clean(self):
        data = super().clean()
        if (data.get("longitude") is None) != (data.get("latitude") is None) and not self.has_error("longitude") \
                and not self.has_error("latitude"):
            self.add_error("latitude", _("Give both longitude (−180 to 180) and latitude (−90 to 90), or neither."))
        if data.get("status") and "status_since" in data and not data["status_since"]:
            self.add_error("status_since", _("Give the date of the status."))
        if data.get("status_since") and "status" in data and not data["status"]:
            self.add_error("status", _("Give the status found on that date, or leave its date empty too."))
        return data


# Checking a file

CREATE, UPDATE, UNCHANGED, ERROR = "create", "update", "unchanged", "error"


@dataclass
class PlannedRow:
    line: int
    action: str  # CREATE, UPDATE, UNCHANGED or ERROR
    label: str
    data: dict = field(default_factory=dict)
    changes: list = field(default_factory=list)  # [{"field", "old", "new"}] as people read them
    messages: list = field(default_factory=list)  # of an ERROR row: what is wrong, naming the cell as typed
    note: str = ""
    unit: Unit | None = None  # the stored unit it matches
    unit_changes: dict = field(default_factory=dict)  # {field: new value}
    new_status: bool = False

    def fingerprint(self):
        unit = self.unit
        seen = [unit.pk, unit.version, unit.status_now, str(unit.status_since)] if unit else None
        return [self.line, self.action, seen]


@dataclass
class ImportPlan:
    rows: list = field(default_factory=list)

    @property
    def errors(self):
        return [row for row in self.rows if row.action == ERROR]

    @property
    def changed_count(self):
        return sum(row.action in (CREATE, UPDATE) for row in self.rows)

    @property
    def created_count(self):
        return sum(row.action == CREATE for row in self.rows)

    @property
    def updated_count(self):
        return sum(row.action == UPDATE for row in self.rows)

    @property
    def unchanged_count(self):
        return sum(row.action == UNCHANGED for row in self.rows)

    @property
    def fingerprint(self):
        return [row.fingerprint() for row in self.rows]


def read_rows(sheet):
    """(row number, {key: cell text}, {key: the header as the file writes it}) per row after the header
    row, whose headers are the columns' keys or names in any of the portal's languages."""
    if not sheet.rows:
        raise CsvError(_("The file has no rows."))
    cells = [name.strip() for name in sheet.rows[0][1]]
    while cells and not cells[-1]:
        cells.pop()  # spreadsheets keep empty columns after the last one
    known = header_keys()
    keys = [known.get(_letters(name)) for name in cells]
    unknown = [name for name, key in zip(cells, keys) if key is None]
    repeated = sorted({key for key in keys if key and keys.count(key) > 1})
    missing = [str(header) for key, header in COLUMNS if key in REQUIRED and key not in keys]
    if unknown or missing or repeated:
        problems = []
        if missing:
            problems.append(_("missing columns: %(c)s") % {"c": ", ".join(missing)})
        if unknown:
            problems.append(_("unknown columns: %(c)s") % {"c": ", ".join(unknown)})
        if repeated:
            problems.append(_("repeated columns: %(c)s") % {"c": ", ".join(repeated)})
        raise CsvError(_("The header row does not match (%(p)s). Expected: %(cols)s.") % {
            "p": "; ".join(problems), "cols": ", ".join(str(header) for _key, header in COLUMNS)})
    headers = dict(zip(keys, cells))
    for number, row in sheet.rows[1:]:
        row = list(row) + [""] * (len(keys) - len(row))
        yield number, {key: unquote_cell(cell.strip()) for key, cell in zip(keys, row)}, headers


def _describe(data):
    address = f"{data['street']} {data['number']}"
    address = f"{address}, {data['unit_name']}" if data["unit_name"] else address
    return f"{address} ({Floor(data['floor']).label}; {data['committee'].slug})"


def _stored(unit):
    values = {name: getattr(unit, name) for name in UNIT_FIELDS}
    values.update(status=unit.status_now or "", status_since=unit.status_since)
    return values


def plan_import(sheet, user, today=None):
    """Check every row of the Sheet against the register; nothing is written. Raises CsvError when the
    file as a whole is unusable. A bounded number of queries whatever the number of rows."""
    today = today or timezone.localdate()
    committees = {}
    for committee in Committee.objects.all():
        committees[committee.name.casefold()] = committees[committee.slug.casefold()] = committee
    kept = set(kept_committees(user).values_list("pk", flat=True))
    plan, checked = ImportPlan(), []
    for line, row, headers in read_rows(sheet):
        form = UnitRow(row, sheet.decimal_separator, committees=committees, today=today)
        if form.is_valid():
            checked.append((line, row, headers, form.cleaned_data))
        else:
            messages = row_messages(ValidationError(form.errors), row, headers)
            plan.rows.append(PlannedRow(line, ERROR, _row_label(row), data=row, messages=messages))
    units = _stored_units([data for *_rest, data in checked], today)
    history = _status_history(units.values(), [data["status_since"] for *_rest, data in checked])
    seen = {}
    for line, row, headers, data in checked:
        key = tuple(data[name] for name in KEY_FIELDS)
        if key in seen:
            message = _("repeats row %(line)s.") % {"line": reading.number(seen[key])}
            plan.rows.append(PlannedRow(line, ERROR, _row_label(row), data=row, messages=[message]))
            continue
        seen[key] = line
        plan.rows.append(_planned(line, row, headers, data, units.get(_key(key)), history, kept))
    plan.rows.sort(key=lambda planned: planned.line)
    if not plan.rows:
        raise CsvError(_("The file has no rows."))
    return plan


def _row_label(row):
    return " ".join(row.get(name, "") for name in ("street", "number", "unit_name") if row.get(name)) or "—"


def _key(key):
    committee, *rest = key
    return (committee.pk, *rest)


def _stored_units(rows, today):
    """The stored units the rows may match ({key: unit} with its status today), in one query."""
    committees = {data["committee"].pk for data in rows}
    streets = {data["street"] for data in rows}
    units = Unit.objects.filter(committee__in=committees, street__in=streets).with_status_on(today)
    return {(unit.committee_id, unit.street, unit.number, unit.unit_name, unit.floor): unit for unit in units}


def _status_history(units, dates):
    """{(unit pk, date): status} of the stored statuses on the rows' dates, in one query."""
    rows = UnitStatus.objects.filter(unit__in=[unit.pk for unit in units], since__in={d for d in dates if d})
    return {(unit_id, since): status for unit_id, since, status in rows.values_list("unit_id", "since", "status")}


def _planned(line, row, headers, data, unit, history, kept):
    label = _describe(data)
    planned = PlannedRow(line, CREATE, label, data=data, unit=unit)
    fields = UnitRow.base_fields
    if unit is None:
        planned.new_status = bool(data["status"])
    else:
        stored = _stored(unit)
        planned.unit_changes = {name: data[name] for name in UNIT_FIELDS if data[name] != stored[name]}
        status = (data["status"], data["status_since"])
        if data["status"] and status != (stored["status"], stored["status_since"]):
            on_that_day = history.get((unit.pk, data["status_since"]))
            if on_that_day and on_that_day != data["status"]:
                planned.action = ERROR
                planned.messages = [_(
                    "On %(date)s the unit already has the status “%(status)s”: correct it on the unit's page, "
                    "or give the date the new status was found."
                ) % {"date": reading.date(data["status_since"]), "status": Status(on_that_day).label}]
                return planned
            planned.new_status = on_that_day is None
            if planned.new_status and stored["status_since"] and data["status_since"] < stored["status_since"]:
                planned.note = _("An earlier status is added to the history; the current status stays “%(status)s”.") % {
                    "status": Status(stored["status"]).label}
        changed = [*planned.unit_changes, *(["status", "status_since"] if planned.new_status else [])]
        planned.changes = [
            {"field": headers.get(name) or str(dict(COLUMNS)[name]), "old": shown(fields[name], stored[name]),
             "new": shown(fields[name], data[name])}
            for name in changed if stored[name] != data[name]
        ]
        planned.action = UPDATE if changed else UNCHANGED
    if planned.action != UNCHANGED and data["committee"].pk not in kept:
        planned.action = ERROR
        planned.messages = [_("You do not keep the register of %(committee)s.") % {"committee": data["committee"]}]
    return planned


# Writing a checked file

@transaction.atomic
def apply_import(plan, user):
    """Write every new and changed row of a checked plan in one transaction (premises.services); the
    units are written only if still at the version the plan read (else core.edits.EditConflict, and
    nothing is written). Returns how many rows were written."""
    assert not plan.errors, "a plan with errors is never applied"
    written = 0
    for row in plan.rows:
        data = row.data
        if row.action == CREATE:
            fields = {name: data[name] for name in (*KEY_FIELDS, *UNIT_FIELDS)}
            services.unit_create(by=user, status=data["status"] or None, status_since=data["status_since"], **fields)
        elif row.action == UPDATE:
            unit = row.unit
            if row.unit_changes:
                unit = services.unit_update(unit=unit, by=user, expected_version=unit.version, **row.unit_changes)
            if row.new_status:
                services.status_record(unit=unit, status=data["status"], since=data["status_since"], by=user)
        else:
            continue
        written += 1
    return written
