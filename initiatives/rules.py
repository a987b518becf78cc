"""Who may do what with initiatives and indicators (reuses committees.rules for membership)."""
from committees.rules import is_active_member, managed_by, member_committee_ids
from core.roles import is_manager, is_staff_reader


def can_view_initiative(user, initiative):
    """Everyone sees public initiatives; staff readers (mayors included) also see the others, read-only."""
    return initiative.is_public or is_staff_reader(user)


def can_create_initiative(user):
    """Superusers, and managers who sit on at least one committee (it becomes the lead committee)."""
    return user.is_superuser or (is_manager(user) and bool(member_committee_ids(user)))


def can_edit_initiative(user, initiative):
    """Superusers, and managers who are current members of the initiative's lead committee."""
    if user.is_superuser:
        return True
    return is_manager(user) and is_active_member(user, initiative.lead_committee_id)


def initiatives_editable_by(user, initiatives):
    """`initiatives` narrowed to those `user` may edit: can_edit_initiative for a queryset."""
    return managed_by(user, initiatives, "lead_committee")


def can_lead_with(user, committee):
    """May this user make `committee` the lead committee of an initiative?"""
    return user.is_superuser or (is_manager(user) and is_active_member(user, committee))


def can_record_measurements(user):
    """Indicators belong to the whole town centre: any manager (or superuser) enters their values."""
    return user.is_superuser or is_manager(user)


def can_import_timeline(user):
    """Milestone and progress-update files: managers and superusers; each row is checked against
    can_edit_initiative for its own initiative."""
    return user.is_superuser or is_manager(user)


def can_see_history(user):
    return is_staff_reader(user)
