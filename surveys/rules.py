"""Who may do what with surveys: the one place the views ask.

Managers who sit on a survey's owner committee now (committees.rules decides membership) and
superusers build surveys. Mayors, secretaries and other managers read them (builder, results,
exports) but cannot change them. The public sees published surveys only.
"""
from committees.rules import is_active_member, managed_by, member_committee_ids
from core.roles import is_manager, is_staff_reader


def can_create_survey(user):
    return bool(user.is_superuser or (is_manager(user) and member_committee_ids(user)))


def can_edit_survey(user, survey):
    if user.is_superuser:
        return True
    return is_manager(user) and is_active_member(user, survey.committee_id)


def surveys_editable_by(user, surveys):
    """`surveys` narrowed to those `user` may edit: can_edit_survey for a queryset."""
    return managed_by(user, surveys, "committee")


def can_read_survey_admin(user):
    """The staff pages that only read: the survey list for staff, the builder, exports."""
    return is_staff_reader(user)


def can_view_results(user, survey):
    return is_staff_reader(user) or survey.results_are_public


def can_view_free_text(user, survey):
    return is_staff_reader(user) or (survey.results_are_public and survey.publish_free_text)


def can_see_small_groups(user):
    """Survey figures of fewer residents than the minimum group size: staff (with a warning), never the public."""
    return is_staff_reader(user)
