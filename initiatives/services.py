"""Writes that span models: saving an initiative with its milestones and status history,
posting progress, marking milestones done, recording measurements."""
from django.db import transaction
from django.utils import timezone

from initiatives.models import Initiative, Measurement, Milestone, ProgressUpdate, StatusChange
from core.content import content_changed
from core.edits import lock_at_version
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


def _status_before(initiative):
    if initiative.pk is None:
        return ""
    return Initiative.objects.filter(pk=initiative.pk).values_list("status", flat=True).first() or ""


@transaction.atomic
def initiative_save(*, form, milestone_formset=None, by, version=None):
    """Save a valid InitiativeForm (and its milestone formset); a new or changed status is recorded.

    An existing initiative is saved only when `version` is the one stored (the editor saw the
    latest state); otherwise core.edits.EditConflict is raised and nothing is written.
    """
    initiative = form.instance
    if initiative.pk is not None:
        initiative.version = lock_at_version(initiative, version).version
    from_status = _status_before(initiative)
    initiative._history_user = by
    initiative = form.save()
    if milestone_formset is not None:
        milestone_formset.instance = initiative
        _save_children(milestone_formset, by, version=initiative.version)
    _record_status_change(initiative=initiative, from_status=from_status, by=by)
    return initiative


def _save_children(formset, by, version=None):
    """Save a valid inline formset row by row, so that each history record names who saved it (and,
    for milestones, the initiative `version` the change belongs to)."""
    saved = formset.save(commit=False)
    for child in [*formset.deleted_objects, *saved]:
        child._history_user = by
        child._initiative_version = version
    for child in formset.deleted_objects:
        child.delete()
    for child in saved:
        child.save()
    return saved


@transaction.atomic
def initiative_children_save(*, initiative, formset, by, expected_version):
    """Save a valid formset of an initiative's budget lines or targets, only if the initiative is still at
    `expected_version` (the page was opened at it; else core.edits.EditConflict and nothing is written). The
    initiative's edit version moves on, so any form opened before this change is refused as a conflict.
    Each added, changed or removed row gets a history record naming `by`."""
    lock_at_version(initiative, expected_version)
    formset.instance = initiative
    saved = _save_children(formset, by)
    if formset.has_changed():
        Initiative.objects.filter(pk=initiative.pk).mark_changed()
    return saved


@transaction.atomic
def initiative_set_status(*, initiative, status, by, on=None):
    """Move an initiative to `status` and record the change with its date."""
    from_status = _status_before(initiative)
    initiative.status = status
    initiative._history_user = by
    initiative.full_clean()
    initiative.save()
    return _record_status_change(initiative=initiative, from_status=from_status, by=by, on=on)


@transaction.atomic
def initiative_mark_changed(*, initiative_id):
    """Move the edit version on for a change that does not save the initiative row, locking the row
    until the transaction ends; the new version, for the history records of what is changed next."""
    Initiative.objects.filter(pk=initiative_id).mark_changed()
    return Initiative.objects.filter(pk=initiative_id).values_list("version", flat=True).get()


@transaction.atomic
def milestone_mark_done(*, milestone: Milestone, on=None):
    milestone.done_on = on or timezone.localdate()
    milestone.full_clean()
    milestone._initiative_version = initiative_mark_changed(initiative_id=milestone.initiative_id)
    milestone.save(update_fields=["done_on"])
    return milestone


def progress_update_post(*, initiative, author, text, date=None, photo=None, photo_description=""):
    update = ProgressUpdate(
        initiative=initiative,
        author=author,
        text=text,
        date=date or timezone.localdate(),
        photo=reencoded_photo(photo) if photo else "",
        photo_description=photo_description,
    )
    update.full_clean()
    update.save()
    return update


def measurements_record(*, indicator, rows, source="", period=Measurement.Period.DAY):
    """Store (date, value) rows for an indicator in one statement; a date already there gets the new value."""
    measurements = [
        Measurement(indicator=indicator, measured_on=measured_on, value=value, source=source, period=period)
        for measured_on, value in rows
    ]
    with transaction.atomic():
        stored = Measurement.objects.bulk_create(
            measurements,
            update_conflicts=True,
            unique_fields=["indicator", "measured_on"],
            update_fields=["value", "source", "period"],
        )
        content_changed()  # bulk_create sends no signals
    return stored
