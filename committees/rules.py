"""Who may do what with committees. The one place that answers "is this user an active member
of that committee?"; the initiatives and surveys apps reuse it for their own rules."""
from committees.models import member_committee_ids, organisation_id_of
from core.roles import is_secretary, is_staff_reader


def is_active_member(user, committee):
    committee_id = getattr(committee, "pk", committee)
    return committee_id in member_committee_ids(user)


def can_read_internal(user, committee):
    """Non-public committees, internal documents, draft recommendations and unpublished minutes."""
    return is_staff_reader(user) or is_active_member(user, committee)


def can_view_committee(user, committee):
    return committee.is_public or can_read_internal(user, committee)


def can_create_committee(user):
    return user.is_superuser or is_secretary(user)


def can_edit_committee(user, committee):
    """Secretaries who sit on the committee now, and superusers. They keep its members too; whose
    contact details they may open, and whom they may erase, the rules of `PersonQuerySet` say
    (`contact_details_open_to`, `offered_to`, `erasable_by`)."""
    if user.is_superuser:
        return True
    return is_secretary(user) and is_active_member(user, committee)


def can_keep_organisations(user):
    """Organisations are shared reference data: any secretary keeps them (and which staff accounts speak
    for each), as does the superuser; other staff readers only read the list."""
    return user.is_superuser or is_secretary(user)


def can_record_reply(user, addressee):
    """A reply of an addressee is recorded by whoever keeps the recommendation's committee, or by an
    account that speaks for the addressee (committees.models.OrganisationAccount): a mayor for her
    municipality."""
    if can_edit_committee(user, addressee.recommendation.committee):
        return True
    return addressee.organisation_id == organisation_id_of(user)
