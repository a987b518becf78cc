"""Spreadsheet export and import of initiatives, milestones and progress updates (the same columns
both ways, so an exported file imports back unchanged, as CSV or .xlsx, and also after Excel in any
of the portal's languages saved it) and of an indicator's measurements.

An import is parsed and checked completely before anything is written: `plan_import` returns
either row-level errors (with the row numbers a spreadsheet shows) or the planned rows, and
`apply_import` writes every planned row in one transaction, through the same services as the pages
(initiatives.services), which name the importer in the history and record status changes.
"""
import abc
import datetime
from dataclasses import dataclass, field
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from committees.models import Committee, Organisation
from committees.rules import can_view_committee
from initiatives import rules
from initiatives.models import FundingLine, Initiative, Measurement, Milestone, ProgressUpdate, Theme
from initiatives.services import (
    funding_lines_update,
    initiative_create,
    initiative_update,
    measurements_record,
    milestones_update,
    progress_update_post,
)
from core import reading
from core.edit_forms import value_changes
from core.number_input import number_formfield
from core.roles import managers
from core.spreadsheet import unquote_cell
from core.sheet_import import (
    CsvDateField,
    CsvError,
    RowForm,
    SheetDecimalField,
    SheetIntegerField,
    YesNoField,
    cell_message,
    date_message,
    parse_date,
    row_messages,
)
from core.spreadsheet_reading import read_number

SOURCES = [source for source, _label in FundingLine.Source.choices]
YES, NO = "yes", "no"


def _yes_no(value):
    return YES if value else NO


# Row forms: one per kind, used only to parse and validate a row of a spreadsheet.

def _money_cell(model_field):
    """A budget line's amount in a row: what the model field stores, so the preview, not the
    confirmation, refuses an amount with too many digits or decimal places."""
    return SheetDecimalField(
        min_value=0, max_digits=model_field.max_digits, decimal_places=model_field.decimal_places, required=False
    )


class InitiativeRow(RowForm):
    slug = forms.SlugField(max_length=200)
    title = forms.CharField(max_length=200)
    summary = forms.CharField(max_length=300)
    description = forms.CharField(required=False)
    theme = forms.ModelChoiceField(Theme.objects.all(), to_field_name="slug")
    status = forms.ChoiceField(choices=Initiative.Status.choices)
    lead_committee = forms.ModelChoiceField(Committee.objects.all(), to_field_name="slug")
    responsible_manager = forms.ModelChoiceField(
        managers(), to_field_name="username", required=False,
        error_messages={"invalid_choice": gettext_lazy("“%(value)s” is not a user with the manager role.")},
    )
    partners = forms.CharField(required=False)
    area = forms.CharField(max_length=100, required=False)
    start_on = CsvDateField(required=False)
    end_on = CsvDateField(required=False)
    is_public = YesNoField(required=False)
    progress_override = SheetIntegerField(min_value=0, max_value=100, required=False)

    def __init__(self, data, decimal_separator="."):
        self.base_fields = {**self.base_fields, **{
            f"{money}_{source}": _money_cell(FundingLine._meta.get_field(money))
            for source in SOURCES for money in ("planned", "spent")
        }}
        super().__init__(data, decimal_separator)

    def clean_partners(self):
        names = [name.strip() for name in self.cleaned_data["partners"].split(";") if name.strip()]
        found = {o.name: o for o in Organisation.objects.filter(name__in=names)}
        missing = [name for name in names if name not in found]
        if missing:
            raise ValidationError(_("Unknown organisation: %(names)s.") % {"names": reading.listed(missing)})
        return [found[name] for name in names]


class MilestoneRow(RowForm):
    initiative = forms.ModelChoiceField(Initiative.objects.all(), to_field_name="slug")
    title = forms.CharField(max_length=200)
    due_on = CsvDateField()
    done_on = CsvDateField(required=False)


class UpdateRow(RowForm):
    initiative = forms.ModelChoiceField(Initiative.objects.all(), to_field_name="slug")
    date = CsvDateField()
    text = forms.CharField()
    # Read only to tell the importer it is not used: the importer is the author (UpdateKind.note).
    author = forms.CharField(required=False)


@dataclass
class PlannedRow:
    line: int
    action: str  # "create", "update" or "unchanged" (identical to what is stored: nothing is written)
    label: str
    data: dict
    note: str = ""  # what the preview says about the row beyond its action
    changes: list = field(default_factory=list)  # of a row to update: the fields that change (edit_forms.value_changes)


@dataclass
class ImportPlan:
    kind: "CsvKind"
    rows: list = field(default_factory=list)
    errors: list = field(default_factory=list)  # (line, message)

    @property
    def changed_count(self):
        return sum(row.action != UNCHANGED for row in self.rows)


UNCHANGED = "unchanged"


class CsvKind(abc.ABC):
    """One kind of file: its columns, how to export rows, and how to check and write an imported row."""

    key = ""
    columns: list = []
    row_form = None

    def export(self, initiatives, shown_to=None):
        """The header row, then a row of typed values per object, for core.spreadsheet; `shown_to`:
        the user who downloads it, who sees no committee they may not (None: everything, for the
        portal's own use)."""
        yield self.columns
        for row in self.export_rows(initiatives, shown_to):
            yield [row.get(column) for column in self.columns]

    @abc.abstractmethod
    def natural_key(self, data):
        """What identifies the row's object: a file may name it only once."""

    @abc.abstractmethod
    def check(self, data, user):
        """Return (action, label) for a valid row, or raise ValidationError."""

    @abc.abstractmethod
    def unchanged(self, stored, data):
        """Does the row say exactly what `stored` already holds? Then it is skipped."""

    @abc.abstractmethod
    def write(self, data, user):
        """Create or update the row's object."""

    def note(self, data, user):
        """What the preview says about a row that will be written, beyond its action."""
        return ""

    def stored_values(self, data):
        """What is stored now for the row's object, in the shape of the row's cleaned data ({column:
        value}; None: nothing stored), for the preview's old → new."""
        return None

    def wanted_values(self, data):
        """What the row will store, in the same shape (its cleaned data, unless a blank cell stands for
        something else)."""
        return data

    def changes(self, data):
        """The columns of a row to update whose value changes: [{"field", "old", "new"}], as the reader
        reads them."""
        stored = self.stored_values(data)
        if stored is None:
            return []
        return value_changes(self.row_form(data={}).fields, stored, self.wanted_values(data))


def _committee_slug_for(committee, user):
    return committee.slug if user is None or can_view_committee(user, committee) else ""


class InitiativeKind(CsvKind):
    key = "initiatives"
    columns = [
        "slug", "title", "summary", "description", "theme", "status", "lead_committee", "responsible_manager",
        "partners", "area", "start_on", "end_on", "is_public", "progress_override",
    ] + [f"{money}_{source}" for source in SOURCES for money in ("planned", "spent")]
    row_form = InitiativeRow
    required = {"slug", "title", "summary", "theme", "status", "lead_committee"}

    def export_rows(self, initiatives, shown_to=None):
        rows = initiatives.select_related("theme", "lead_committee", "responsible_manager").prefetch_related(
            "partners", "funding_lines"
        )
        for initiative in rows:
            row = {
                "slug": initiative.slug,
                "title": initiative.title,
                "summary": initiative.summary,
                "description": initiative.description,
                "theme": initiative.theme.slug,
                "status": initiative.status,
                "lead_committee": _committee_slug_for(initiative.lead_committee, shown_to),
                "responsible_manager": initiative.responsible_manager.username if initiative.responsible_manager else "",
                "partners": "; ".join(p.name for p in initiative.partners.all()),
                "area": initiative.area,
                "start_on": initiative.start_on,
                "end_on": initiative.end_on,
                "is_public": _yes_no(initiative.is_public),
                "progress_override": initiative.progress_override,
            }
            for line in initiative.funding_lines.all():
                row[f"planned_{line.source}"], row[f"spent_{line.source}"] = line.planned, line.spent
            yield row

    def natural_key(self, data):
        return data["slug"]

    def check(self, data, user):
        existing = Initiative.objects.filter(slug=data["slug"]).first()
        if existing and self.unchanged(existing, data) and rules.can_view_initiative(user, existing):
            return UNCHANGED, data["title"]  # nothing to write, so no edit permission is needed
        if existing and not rules.can_edit_initiative(user, existing):
            raise ValidationError(_("You may not edit the existing initiative “%(slug)s”.") % {"slug": data["slug"]})
        if not rules.can_lead_with(user, data["lead_committee"]):
            raise ValidationError(_("You are not a member of the committee “%(c)s”.") % {"c": data["lead_committee"].slug})
        initiative = self._fill(existing or Initiative(), data)
        initiative.full_clean(validate_unique=existing is None)
        return ("update" if existing else "create"), data["title"]

    FIELDS = ("slug", "title", "summary", "description", "theme", "lead_committee", "responsible_manager",
              "area", "start_on", "end_on", "is_public", "progress_override")

    def _fill(self, initiative, data):
        for name in self.FIELDS:
            setattr(initiative, name, data[name])
        return initiative

    def unchanged(self, initiative, data):
        """Does the row say exactly what is stored (fields, status, partners, budget lines)?"""
        if any(getattr(initiative, name) != data[name] for name in self.FIELDS) or initiative.status != data["status"]:
            return False
        if {p.pk for p in initiative.partners.all()} != {p.pk for p in data["partners"]}:
            return False
        stored = {line.source: (line.planned, line.spent) for line in initiative.funding_lines.all()}
        return all(stored.get(source) == _wanted_funding(data, source) for source in SOURCES)

    def stored_values(self, data):
        rows = Initiative.objects.filter(slug=data["slug"]).prefetch_related("partners", "funding_lines")
        initiative = rows.select_related("theme", "lead_committee", "responsible_manager").first()
        if initiative is None:
            return None
        stored = {name: getattr(initiative, name) for name in (*self.FIELDS, "status")}
        stored["partners"] = list(initiative.partners.all())
        lines = {line.source: line for line in initiative.funding_lines.all()}
        for source in SOURCES:
            for money in ("planned", "spent"):
                stored[f"{money}_{source}"] = getattr(lines[source], money) if source in lines else None
        return stored

    def wanted_values(self, data):
        """A blank amount beside a given one is stored as 0 (_wanted_funding): the preview says so."""
        wanted = dict(data)
        for source in SOURCES:
            amounts = _wanted_funding(data, source)
            for position, money in enumerate(("planned", "spent")):
                wanted[f"{money}_{source}"] = amounts[position] if amounts else None
        return wanted

    def write(self, data, user):
        values = {name: data[name] for name in (*self.FIELDS, "status", "partners")}
        stored = _locked(Initiative.objects.filter(slug=data["slug"]))
        if stored is None:
            initiative = initiative_create(by=user, **values)
        else:
            initiative = initiative_update(initiative=stored, by=user, expected_version=stored.version, **values)
        funding_lines_update(
            initiative=initiative, by=user, expected_version=initiative.version, lines=_funding_rows(initiative, data)
        )


def _locked(initiatives):
    """The initiative an import row writes to, locked until the import commits. The file says what is
    to be stored, whatever is stored now (nobody opened it at a version), so the row's version as
    read here is the one the services check."""
    return initiatives.select_for_update().first()


def _funding_rows(initiative, data):
    """The budget lines a row asks for, as the service's row dicts: a source with both amounts blank
    is removed, any other added or set (a line left as it is is not written)."""
    stored = {line.source: line.pk for line in initiative.funding_lines.all()}
    rows = []
    for source in SOURCES:
        wanted = _wanted_funding(data, source)
        if wanted is None:
            rows += [{"id": stored[source], "delete": True}] if source in stored else []
        else:
            rows.append({"id": stored.get(source), "source": source, "planned": wanted[0], "spent": wanted[1]})
    return rows


def _wanted_funding(data, source):
    """The budget line a row asks for from `source`: None when both amounts are blank, else
    (planned, spent) with a blank amount counted as 0. What is compared and what is written."""
    planned, spent = data[f"planned_{source}"], data[f"spent_{source}"]
    return None if planned is None and spent is None else (planned or Decimal(0), spent or Decimal(0))


class _ChildKind(CsvKind):
    """Rows that belong to an initiative the importing user may edit."""

    def check(self, data, user):
        label = f"{data['initiative'].slug}: {self.describe(data)}"
        stored = self.existing(data).first()
        if stored is not None and self.unchanged(stored, data) and rules.can_view_initiative(user, data["initiative"]):
            return UNCHANGED, label  # nothing to write, so no edit permission is needed
        if not rules.can_edit_initiative(user, data["initiative"]):
            raise ValidationError(_("You may not edit “%(slug)s”.") % {"slug": data["initiative"].slug})
        return ("update" if stored is not None else "create"), label


class MilestoneKind(_ChildKind):
    key = "milestones"
    columns = ["initiative", "title", "due_on", "done_on"]
    row_form = MilestoneRow
    required = set(columns) - {"done_on"}

    def export_rows(self, initiatives, shown_to=None):
        for milestone in Milestone.objects.filter(initiative__in=initiatives).select_related("initiative").order_by(
            "initiative__slug", "due_on", "pk"
        ):
            yield {
                "initiative": milestone.initiative.slug,
                "title": milestone.title,
                "due_on": milestone.due_on,
                "done_on": milestone.done_on,
            }

    def natural_key(self, data):
        return data["initiative"].pk, data["title"]

    def existing(self, data):
        return Milestone.objects.filter(initiative=data["initiative"], title=data["title"])

    def describe(self, data):
        return data["title"]

    def unchanged(self, stored, data):
        return stored.due_on == data["due_on"] and stored.done_on == data["done_on"]

    def stored_values(self, data):
        stored = self.existing(data).first()
        return None if stored is None else {"due_on": stored.due_on, "done_on": stored.done_on}

    def write(self, data, user):
        initiative = _locked(Initiative.objects.filter(pk=data["initiative"].pk))
        stored = self.existing(data).first()
        milestones_update(initiative=initiative, by=user, expected_version=initiative.version, milestones=[{
            "id": stored.pk if stored else None, "title": data["title"], "due_on": data["due_on"],
            "done_on": data["done_on"],
        }])


class UpdateKind(_ChildKind):
    key = "updates"
    columns = ["initiative", "date", "text", "author"]
    row_form = UpdateRow
    required = {"initiative", "date", "text"}

    def export_rows(self, initiatives, shown_to=None):
        for update in ProgressUpdate.objects.filter(initiative__in=initiatives).select_related(
            "initiative", "author"
        ).order_by("initiative__slug", "date", "created_at"):
            yield {
                "initiative": update.initiative.slug,
                "date": update.date,
                "text": update.text,
                "author": update.author.username if update.author else "",
            }

    def natural_key(self, data):
        return data["initiative"].pk, data["date"], data["text"]

    def existing(self, data):
        return ProgressUpdate.objects.filter(initiative=data["initiative"], date=data["date"], text=data["text"])

    def describe(self, data):
        return f"{data['date'].isoformat()} {data['text'][:60]}"

    def unchanged(self, stored, data):
        return True  # an update is matched by its date and text; the import never rewrites one

    def note(self, data, user):
        named = data["author"]
        if named and named != user.get_username():
            return _("The author column names “%(named)s”: the update is posted under your name.") % {"named": named}
        return ""

    def write(self, data, user):
        """A new update, posted by the importer: nobody posts in someone else's name."""
        if not self.existing(data).exists():
            progress_update_post(initiative=data["initiative"], author=user, text=data["text"], date=data["date"])


KINDS = {kind.key: kind for kind in (InitiativeKind(), MilestoneKind(), UpdateKind())}


def import_session_key(kind_key):
    """Where the session keeps the rows of a checked file until the import is confirmed or discarded."""
    return f"initiatives-import-{kind_key}"


def imports_waiting(session):
    """The kinds (KINDS) whose checked file waits in this session for its import to be confirmed."""
    return [kind for key, kind in KINDS.items() if session.get(import_session_key(key))]


def _read_rows(kind, sheet):
    """(row number, {column: cell text}) per row after the header row, which must name the kind's columns."""
    if not sheet.rows:
        raise CsvError(_("The file has no rows."))
    header = [name.strip() for name in sheet.rows[0][1]]
    while header and not header[-1]:
        header.pop()  # spreadsheets keep empty columns after the last one
    missing = kind.required - set(header)
    unknown = set(header) - set(kind.columns)
    if missing or unknown:
        problems = []
        if missing:
            problems.append(_("missing columns: %(c)s") % {"c": reading.listed(sorted(missing))})
        if unknown:
            problems.append(_("unknown columns: %(c)s") % {"c": reading.listed(sorted(unknown))})
        raise CsvError(_("The header row does not match (%(p)s). Expected: %(cols)s.") % {
            "p": "; ".join(problems), "cols": ",".join(kind.columns)})
    for number, cells in sheet.rows[1:]:
        cells = list(cells) + [""] * (len(header) - len(cells))
        yield number, {name: unquote_cell(cell.strip()) for name, cell in zip(header, cells)}


def plan_import(kind, sheet, user):
    """Check every row of the Sheet; nothing is written. Raises CsvError when the file as a whole is unusable."""
    plan = ImportPlan(kind=kind)
    seen = {}
    for line, row in _read_rows(kind, sheet):
        form = kind.row_form(row, decimal_separator=sheet.decimal_separator)
        if not form.is_valid():
            plan.errors += [(line, message) for message in row_messages(ValidationError(form.errors), row)]
            continue
        data = form.cleaned_data
        key = kind.natural_key(data)
        if key in seen:
            plan.errors.append((line, _("repeats row %(line)s.") % {"line": reading.number(seen[key])}))
            continue
        seen[key] = line
        try:
            action, label = kind.check(data, user)
        except ValidationError as error:
            plan.errors += [(line, message) for message in row_messages(error, row)]
            continue
        note = kind.note(data, user) if action != UNCHANGED else ""
        changes = kind.changes(data) if action == "update" else []
        plan.rows.append(PlannedRow(line=line, action=action, label=label, data=data, note=note, changes=changes))
    if not plan.rows and not plan.errors:
        raise CsvError(_("The file has no rows."))
    return plan


@transaction.atomic
def apply_import(plan, user):
    """Write every changed row of a checked plan in one transaction; unchanged rows are skipped."""
    assert not plan.errors, "a plan with errors is never applied"
    changed = [row for row in plan.rows if row.action != UNCHANGED]
    for row in changed:
        plan.kind.write(row.data, user)
    return len(changed)


# Measurements: a counter's export, "date,value" per row (or "date,value,period"), with or without a
# header row.

MEASUREMENT_HEADERS = ("date", "datum", "data", "day", "dzień", "تاریخ")


def parse_measurements(sheet, *, period):
    """[(date, value, period)] from the Sheet, a row's period read from its third cell or else `period`;
    or CsvError listing every bad row (so nothing is stored)."""
    rows, errors = [], []
    value_field = number_formfield(Measurement._meta.get_field("value"))
    for index, (line, cells) in enumerate(sheet.rows):
        cells = list(cells)
        while len(cells) > 2 and not cells[-1].strip():
            cells.pop()  # empty columns after the two or three
        if index == 0 and cells[0].strip().lower() in MEASUREMENT_HEADERS:
            continue
        try:
            rows.append(_measurement(cells, sheet.decimal_separator, value_field, period))
        except ValidationError as error:
            errors.append(_("row %(line)s, %(problem)s") % {"line": reading.number(line), "problem": error.message})
    dates = [measured_on for measured_on, _value, _period in rows]
    if len(set(dates)) != len(dates):
        errors.append(_("The file has the same date more than once."))
    if errors:
        raise CsvError(*errors)
    if not rows:
        raise CsvError(_("The file has no rows."))
    return rows


def _measurement(cells, decimal_separator, value_field, period):
    """(date, value, period) of a row's cells; the value as the file writes it, checked against what the
    model field stores (never rounded to fit), or ValidationError naming the cell."""
    if len(cells) not in (2, 3):
        raise ValidationError(_("expected two or three cells, date, value and period; found %(count)s.") % {
            "count": reading.number(len(cells))})
    date_cell, value_cell = cells[0].strip(), cells[1].strip()
    measured_on = parse_date(date_cell)
    if measured_on is None:
        raise ValidationError(cell_message(_("date"), date_cell, date_message(date_cell)))
    value = read_number(value_cell, decimal_separator)
    if value is None:
        raise ValidationError(cell_message(_("value"), value_cell, _("not a number.")))
    try:
        value = value_field.clean(value)
    except ValidationError as error:
        raise ValidationError(cell_message(_("value"), value_cell, " ".join(error.messages))) from None
    return measured_on, value, _row_period(cells[2].strip() if len(cells) == 3 else "", period)


def _row_period(cell, period):
    """A row's own period, written as its key ("month") or its name in the page's language; blank: `period`."""
    if not cell:
        return period
    names = {key: key for key in Measurement.Period.values}
    names.update({str(label).lower(): key for key, label in Measurement.Period.choices})
    if cell.lower() not in names:
        raise ValidationError(cell_message(_("period"), cell, _("write day, week, month, quarter or year.")))
    return names[cell.lower()]


@dataclass
class MeasurementChange:
    """A row of a measurement file as the preview shows it: what it stores, and what it replaces."""

    measured_on: datetime.date
    value: Decimal
    period: str
    stored: Measurement | None = None

    def get_period_display(self):
        return Measurement.Period(self.period).label

    @property
    def action(self):
        if self.stored is None:
            return "create"
        same = (self.stored.value, self.stored.period) == (self.value, self.period)
        return UNCHANGED if same else "update"


def plan_measurements(*, indicator, sheet, period):
    """The file's rows with the values they replace, for the preview; nothing is written. A date whose
    value is computed from another register cannot be imported over: CsvError naming each."""
    rows = parse_measurements(sheet, period=period)
    stored = {m.measured_on: m for m in indicator.measurements.filter(measured_on__in=[row[0] for row in rows])}
    computed = [stored[row[0]] for row in rows if row[0] in stored and stored[row[0]].is_computed]
    if computed:
        raise CsvError(*[_("%(date)s: the value is computed from %(register)s; correct it there.") % {
            "date": reading.date(m.measured_on), "register": m.computed_from} for m in computed])
    return [MeasurementChange(*row, stored=stored.get(row[0])) for row in rows]


def import_measurements(*, indicator, sheet, source, period, by):
    """Store the file's rows (initiatives.services.measurements_record); returns how many were new or changed."""
    rows = parse_measurements(sheet, period=period)
    return len(measurements_record(indicator=indicator, rows=rows, source=source, by=by))


