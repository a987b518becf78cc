"""Writes that touch more than one model, or that carry a rule of the committee's work."""
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from committees.models import Attendance, Committee, Meeting, Membership, Person, Recommendation
from portal.edits import edit_save, lock_at_version, stamp_editor


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


def person_contact_update(*, person, by, expected_version, full_name, email="", phone=""):
    """Correct a person's name and private contact details (if nobody saved them since `expected_version`:
    portal.edits). They belong to the person, so the change shows on every committee the person sits
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
    since `expected_version`: portal.edits; attendance moves the meeting's version on too).

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
    nobody saved it since `expected_version` (portal.edits).

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
