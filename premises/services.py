"""Every write of the premises register. Views, the demo data (and later the street audit and the
spreadsheet import) call these functions with plain values; each owns its transaction, the version
check (core.edits), and the author of the history records (django-simple-history keeps every
earlier state of a unit, a status, a business and an occupancy)."""
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone

from core.edits import edit_save, versioned_save
from core.files import private_storage, reencoded_photo
from premises.changes import register_changed
from premises.models import BasePlan, Business, Occupancy, Unit, UnitStatus


def _created(row, *, by):
    row.full_clean()
    return versioned_save(row, by=by)


@transaction.atomic
def unit_create(*, by, status=None, status_since=None, status_note="", **fields):
    """A new unit with `fields`; with `status` (and its date, `status_since`) its first status too."""
    unit = _created(Unit(**fields), by=by)
    if status:
        status_record(unit=unit, status=status, since=status_since, note=status_note, by=by)
    return unit


def unit_update(*, unit, by, expected_version, **changes):
    """Write `changes` to the unit if it is still at `expected_version` (else core.edits.EditConflict)."""
    saved = edit_save(instance=unit, by=by, expected_version=expected_version, **changes)
    register_changed(by)  # its floor or committee may move a vacancy figure (premises.changes)
    return saved


@transaction.atomic
def status_record(*, unit, status, since, by, note=""):
    """From `since` on, `unit` is `status`. A second status on a day that has one is refused
    (ValidationError): that one is corrected instead (status_correct)."""
    row = UnitStatus(unit=unit, status=status, since=since, note=note, recorded_by=by)
    saved = _created(row, by=by)
    register_changed(by)  # the figures computed from the register follow (premises.changes)
    return saved


def status_correct(*, unit_status, by, expected_version, **changes):
    """Correct a recorded status (its `status`, `since` or `note`) if it is still at `expected_version`;
    its history keeps what it said before."""
    saved = edit_save(instance=unit_status, by=by, expected_version=expected_version, **changes)
    register_changed(by)  # the figures computed from the register follow (premises.changes)
    return saved


@transaction.atomic
def business_create(*, by, **fields):
    return _created(Business(**fields), by=by)


def business_update(*, business, by, expected_version, **changes):
    return edit_save(instance=business, by=by, expected_version=expected_version, **changes)


@transaction.atomic
def occupancy_start(*, business, unit, since, by, until=None):
    """`business` occupies `unit` from `since` (until `until`, its last day, if already known). Refused
    (ValidationError) for a unit of another committee, an end before the start, or days on which
    another occupancy of the unit runs."""
    _lock_units(unit.pk)
    return _created(Occupancy(business=business, unit=unit, since=since, until=until), by=by)


@transaction.atomic
def occupancy_update(*, occupancy, by, expected_version, **changes):
    """Correct an occupancy or end it (`until`: the business's last day in the unit); refused as
    occupancy_start refuses."""
    unit = changes.get("unit")
    _lock_units(occupancy.unit_id, *([unit.pk] if unit else []))
    return edit_save(instance=occupancy, by=by, expected_version=expected_version, **changes)


def _lock_units(*pks):
    """Lock the units while their occupancies are checked for overlaps and written (always in the
    same order, so that two editors moving businesses between the same units never deadlock)."""
    list(Unit.objects.select_for_update().filter(pk__in=pks).order_by("pk").values_list("pk", flat=True))


@transaction.atomic
def base_plan_save(*, committee, plan, credit, by):
    """`plan` (a premises.plan.Plan, already read and checked) becomes `committee`'s base plan, with
    its `credit` line; an earlier plan is replaced (its history keeps it)."""
    row = BasePlan.objects.select_for_update().filter(committee=committee).first() or BasePlan(committee=committee)
    row.geojson, row.credit, row.uploaded_by, row.uploaded_at = plan.geojson(), credit.strip(), by, timezone.now()
    return _created(row, by=by)


# ---- Unit photos (the public pages show them) ---------------------------------------------------

def _photo_changes(changes, unit=None):
    """A unit form's `photo` as the service stores it: a new upload re-encoded (core.files: nothing
    of the upload kept but its pixels), False (the form's "clear") as no photo and no description,
    anything else (the stored photo, kept) left out. Returns the changes and the file to delete once
    the change is committed (the photo replaced or removed), if any."""
    changes = dict(changes)
    photo = changes.pop("photo", None)
    # The stored name, read again: a model form has already put the new value on `unit`.
    old = Unit.objects.filter(pk=unit.pk).values_list("photo", flat=True).first() or "" if unit is not None else ""
    if photo is False:
        changes.update(photo="", photo_description="")
        return changes, old
    if isinstance(photo, UploadedFile):
        changes["photo"] = reencoded_photo(photo)
        return changes, old
    return changes, ""


def _delete_after_commit(name):
    if name:
        transaction.on_commit(lambda: private_storage.delete(name), robust=True)


@transaction.atomic
def unit_create_with_photo(*, by, photo=None, **fields):
    """unit_create, with the unit's photo if one was uploaded (re-encoded first)."""
    fields, _old = _photo_changes({**fields, "photo": photo})
    return unit_create(by=by, **fields)


@transaction.atomic
def unit_update_with_photo(*, unit, by, expected_version, **changes):
    """unit_update, where `photo` may be a new upload (replacing the stored one), False (removing it
    with its description), or the stored photo (kept). A replaced or removed file is deleted once the
    change is committed."""
    changes, old = _photo_changes(changes, unit)
    saved = unit_update(unit=unit, by=by, expected_version=expected_version, **changes)
    _delete_after_commit(old)
    return saved
