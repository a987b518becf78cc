"""Every write of the premises register. Views, the demo data (and later the street audit and the
spreadsheet import) call these functions with plain values; each owns its transaction, the version
check (core.edits), and the author of the history records (django-simple-history keeps every
earlier state of a unit, a status, a business and an occupancy)."""
from django.db import transaction
from django.utils import timezone

from core.edits import edit_save, versioned_save
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
    """`business` occupies `unit` from `since` (until `until`, its last day, if already known)."""
    return _created(Occupancy(business=business, unit=unit, since=since, until=until), by=by)


def occupancy_update(*, occupancy, by, expected_version, **changes):
    """Correct an occupancy or end it (`until`: the business's last day in the unit)."""
    return edit_save(instance=occupancy, by=by, expected_version=expected_version, **changes)


@transaction.atomic
def base_plan_save(*, committee, plan, credit, by):
    """`plan` (a premises.plan.Plan, already read and checked) becomes `committee`'s base plan, with
    its `credit` line; an earlier plan is replaced (its history keeps it)."""
    row = BasePlan.objects.select_for_update().filter(committee=committee).first() or BasePlan(committee=committee)
    row.geojson, row.credit, row.uploaded_by, row.uploaded_at = plan.geojson(), credit.strip(), by, timezone.now()
    return _created(row, by=by)
