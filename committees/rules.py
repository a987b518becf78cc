"""Who may do what with committees. The one place that answers "is this user an active member
of that committee?"; the initiatives and surveys apps reuse it for their own rules."""
from committees.models import member_committee_ids, organisation_id_of
from core.roles import MANAGERS, MAYORS, SECRETARIES, is_manager, is_secretary, is_staff_reader


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


def committees_kept_by(user):
    """Ids of the committees the user keeps (can_edit_committee for many): a secretary's current
    committees. A superuser may edit every committee, but only those she sits on are hers to keep
    (what "my work" lists)."""
    if user.is_superuser or is_secretary(user):
        return member_committee_ids(user)
    return frozenset()


def managed_by(user, rows, committee_field):
    """`rows` (initiatives, surveys) narrowed to those a manager keeps, the rule their apps' edit
    checks state one row at a time: superusers all; managers those whose `committee_field` is a
    committee they sit on now; anyone else none."""
    if user.is_superuser:
        return rows
    if not is_manager(user):
        return rows.none()
    return rows.filter(**{f"{committee_field}__in": member_committee_ids(user)})


# People and staff accounts -----------------------------------------------------------------------
#
# Staff read the people page (names, and the committees they sit on); whose private details a user
# may open, correct or erase, PersonQuerySet says. Linking a person to a sign-in account stays with
# the administrators: the account's rights follow the person's terms (member_committee_ids), so a
# link is a grant of rights. A secretary's colleagues get their account linked by being invited.
#
# Who may invite whom (staff_invite). The rule: nobody hands out a right they do not hold, and a
# secretary only on the committees she keeps.
# - The administrator (superuser) invites a manager, a secretary or a mayor, with or without a
#   committee to seat them on.
# - A secretary invites a secretary for a committee she keeps today: the colleague is seated on it
#   as its secretary from today, and keeps it as she does. She invites no manager (managers edit
#   initiatives and the town's indicators, which she may not) and no mayor (a mayor is the town's,
#   not a committee's, and reads every committee).


def can_read_people(user):
    return is_staff_reader(user)


def can_add_person(user):
    return user.is_superuser or is_secretary(user)


def can_link_account(user):
    return user.is_superuser


def invitable_roles(user):
    """The roles (core.roles group names) the user may invite a staff member into."""
    if user.is_superuser:
        return [MANAGERS, SECRETARIES, MAYORS]
    if is_secretary(user) and member_committee_ids(user):
        return [SECRETARIES]
    return []


def can_invite(user):
    return bool(invitable_roles(user))


def invitation_needs_committee(user):
    """A secretary invites only for a committee she keeps; the administrator may name none."""
    return not user.is_superuser


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
