"""Writes that touch more than one model, or that carry a rule of the committee's work."""
import datetime

from django.contrib.admin.models import LogEntry
from django.core.exceptions import ValidationError
from django.db import transaction
from django.db.models import F, Q, Value
from django.db.models.functions import Replace
from django.utils import timezone
from django.utils.translation import gettext as _

from committees.models import FORMER_MEMBER, Attendance, Committee, Document, Meeting, Membership, Person, Recommendation
from core.content import content_changed
from core.edits import edit_save, lock_at_version, stamp_editor


def _save(instance):
    instance.full_clean()
    instance.save()
    return instance


def _person_of(user):
    person, _ = Person.objects.get_or_create(
        user=user, defaults={"full_name": user.get_full_name() or user.get_username(), "email": user.email}
    )
    return person


@transaction.atomic
def committee_create(*, creator, name, slug, mandate="", appointed_by="", established_on=None, is_public=True):
    """A new committee; a secretary who creates it becomes its secretary, so that they can keep it."""
    committee = _save(
        Committee(
            name=name,
            slug=slug,
            mandate=mandate,
            appointed_by=appointed_by,
            established_on=established_on,
            is_public=is_public,
        )
    )
    if not creator.is_superuser:
        _save(
            Membership(
                committee=committee,
                person=_person_of(creator),
                role=Membership.Role.SECRETARY,
                term_start=established_on or timezone.localdate(),
            )
        )
    return committee


@transaction.atomic
def membership_add(*, committee, by, person=None, new_person_name="", email="", phone="", **membership_fields):
    """Seat an existing person, or a new one with their private contact details, on the committee.

    A new person remembers who entered them, so that the details stay visible to that user while
    the membership is being set up; the membership remembers who added it, so that seating someone
    already known reveals nothing to that user (PersonQuerySet.contact_details_open_to)."""
    if person is None:
        person = _save(Person(full_name=new_person_name, email=email, phone=phone, created_by=by))
    return _save(Membership(committee=committee, person=person, added_by=by, **membership_fields))


def person_contact_update(*, person, by, expected_version, full_name, email="", phone=""):
    """Correct a person's name and private contact details (if nobody saved them since `expected_version`:
    core.edits). They belong to the person, so the change shows on every committee the person sits
    on; a linked user account is left to the administrators."""
    return edit_save(
        instance=person, by=by, expected_version=expected_version, full_name=full_name, email=email, phone=phone
    )


def membership_end(*, membership, by, expected_version, on):
    """End the term on the given day; from the day after, the member is listed as past."""
    return edit_save(instance=membership, by=by, expected_version=expected_version, term_end=on)


@transaction.atomic
def meeting_record(*, meeting, by, expected_version, status, minutes, minutes_published, attendance):
    """Record how a meeting went: its status, minutes and who attended (if nobody saved the meeting
    since `expected_version`: core.edits; attendance moves the meeting's version on too).

    `attendance` maps a Person to a presence value, or to "" for "not recorded" (the row is removed).
    """
    meeting = edit_save(
        instance=meeting, by=by, expected_version=expected_version,
        status=status, minutes=minutes, minutes_published=minutes_published,
    )
    for person, presence in attendance.items():
        if presence:
            Attendance.objects.update_or_create(meeting=meeting, person=person, defaults={"presence": presence})
        else:
            Attendance.objects.filter(meeting=meeting, person=person).delete()
    return meeting


def meeting_cancel(*, meeting, by, expected_version):
    """Cancel the meeting, if nobody saved it since the confirmation was opened at `expected_version`."""
    return edit_save(instance=meeting, by=by, expected_version=expected_version, status=Meeting.Status.CANCELLED)


@transaction.atomic
def recommendation_move(
    *, recommendation, by, expected_version, status, on, response_due_on=None, reply="", reply_received_on=None
):
    """Move a recommendation one step on (draft → adopted → sent → accepted/implemented/rejected), if
    nobody saved it since `expected_version` (core.edits).

    Records the day of the step; sending may set the reply deadline, the addressee's decision may
    come with their reply.
    """
    recommendation = lock_at_version(recommendation, expected_version)
    if status not in recommendation.next_statuses():
        raise ValidationError(
            {"status": _("A %(current)s recommendation cannot become %(new)s.")
             % {"current": recommendation.get_status_display(), "new": Recommendation.Status(status).label}}
        )
    recommendation.status = status
    setattr(recommendation, Recommendation.STATUS_DATE_FIELD[status], on)
    if response_due_on:
        recommendation.response_due_on = response_due_on
    if reply:
        recommendation.reply = reply
    if reply_received_on:
        recommendation.reply_received_on = reply_received_on
    stamp_editor(recommendation, by)
    return _save(recommendation)


# The committee's own records where a member's name may have been written by hand.
RECORD_TEXT_FIELDS = {Meeting: ["title", "agenda", "minutes"], Recommendation: ["title", "text", "reply"], Document: ["title"]}


@transaction.atomic
def person_erase(*, person):
    """Erase a person's personal data everywhere, on their request, in one transaction.

    The row stays so that the committee's records keep their shape (past terms, attendance at
    meetings, who adopted what): it reads "a former member". Gone are the name, e-mail, phone,
    the creator link and the sign-in account (with its sign-in attempts); the name is replaced by
    "a former member" where it was written into the records of the person's committees and in
    the admin's log. Running terms end yesterday; a term that has not begun is removed, as it
    recorded nothing yet. Who may ask for it: PersonQuerySet.erasable_by.
    """
    person = Person.objects.select_for_update().get(pk=person.pk)
    if person.erased_on is not None:
        return person
    names = {text for text in (person.full_name, person.email, person.phone) if text}
    # Before the terms end: a term not yet begun is removed, and its committee's records count too.
    committee_ids = {*person.memberships.values_list("committee_id", flat=True),
                     *person.attendances.values_list("meeting__committee_id", flat=True)}
    _end_terms(person, on=timezone.localdate())
    usernames = set()
    if person.user_id:
        account = person.user
        names |= {text for text in (account.email, account.get_full_name()) if text}
        # A user name can be a common word ("ann" is in "planning"): replaced only where it is the
        # whole text (the admin's log names a user by it), never inside the records' prose.
        usernames = {account.get_username()}
        _delete_account(person.user)
    Person.objects.filter(pk=person.pk).update(
        full_name="", email="", phone="", user=None, created_by=None, erased_on=timezone.localdate()
    )
    former = str(FORMER_MEMBER)
    for model, fields in RECORD_TEXT_FIELDS.items():
        _replace_text(model.objects.filter(committee_id__in=committee_ids), fields, names, former)
    _replace_text(LogEntry.objects.all(), ["object_repr"], names, former)
    LogEntry.objects.filter(object_repr__in=usernames).update(object_repr=former)
    content_changed()
    person.refresh_from_db()
    return person


def _end_terms(person, *, on):
    yesterday = on - datetime.timedelta(days=1)
    person.memberships.filter(term_start__gte=on).delete()
    person.memberships.filter(Q(term_end__isnull=True) | Q(term_end__gt=yesterday)).update(term_end=yesterday)


def _delete_account(user):
    """The sign-in account goes with the person; what they wrote stays, without an author."""
    from axes.models import AccessAttempt, AccessFailureLog, AccessLog

    for model in (AccessAttempt, AccessFailureLog, AccessLog):
        model.objects.filter(username__in=[user.get_username(), user.email]).delete()
    user.delete()


def _replace_text(queryset, fields, names, replacement):
    """Replace each of `names` by `replacement` in the text fields, in the rows holding one."""
    for field in fields:
        for name in sorted(names, key=len, reverse=True):
            queryset.filter(**{f"{field}__contains": name}).update(
                **{field: Replace(F(field), Value(name), Value(replacement))}
            )
