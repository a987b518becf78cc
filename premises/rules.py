"""Who may read and keep the premises register: the one place the register's pages ask."""
from committees.models import Committee, member_committee_ids
from core.roles import is_manager, is_secretary, is_staff_reader


def can_read_register(user):
    """Staff readers (managers, secretaries, mayors, superusers); the public never sees the register."""
    return is_staff_reader(user)


def kept_committees(user):
    """The committees whose register `user` keeps: superusers all; managers and secretaries those
    they sit on today."""
    if getattr(user, "is_superuser", False):
        return Committee.objects.all()
    if not (is_manager(user) or is_secretary(user)):
        return Committee.objects.none()
    return Committee.objects.filter(pk__in=member_committee_ids(user))


def can_keep_register(user, committee):
    """May `user` add and edit the units (and their statuses) kept by `committee`?"""
    if getattr(user, "is_superuser", False):
        return True
    committee_id = getattr(committee, "pk", committee)
    return (is_manager(user) or is_secretary(user)) and committee_id in member_committee_ids(user)


def can_see_contacts(user, committee):
    """May `user` see and edit the owners', landlords' and letting agents' contacts of `committee`'s
    units? Only its register's keepers (its managers and secretaries, and superusers): never mayors,
    other staff readers or the public."""
    return can_keep_register(user, committee)
