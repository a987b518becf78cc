"""Every write of the programme and the indicators. Views, the CSV import and the demo data call these
functions with plain values (field values, model instances for foreign keys, lists of row dicts);
each owns its transaction, the version check (core.edits), the author of the history records, the
initiative version stamped on milestone records (see models.InitiativeVersionStamp) and the
status-change record. The content version moves with every save (core.content), and explicitly
where a write sends no signals.

An initiative's rows (milestones, budget lines, targets) are given as dicts: `{"id": None, ...}`
adds a row, `{"id": pk, ...}` changes the named fields of a stored row, `{"id": pk, "delete": True}`
removes it. A row that would stay as stored is not written, so it gets no history record.
"""
from dataclasses import asdict

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from initiatives.models import (
    FundingLine,
    Indicator,
    Initiative,
    Measurement,
    Milestone,
    PeriodValue,
    ProgressUpdate,
    StatusChange,
    Target,
)
from initiatives.models.rollup import Reading, rolled_up_series, year_before
from core.content import content_changed
from core.edits import edit_write, lock_at_version, saved_where_different, stamp_editor, versioned_save
from core.translated import follow_original_language, translation_save
from core.files import reencoded_photo


def _record_status_change(*, initiative, from_status, by, on=None):
    if from_status == initiative.status:
        return None
    return StatusChange.objects.create(
        initiative=initiative,
        from_status=from_status or "",
        to_status=initiative.status,
        changed_on=on or timezone.localdate(),
        changed_by=by,
    )


@transaction.atomic
def initiative_create(*, by, milestones=(), partners=(), added_on=None, **fields):
    """A new initiative with `fields`, its partner organisations and milestones (row dicts without
    an id); its first status is recorded as of `added_on` (today if not given)."""
    initiative = Initiative(**fields)
    initiative.full_clean()
    versioned_save(initiative, by=by)
    initiative.partners.set(partners)
    _write_rows(*_rows_to_write(Milestone, initiative, milestones), by=by, initiative_version=initiative.version)
    _record_status_change(initiative=initiative, from_status="", by=by, on=added_on)
    return initiative


@transaction.atomic
def initiative_update(*, initiative, by, expected_version, milestones=(), **changes):
    """Write `changes` (field name → value; `partners` takes organisations) to the initiative and add,
    change or remove `milestones` (row dicts), only if it is still at `expected_version`; else
    core.edits.EditConflict and nothing is written. The initiative is saved (its version moves on)
    even when nothing differs; a new status is recorded. Returns the initiative as saved."""
    stored = lock_at_version(initiative, expected_version)
    from_status, from_language = stored.status, stored.original_language
    saved = edit_write(stored, by=by, **changes)
    if saved.original_language != from_language:  # its milestones and updates are written in its language
        for model in (Milestone, ProgressUpdate):
            rows = list(model.objects.filter(initiative=saved, original_language=from_language))
            model.objects.bulk_update(rows, [*follow_original_language(rows, saved.original_language),
                                             *model.translated_fields])
    _write_rows(*_rows_to_write(Milestone, saved, milestones), by=by, initiative_version=saved.version)
    _record_status_change(initiative=saved, from_status=from_status, by=by)
    return saved


@transaction.atomic
def initiative_set_status(*, initiative, status, by, on=None):
    """Move the initiative to `status` and record the change as of `on` (today if not given);
    returns the initiative as saved."""
    stored = Initiative.objects.select_for_update().get(pk=initiative.pk)
    from_status, stored.status = stored.status, status
    stored.full_clean()
    versioned_save(stored, by=by)
    _record_status_change(initiative=stored, from_status=from_status, by=by, on=on)
    return stored


def milestones_update(*, initiative, by, expected_version, milestones):
    """Add, change or remove the initiative's milestones (row dicts) without editing the initiative
    itself; see _update_rows."""
    return _update_rows(Milestone, initiative, milestones, by=by, expected_version=expected_version)


def funding_lines_update(*, initiative, by, expected_version, lines):
    """Add, change or remove the initiative's budget lines (row dicts); see _update_rows."""
    return _update_rows(FundingLine, initiative, lines, by=by, expected_version=expected_version)


def targets_update(*, initiative, by, expected_version, targets):
    """Add, change or remove the initiative's targets on indicators (row dicts); see _update_rows."""
    return _update_rows(Target, initiative, targets, by=by, expected_version=expected_version)


@transaction.atomic
def _update_rows(model, initiative, rows, *, by, expected_version):
    """Write the initiative's `model` rows, only if the initiative is still at `expected_version` (else
    core.edits.EditConflict and nothing is written). When any row is written the initiative's edit
    version moves on (the initiative row is not saved: no record of its own), so a form opened
    before is refused as a conflict. Returns the initiative as stored now."""
    locked = lock_at_version(initiative, expected_version)
    removed, changed = _rows_to_write(model, locked, rows)
    if removed or changed:
        Initiative.objects.filter(pk=locked.pk).mark_changed()
        locked.version += 1  # still locked: nobody else moved it
        _write_rows(removed, changed, by=by, initiative_version=locked.version)
    return locked


@transaction.atomic
def milestone_mark_done(*, milestone, by, on=None):
    """Mark a milestone done `on` (today if not given); the initiative's edit version moves on."""
    initiative = Initiative.objects.select_for_update().get(pk=milestone.initiative_id)
    milestone.done_on = on or timezone.localdate()
    milestones_update(initiative=initiative, by=by, expected_version=initiative.version,
                      milestones=[{"id": milestone.pk, "done_on": milestone.done_on}])
    return milestone


def _rows_to_write(model, initiative, rows):
    """(rows to remove, rows to save): the initiative's stored `model` rows that `rows` remove, and
    those it adds or changes, with the new values set. A row that would stay as stored is left out."""
    stored = {row.pk: row for row in model.objects.filter(initiative=initiative)}
    removed, changed = [], []
    for values in rows:
        values = dict(values)
        row_id, delete = values.pop("id", None), values.pop("delete", False)
        if row_id is not None and row_id not in stored:
            raise model.DoesNotExist(f"{model.__name__} {row_id} is not a row of “{initiative}”")
        row = stored[row_id] if row_id is not None else model(initiative=initiative)
        if row_id is None and getattr(model, "translated_fields", ()):
            row.original_language = initiative.original_language  # written in the initiative's language
        if delete:
            removed += [row] if row_id is not None else []
        elif row_id is None or any(_differs(row, name, value) for name, value in values.items()):
            for name, value in values.items():
                setattr(row, name, value)
            changed.append(row)
    return removed, changed


def _write_rows(removed, changed, *, by, initiative_version):
    """Remove, change, then add (so a row may take the place of one removed); each history record
    names `by` and, for milestones, the initiative version the change belongs to."""
    for row in removed:
        _stamp(row, by=by, initiative_version=initiative_version)
        row.delete()
    for row in sorted(changed, key=lambda row: row.pk is None):
        row.full_clean(exclude=["initiative"])  # set here, not typed: no query to check it
        _stamp(row, by=by, initiative_version=initiative_version)
        row.save()


def _differs(row, name, value):
    field = row._meta.get_field(name)
    if field.is_relation:
        return getattr(row, field.attname) != getattr(value, "pk", value)  # no query for the related row
    return getattr(row, name) != value


def _stamp(row, *, by, initiative_version):
    """Name the author of the coming history record, and for a milestone the initiative version it
    belongs to (read by the receiver in models.programme: simple-history's way to fill a field its
    historical model has and the model has not)."""
    stamp_editor(row, by)
    if isinstance(row, Milestone):
        row._initiative_version = initiative_version


def initiative_translate(*, initiative, by, expected_version, language, texts, milestones=None, updates=None):
    """Write the `language` translation of the initiative (`texts`: {field: text}), of its milestones'
    titles and its progress updates' texts ({row id: {field: text}}), only if the initiative is still at
    `expected_version` (else core.edits.EditConflict). The initiative's version moves on; each changed
    milestone's record names the initiative version it belongs to."""
    return translation_save(
        item=initiative, by=by, expected_version=expected_version, language=language, texts=texts,
        parts=[(Milestone.objects.filter(initiative=initiative), milestones or {}),
               (ProgressUpdate.objects.filter(initiative=initiative), updates or {})],
        stamp=lambda row, by, saved: _stamp(row, by=by, initiative_version=saved.version),
    )


def indicator_translate(*, indicator, by, expected_version, language, texts):
    """Write the `language` translation of the indicator's name and description (core.edits)."""
    return translation_save(item=indicator, by=by, expected_version=expected_version, language=language, texts=texts)


def progress_update_post(*, initiative, author, text, date=None, photo=None, photo_description=""):
    update = ProgressUpdate(
        initiative=initiative,
        original_language=initiative.original_language,
        author=author,
        text=text,
        date=date or timezone.localdate(),
        photo=reencoded_photo(photo) if photo else "",
        photo_description=photo_description,
    )
    update.full_clean()
    update.save()
    return update


def indicator_set(*, slug, **values):
    """The indicator `slug` with these values: created, or changed where it differs (saved only then);
    its rolled-up series follows its rule. For the demo data (no author, no version check)."""
    indicator = saved_where_different(Indicator, {"slug": slug}, values)
    series_refresh(indicator=indicator)
    return indicator


@transaction.atomic
def indicator_create(*, by, **fields):
    """A new indicator with `fields` (name, units, direction, reporting period, roll-up rule, …)."""
    indicator = Indicator(**fields)
    indicator.full_clean()
    return versioned_save(indicator, by=by)


@transaction.atomic
def indicator_update(*, indicator, by, expected_version, **changes):
    """Write `changes` to the indicator if it is still at `expected_version` (else EditConflict); a new
    reporting period or roll-up rule rolls its measurements up again."""
    stored = lock_at_version(indicator, expected_version)
    rule = (stored.reporting_period, stored.roll_up)
    saved = edit_write(stored, by=by, **changes)
    if (saved.reporting_period, saved.roll_up) != rule:
        series_refresh(indicator=saved)
    return saved


class ComputedValue(ValidationError):
    """A value computed from another register was to be changed by hand: it is corrected there."""


def fed_from_register_message():
    return _("This indicator is computed from the premises register at the end of every month: a wrong value is "
             "corrected there, in the units' statuses, and the indicator is computed again.")


def _refuse_typed(indicator):
    if indicator.is_fed_from_register:
        raise ComputedValue(fed_from_register_message())


def _refuse_computed(measurement):
    if measurement.is_computed:
        raise ComputedValue(
            _("This value is computed from %(register)s: correct it there, and it is computed again.")
            % {"register": _(measurement.computed_from)}
        )


@transaction.atomic
def measurement_add(*, indicator, by, **fields):
    """One measurement typed by hand (measured_on, period, value, source, is_excluded, excluded_reason);
    refused (ComputedValue) for an indicator computed from the premises register."""
    _refuse_typed(indicator)
    measurement = Measurement(indicator=indicator, **fields)
    measurement.full_clean(exclude=["indicator"])
    versioned_save(measurement, by=by)
    series_refresh(indicator=indicator)
    return measurement


@transaction.atomic
def measurement_update(*, measurement, by, expected_version, **changes):
    """Correct a measurement typed or imported by hand, or exclude it with a reason (or count it again),
    if it is still at `expected_version` (else EditConflict). A computed value is refused (ComputedValue)."""
    stored = lock_at_version(measurement, expected_version)
    _refuse_computed(stored)
    if not changes.get("is_excluded", stored.is_excluded):
        changes["excluded_reason"] = ""  # counted again: no reason to keep
    saved = edit_write(stored, by=by, **changes)
    series_refresh(indicator=saved.indicator)
    return saved


@transaction.atomic
def measurement_delete(*, measurement, by, expected_version):
    """Remove a measurement typed or imported by hand (its last state stays in the history), if it is
    still at `expected_version`; a computed value is refused (ComputedValue)."""
    stored = lock_at_version(measurement, expected_version)
    _refuse_computed(stored)
    stamp_editor(stored, by)
    stored.delete()
    series_refresh(indicator=stored.indicator)


def measurements_record(*, indicator, rows, by=None, source="", period=Measurement.Period.DAY, computed_from=""):
    """Store rows for an indicator: (date, value) in `period`, or (date, value, period) with their own;
    a date already there gets the new value (an excluded one stays excluded). Every row is checked first
    (a value with more digits or decimal places than stored is refused, not rounded): ValidationError,
    and nothing is stored. `computed_from` names the register the values are computed from (they are
    then not edited by hand); by hand, a date whose value is computed is refused (ComputedValue).
    Each new or changed row gets a history record naming `by`; rows that stay as stored are not written."""
    if not computed_from:
        _refuse_typed(indicator)  # nor imported by hand
    wanted = {row[0]: (row[1], row[2] if len(row) > 2 else period) for row in rows}
    with transaction.atomic():
        stored = {m.measured_on: m for m in Measurement.objects.select_for_update().filter(
            indicator=indicator, measured_on__in=wanted)}
        added, changed = [], []
        for measured_on, (value, row_period) in wanted.items():
            measurement = stored.get(measured_on)
            if measurement is None:
                measurement = Measurement(indicator=indicator, measured_on=measured_on)
                added.append(measurement)
            elif (measurement.value, measurement.period, measurement.computed_from) == (value, row_period, computed_from):
                continue  # as stored: not written (its source stays the one it was recorded from)
            else:
                if not computed_from:
                    _refuse_computed(measurement)
                measurement.version += 1
                changed.append(measurement)
            measurement.value, measurement.period, measurement.source = value, row_period, source
            measurement.computed_from = computed_from
            # The indicator is the one given (no query per row to look it up); the date's uniqueness is
            # what the rows read above settle.
            measurement.full_clean(exclude=["indicator"], validate_unique=False, validate_constraints=False)
        bulk_create_with_history(added, Measurement, default_user=by)
        bulk_update_with_history(
            changed, Measurement, ["value", "period", "source", "computed_from", "version"], default_user=by
        )
        if added or changed:
            content_changed()  # bulk writes send no signals
        series_refresh(indicator=indicator)
    return added + changed


def series_refresh(*, indicator):
    """Roll the indicator's counted measurements up again (initiatives.models.rollup, the one place
    that says how) and store the periods as PeriodValue rows, which every page reads: only the periods
    that differ are written. Called by each write of a measurement or of the indicator's rule, in its
    transaction."""
    readings = [
        Reading(measured_on, period, value)
        for measured_on, period, value in indicator.measurements.counted().values_list("measured_on", "period", "value")
    ]
    series = rolled_up_series(readings, reporting_period=indicator.reporting_period, roll_up=indicator.roll_up)
    wanted = {
        period.starts_on: PeriodValue(
            indicator=indicator, year_before_on=year_before(period.starts_on, indicator.reporting_period), **asdict(period))
        for period in series
    }
    stored = {row.starts_on: row for row in PeriodValue.objects.filter(indicator=indicator)}
    gone = [row.pk for starts_on, row in stored.items() if starts_on not in wanted]
    added = [row for starts_on, row in wanted.items() if starts_on not in stored]
    changed = []
    for starts_on, row in wanted.items():
        if starts_on in stored and any(getattr(row, name) != getattr(stored[starts_on], name) for name in PERIOD_FIELDS):
            row.pk = stored[starts_on].pk
            changed.append(row)
    if gone or added or changed:
        PeriodValue.objects.filter(pk__in=gone).delete()
        PeriodValue.objects.bulk_create(added)
        PeriodValue.objects.bulk_update(changed, PERIOD_FIELDS)
        content_changed()  # bulk writes send no signals


PERIOD_FIELDS = ["ends_on", "year_before_on", "value", "complete", "days_covered", "days", "counted", "overlapping"]


def series_refresh_missing():
    """Roll up every indicator that has measurements but no stored periods (after the migration that
    added them: the stored series is derived data, so it is made by the rules of the code running now)."""
    for indicator in Indicator.objects.filter(measurements__isnull=False, period_values__isnull=True).distinct():
        with transaction.atomic():
            series_refresh(indicator=indicator)


@transaction.atomic
def measurements_computed(*, indicator, rows, computed_from, by=None, source="", period=Measurement.Period.MONTH):
    """The indicator's values computed from `computed_from` are now `rows` ((date, value) in `period`):
    stored through measurements_record (marked computed), and the values computed from it before at
    dates `rows` no longer has are removed (their last state stays in the history). Values typed by
    hand at other dates stay. Returns the rows added or changed."""
    dates = {row[0] for row in rows}
    for stale in indicator.measurements.filter(computed_from=computed_from).exclude(measured_on__in=dates):
        stamp_editor(stale, by)
        stale.delete()
    return measurements_record(indicator=indicator, rows=rows, by=by, source=source, period=period,
                               computed_from=computed_from)


def initiative_place(*, initiative, by, expected_version, units, longitude=None, latitude=None):
    """Name the units of the premises register the initiative works on (`units`: the whole set it
    names from now on) and its place on the plan (`longitude`, `latitude`: both or neither), only if
    the initiative is still at `expected_version` (else core.edits.EditConflict, nothing written).
    Its history keeps the units it named before, as it keeps its partners."""
    return initiative_update(initiative=initiative, by=by, expected_version=expected_version,
                             units=units, longitude=longitude, latitude=latitude)
