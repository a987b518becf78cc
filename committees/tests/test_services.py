import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from committees import services
from committees.models import Attendance, Meeting, Membership, Person, Recommendation, RecommendationAddressee
from committees.rules import can_edit_committee
from committees.tests.factories import (
    CommitteeFactory,
    HeldMeetingFactory,
    MeetingFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    RecommendationFactory,
)
from core.roles import SECRETARIES

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def days(number):
    return TODAY + datetime.timedelta(days=number)


def opened(row):
    """A service call's editor and the version the edit starts from: the row as it is stored now."""
    return {"by": None, "expected_version": type(row).objects.get(pk=row.pk).version}


def test_committee_create_seats_a_secretary_creator_so_they_can_edit_it(make_user):
    secretary = make_user("tomaz", role=SECRETARIES)
    committee = services.committee_create(by=secretary, name="Market Committee", slug="market")
    membership = Membership.objects.get(committee=committee)
    assert membership.role == Membership.Role.SECRETARY and membership.term_start == TODAY
    assert membership.person.user == secretary
    assert can_edit_committee(secretary, committee)


def test_committee_create_by_a_superuser_adds_no_membership(make_user):
    admin = make_user("admin", superuser=True)
    committee = services.committee_create(by=admin, name="Market Committee", slug="market")
    assert not committee.memberships.exists() and not Person.objects.exists()


def test_membership_add_creates_a_new_person_with_private_contact():
    committee = CommitteeFactory()
    membership = services.membership_add(
        committee=committee, by=None, new_person_name="Jana Kos", email="jana@example.org", phone="+386 1",
        term_start=TODAY,
    )
    assert membership.person.full_name == "Jana Kos" and membership.person.email == "jana@example.org"


def test_membership_add_reuses_an_existing_person():
    person = PersonFactory()
    membership = services.membership_add(
        committee=CommitteeFactory(), by=None, person=person, term_start=TODAY, role="chair"
    )
    assert membership.person == person and Person.objects.count() == 1


def test_membership_add_is_all_or_nothing():
    with pytest.raises(ValidationError):
        services.membership_add(
            committee=CommitteeFactory(), by=None, new_person_name="Jana Kos", term_start=days(5), term_end=days(1)
        )
    assert not Person.objects.exists()


def test_membership_end_refuses_an_end_before_the_start():
    membership = MembershipFactory(term_start=days(-10))
    with pytest.raises(ValidationError) as error:
        services.membership_end(membership=membership, **opened(membership), on=days(-11))
    assert error.value.message_dict == {"term_end": ["The term cannot end before it starts."]}
    services.membership_end(membership=membership, **opened(membership), on=days(-1))
    assert Membership.objects.past().get() == membership


def test_meeting_record_sets_updates_and_removes_attendance():
    meeting = HeldMeetingFactory(status=Meeting.Status.PLANNED, minutes="")
    ana, bojan = PersonFactory(), PersonFactory()
    Attendance.objects.create(meeting=meeting, person=bojan)
    services.meeting_record(
        meeting=meeting, **opened(meeting), status="held", minutes="Agreed.", minutes_published=True,
        attendance={ana: "present", bojan: ""},
    )
    assert dict(meeting.attendances.values_list("person", "presence")) == {ana.pk: "present"}
    meeting.refresh_from_db()
    assert meeting.public_minutes == "Agreed."


def test_meeting_record_changes_nothing_when_the_meeting_is_in_the_future():
    meeting = MeetingFactory()
    with pytest.raises(ValidationError):
        services.meeting_record(
            meeting=meeting, **opened(meeting), status="held", minutes="", minutes_published=False, attendance={PersonFactory(): "present"}
        )
    assert not Attendance.objects.exists()
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.PLANNED


def test_meeting_cancel():
    planned = MeetingFactory()
    meeting = services.meeting_cancel(meeting=planned, **opened(planned))
    assert Meeting.objects.get().status == meeting.Status.CANCELLED


def test_recommendation_move_records_the_date_of_each_step_and_sends_to_every_addressee():
    recommendation = RecommendationFactory(status="draft", adopted_on=None)
    town, ministry = OrganisationFactory(name="Town"), OrganisationFactory(name="Ministry")
    services.recommendation_addressees_add(recommendation=recommendation, by=None, organisations=[town, ministry])
    services.recommendation_move(recommendation=recommendation, **opened(recommendation), status="adopted", on=days(-9))
    services.recommendation_move(recommendation=recommendation, **opened(recommendation), status="sent", on=days(-8), response_due_on=days(-1))
    recommendation.refresh_from_db()
    assert (recommendation.adopted_on, recommendation.sent_on) == (days(-9), days(-8))
    assert set(recommendation.addressees.values_list("sent_on", "response_due_on")) == {(days(-8), days(-1))}
    assert list(Recommendation.objects.overdue()) == [recommendation]
    assert RecommendationAddressee.objects.overdue().count() == 2


def test_sending_without_addressees_is_refused():
    recommendation = RecommendationFactory(status="adopted", adopted_on=days(-3))
    with pytest.raises(ValidationError) as error:
        services.recommendation_move(recommendation=recommendation, **opened(recommendation), status="sent", on=TODAY)
    assert list(error.value.message_dict) == ["status"]
    assert Recommendation.objects.get().status == "adopted"


@pytest.mark.parametrize("current, new", [("draft", "sent"), ("adopted", "accepted"), ("rejected", "implemented")])
def test_recommendation_move_refuses_a_step_out_of_order(current, new):
    recommendation = RecommendationFactory(status=current)
    with pytest.raises(ValidationError) as error:
        services.recommendation_move(recommendation=recommendation, **opened(recommendation), status=new, on=TODAY)
    assert "status" in error.value.message_dict
    assert Recommendation.objects.get().status == current
