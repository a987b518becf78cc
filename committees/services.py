"""Writes that touch more than one model, or that carry a rule of the committee's work."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from committees.models import Attendance, Committee, Meeting, Membership, Person, Recommendation


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
def membership_add(*, committee, person=None, new_person_name="", email="", phone="", **membership_fields):
    """Seat an existing person, or a new one with their private contact details, on the committee."""
    if person is None:
        person = _save(Person(full_name=new_person_name, email=email, phone=phone))
    return _save(Membership(committee=committee, person=person, **membership_fields))


def person_contact_update(*, person, full_name, email="", phone=""):
    """Correct a person's name and private contact details. They belong to the person, so the change
    shows on every committee the person sits on; a linked user account is left to the administrators."""
    person.full_name, person.email, person.phone = full_name, email, phone
    return _save(person)


def membership_end(*, membership, on):
    """End the term on the given day; from the day after, the member is listed as past."""
    membership.term_end = on
    return _save(membership)


@transaction.atomic
def meeting_record(*, meeting, status, minutes, minutes_published, attendance):
    """Record how a meeting went: its status, minutes and who attended.

    `attendance` maps a Person to a presence value, or to "" for "not recorded" (the row is removed).
    """
    meeting.status = status
    meeting.minutes = minutes
    meeting.minutes_published = minutes_published
    _save(meeting)
    for person, presence in attendance.items():
        if presence:
            Attendance.objects.update_or_create(meeting=meeting, person=person, defaults={"presence": presence})
        else:
            Attendance.objects.filter(meeting=meeting, person=person).delete()
    return meeting


def meeting_cancel(*, meeting):
    meeting.status = Meeting.Status.CANCELLED
    return _save(meeting)


@transaction.atomic
def recommendation_move(*, recommendation, status, on, response_due_on=None, reply="", reply_received_on=None):
    """Move a recommendation one step on (draft → adopted → sent → accepted/implemented/rejected).

    Records the day of the step; sending may set the reply deadline, the addressee's decision may
    come with their reply.
    """
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
    return _save(recommendation)
