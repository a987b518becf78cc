"""The street audit: a keeper walks a street of the register with a phone and sets each unit's status
as found on the audit's date, one unit at a time, each saved at once.

What one unit's answer writes (`audit_status_set`):
- the unit already has that status on the audit's date: nothing is written to its history (the
  audit still counts as having checked the street);
- a status is already recorded on that very day (earlier in the walk, or by hand): it is corrected
  to the new one (its history keeps what it said before), as a status form's correction would be;
  but a status this walk wrote that day, taken back to the status the unit had before it (a mistaken
  tap undone), is removed (its history keeps it), so the unit keeps the date it took that status;
- else a new status from the audit's date.
Every status the audit writes names its StreetAudit, and the StreetAudit (one per committee, street
and day) says who walked it and when it was last saved: "when was Main Street last audited, by
whom" (`streets_with_last_audit`).
"""
from django.db import transaction
from django.db.models import Count, OuterRef, Subquery

from core.edits import edit_write, stamp_editor, versioned_save
from premises.changes import register_changed
from premises.models import StreetAudit, Unit, UnitStatus


def audit_units(*, committee, street, on):
    """The units of `committee`'s register on `street`, in street order (number, unit, floor), each
    with its status on the audit's date (`status_now`, `status_since`)."""
    return Unit.objects.filter(committee=committee, street=street).with_status_on(on).in_street_order()


def streets_with_last_audit(committees):
    """The streets of the `committees`' registers (a row per committee and street, by street): how many
    units each has, and the day it was last audited (`last_audit_on`) and by whom (`last_audit_by_*`)."""
    last = StreetAudit.objects.filter(committee=OuterRef("committee"), street=OuterRef("street")).order_by("-on", "-last_saved_at")
    return (
        Unit.objects.filter(committee__in=committees)
        .values("committee", "committee__name", "street")
        .annotate(
            units=Count("pk"),
            last_audit_on=Subquery(last.values("on")[:1]),
            last_audit_by_username=Subquery(last.values("walked_by__username")[:1]),
            last_audit_by_first_name=Subquery(last.values("walked_by__first_name")[:1]),
            last_audit_by_last_name=Subquery(last.values("walked_by__last_name")[:1]),
        )
        .order_by("street", "committee__name")
    )


@transaction.atomic
def audit_status_set(*, unit, status, on, by):
    """The audit of `unit`'s street on `on` finds it `status` (see the module's rules). Returns the
    status row now in force on `on` and whether anything was written to it."""
    audit, created = StreetAudit.objects.select_for_update().get_or_create(
        committee_id=unit.committee_id, street=unit.street, on=on, defaults={"walked_by": by},
    )
    if not created:
        audit.walked_by = by
        audit.save(update_fields=["walked_by", "last_saved_at"])
    Unit.objects.select_for_update().filter(pk=unit.pk).first()  # one audit answer per unit at a time
    latest = UnitStatus.objects.filter(unit=unit, since__lte=on).latest_first().first()
    if latest is not None and latest.status == status:
        return latest, False
    register_changed(by)  # a status is written: the figures computed from the register follow (premises.changes)
    if latest is not None and latest.since == on:
        before = UnitStatus.objects.filter(unit=unit, since__lt=on).latest_first().first()
        if latest.audit_id == audit.pk and not latest.note and before is not None and before.status == status:
            stamp_editor(latest, by)
            latest.delete()
            return before, True
        return edit_write(UnitStatus.objects.select_for_update().get(pk=latest.pk), by=by, status=status, audit=audit), True
    row = UnitStatus(unit=unit, status=status, since=on, recorded_by=by, audit=audit)
    row.full_clean()
    return versioned_save(row, by=by), True
