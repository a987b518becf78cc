"""What "my work" lists, one function per list. Each list holds only what its user can act on: it is
narrowed by the same rule the page that does the work asks (committees_kept_by, the secretary's
edit pages; initiatives_editable_by and surveys_editable_by, the manager's). "Mine" is what lies on
the committees the user sits on, or is hers by name (the responsible manager), never everything a
superuser could open.

Each list has its include template, templates/portal/my_work/<name>.html. The lists of replies to
recommendations (the secretary's overdue replies, the recommendations awaiting the reply of the
organisation an account speaks for) show SHOWN rows and count the rest; a list that is not the
user's to act on is None, so that the page shows nothing of it."""
import datetime
from dataclasses import dataclass

from django.db.models import OuterRef, Q, Subquery
from django.utils import timezone

from committees.models import Meeting, Membership, Recommendation, RecommendationAddressee, organisation_id_of
from committees.rules import committees_kept_by, member_committee_ids
from core.roles import is_manager, is_mayor, is_secretary
from initiatives.csv_io import imports_waiting
from initiatives.models import Initiative, Milestone, ProgressUpdate, Target, TargetStatus
from initiatives.rules import can_import_timeline, initiatives_editable_by
from portal.summary import ACTIVE_STATUSES
from surveys.models import Survey
from surveys.rules import surveys_editable_by

MEMBERSHIP_ENDING_DAYS = 60
QUIET_INITIATIVE_DAYS = 30
SURVEY_CLOSING_DAYS = 7
OVERDUE_MILESTONES_SHOWN = 20
SHOWN = 20  # replies listed; the rest are counted
CLOSED_INITIATIVE = [Initiative.Status.COMPLETED, Initiative.Status.CANCELLED]


def keeps_committees(user):
    """Whose page has the secretary's lists."""
    return is_secretary(user) or bool(committees_kept_by(user))


def keeps_initiatives(user):
    """Whose page has the manager's lists."""
    return user.is_superuser or is_manager(user)


def reads_the_programme(user):
    """Whose page has the mayor's lists."""
    return user.is_superuser or is_mayor(user)


# Everyone ------------------------------------------------------------------------------------------


def my_memberships(user):
    return Membership.objects.current().filter(person__user=user).with_people()


# The secretary -------------------------------------------------------------------------------------


def memberships_ending(user, today):
    """Terms on her committees that end within MEMBERSHIP_ENDING_DAYS: renew them or find a successor."""
    return (
        Membership.objects.ending_within(MEMBERSHIP_ENDING_DAYS, on=today)
        .filter(committee_id__in=committees_kept_by(user))
        .with_people()
        .order_by("term_end", "person__full_name", "pk")
    )


def meetings_without_minutes(user, now):
    """Meetings of her committees that have taken place (held, or planned for a time now past and not
    recorded) and have no minutes yet."""
    return (
        Meeting.objects.filter(committee_id__in=committees_kept_by(user), starts_at__lt=now, minutes="")
        .exclude(status=Meeting.Status.CANCELLED)
        .select_related("committee")
        .order_by("-starts_at")
    )


def meetings_without_agenda(user):
    """Planned meetings of her committees, still to come, with no agenda."""
    return Meeting.objects.filter(committee_id__in=committees_kept_by(user), agenda="").upcoming().select_related("committee")


def draft_recommendations(user):
    return Recommendation.objects.filter(
        committee__in=committees_kept_by(user), status=Recommendation.Status.DRAFT
    ).with_committee()


def replies_overdue(user, on=None):
    """Each addressee whose reply is overdue, on the recommendations of every committee she keeps (she
    chases it, or records the reply)."""
    kept = committees_kept_by(user)
    if not kept:
        return None
    return _listed(RecommendationAddressee.objects.of_committees(kept).overdue(on))


@dataclass
class Listed:
    rows: list
    total: int

    @property
    def more(self):
        return self.total - len(self.rows)


def _listed(addressees):
    addressees = addressees.with_recommendation().in_due_order()
    return Listed(rows=list(addressees[:SHOWN]), total=addressees.count())


# The manager ---------------------------------------------------------------------------------------


def _my_open_initiatives(user):
    """Initiatives under way on her committees or hers by name, that she may edit."""
    mine = Q(responsible_manager=user) | Q(lead_committee__in=member_committee_ids(user))
    return initiatives_editable_by(user, Initiative.objects.filter(mine)).exclude(status__in=CLOSED_INITIATIVE)


def initiatives_needing_attention(user, today):
    """Her initiatives with an overdue milestone, or in progress without a progress update for
    QUIET_INITIATIVE_DAYS days (or none at all); each with `last_update_on`."""
    last_update = ProgressUpdate.objects.filter(initiative=OuterRef("pk")).order_by("-date").values("date")[:1]
    quiet = Q(last_update_on__isnull=True) | Q(last_update_on__lt=today - datetime.timedelta(days=QUIET_INITIATIVE_DAYS))
    return list(
        _my_open_initiatives(user)
        .for_list()
        .annotate(last_update_on=Subquery(last_update))
        .filter(Q(overdue_milestone_count__gt=0) | (Q(status=Initiative.Status.IN_PROGRESS) & quiet))
        .order_by("-overdue_milestone_count", "last_update_on", "title")
    )


def overdue_milestones(initiatives):
    return (
        Milestone.objects.overdue()
        .filter(initiative__in=[initiative.pk for initiative in initiatives])
        .select_related("initiative")
        .order_by("due_on")[:OVERDUE_MILESTONES_SHOWN]
    )


def draft_initiatives(user):
    return _my_open_initiatives(user).filter(is_public=False).order_by("title")


def _my_surveys(user):
    return surveys_editable_by(user, Survey.objects.filter(committee__in=member_committee_ids(user)))


def surveys_closing_soon(user, now):
    """Her committees' open surveys that close within SURVEY_CLOSING_DAYS days, soonest first."""
    closing = now + datetime.timedelta(days=SURVEY_CLOSING_DAYS)
    return _my_surveys(user).open_now(now).filter(closes_at__lte=closing).for_staff_list().order_by("closes_at")


def draft_surveys(user):
    return _my_surveys(user).filter(is_published=False).select_related("committee").order_by("title")


def pending_imports(user, session):
    """The initiatives' imports checked in this session and waiting for her to confirm them."""
    return imports_waiting(session) if can_import_timeline(user) else []


# The mayor -----------------------------------------------------------------------------------------


def initiatives_off_track(user):
    """Initiatives under way (planned, in progress or on hold: those the summary counts) with a target
    off track (initiatives.models.target_status decides): (initiative, its off-track targets) pairs,
    by title."""
    targets = Target.objects.visible_to(user).with_latest().filter(initiative__status__in=ACTIVE_STATUSES)
    off_track = {}
    for target in targets.order_by("initiative__title", "indicator__name"):
        if target.status == TargetStatus.OFF_TRACK:
            off_track.setdefault(target.initiative, []).append(target)
    return list(off_track.items())


# An account that speaks for an organisation (a mayor for her municipality) -------------------------


def awaiting_our_reply(user):
    """The recommendations sent to the organisation the account speaks for that await its final reply,
    which she records."""
    organisation_id = organisation_id_of(user)
    if organisation_id is None:
        return None
    return _listed(RecommendationAddressee.objects.addressed_to_organisation(organisation_id).awaiting_reply())


# The page ------------------------------------------------------------------------------------------


def my_work_lists(request):
    """Every list the user's roles call for, by name, for templates/portal/my_work.html."""
    user, today, now = request.user, timezone.localdate(), timezone.now()
    lists = {"memberships": my_memberships(user)}
    if keeps_committees(user):
        lists.update(
            memberships_ending=memberships_ending(user, today),
            meetings_without_minutes=meetings_without_minutes(user, now),
            meetings_without_agenda=meetings_without_agenda(user),
            replies_overdue=replies_overdue(user, today),
            draft_recommendations=draft_recommendations(user),
        )
    if keeps_initiatives(user):
        attention = initiatives_needing_attention(user, today)
        lists.update(
            initiatives_needing_attention=attention,
            overdue_milestones=overdue_milestones(attention),
            surveys_closing_soon=surveys_closing_soon(user, now),
            pending_imports=pending_imports(user, request.session),
            draft_initiatives=draft_initiatives(user),
            draft_surveys=draft_surveys(user),
        )
    if reads_the_programme(user):
        lists.update(
            initiatives_off_track=initiatives_off_track(user),
        )
    # An account that speaks for an organisation (a mayor for her municipality) records its replies.
    lists["awaiting_our_reply"] = awaiting_our_reply(user)
    return lists
