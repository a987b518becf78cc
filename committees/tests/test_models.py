import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError
from django.utils import timezone
from django.utils.formats import date_format

from committees.models import Committee, Document, Meeting, Membership, Recommendation, RecommendationAddressee
from committees.tests.factories import (
    AddresseeFactory,
    CommitteeFactory,
    DocumentFactory,
    HeldMeetingFactory,
    MeetingFactory,
    MembershipFactory,
    RecommendationFactory,
    SentRecommendationFactory,
)
from core.roles import MAYORS

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def days(number):
    return TODAY + datetime.timedelta(days=number)


def test_current_and_past_members_follow_the_term():
    committee = CommitteeFactory()
    now = MembershipFactory(committee=committee, term_start=days(-10), term_end=days(0))
    open_term = MembershipFactory(committee=committee, term_start=days(-10), term_end=None)
    ended = MembershipFactory(committee=committee, term_start=days(-10), term_end=days(-1))
    future = MembershipFactory(committee=committee, term_start=days(3), term_end=None)
    assert set(Membership.objects.current()) == {now, open_term}
    assert list(Membership.objects.past()) == [ended]
    assert future not in Membership.objects.current()
    assert list(Committee.objects.with_current_member_count().values_list("current_member_count", flat=True)) == [2]


def test_members_are_listed_chair_first_then_by_role_and_name():
    committee = CommitteeFactory()
    for name, role in [("Zala", "member"), ("Ana", "observer"), ("Bor", "chair"), ("Ema", "member"), ("Iva", "secretary")]:
        MembershipFactory(committee=committee, person__full_name=name, role=role)
    names = [m.person.full_name for m in committee.memberships.in_role_order()]
    assert names == ["Bor", "Iva", "Ema", "Zala", "Ana"]


def test_terms_ending_within_sixty_days():
    soon = MembershipFactory(term_end=days(59))
    MembershipFactory(term_end=days(61))
    MembershipFactory(term_end=None)
    MembershipFactory(term_start=days(-100), term_end=days(-1))
    assert list(Membership.objects.ending_within(60)) == [soon]


def test_the_database_refuses_a_term_that_ends_before_it_starts():
    with pytest.raises(IntegrityError):
        MembershipFactory(term_start=days(0), term_end=days(-1))


def test_membership_clean_puts_the_term_error_on_the_term_end_field():
    membership = MembershipFactory.build(term_start=days(0), term_end=days(-1))
    with pytest.raises(ValidationError) as error:
        membership.clean()
    assert error.value.message_dict == {"term_end": ["The term cannot end before it starts."]}


def test_public_minutes_need_a_held_meeting_and_publication():
    assert HeldMeetingFactory(minutes="Agreed.").public_minutes == "Agreed."
    assert HeldMeetingFactory(minutes="Agreed.", minutes_published=False).public_minutes == ""
    assert MeetingFactory(minutes="Agreed.", minutes_published=True).public_minutes == ""


def test_meeting_clean_refuses_publishing_empty_minutes_and_a_held_future_meeting():
    meeting = MeetingFactory.build(status=Meeting.Status.HELD, minutes="", minutes_published=True)
    with pytest.raises(ValidationError) as error:
        meeting.clean()
    assert set(error.value.message_dict) == {"status", "minutes_published"}


def test_held_meetings_without_minutes():
    missing = HeldMeetingFactory(minutes="", minutes_published=False)
    HeldMeetingFactory()
    MeetingFactory()
    assert list(Meeting.objects.held_without_minutes()) == [missing]


def test_meetings_split_into_future_and_past():
    future = MeetingFactory(status=Meeting.Status.CANCELLED)
    past = HeldMeetingFactory()
    assert list(Meeting.objects.future()) == [future]
    assert list(Meeting.objects.past()) == [past]


def test_recommendations_visible_to_the_public_exclude_drafts_and_non_public_committees(make_user):
    public = RecommendationFactory(status="adopted")
    RecommendationFactory(status="draft")
    hidden_committee = CommitteeFactory(is_public=False)
    hidden = RecommendationFactory(committee=hidden_committee)
    assert list(Recommendation.objects.public()) == [public]
    member = make_user("member", committees=[hidden_committee])  # a member without a staff role
    assert set(Recommendation.objects.visible_to(member)) == {public, hidden}
    assert Recommendation.objects.visible_to(make_user("mayor", role=MAYORS)).count() == 3


def test_overdue_counts_each_addressee_past_its_deadline_without_a_final_reply():
    recommendation = SentRecommendationFactory(response_due_on=days(-1))
    silent = AddresseeFactory(recommendation=recommendation)
    interim = AddresseeFactory(recommendation=recommendation, status="interim")
    AddresseeFactory(recommendation=recommendation, status="accepted")
    AddresseeFactory(recommendation=recommendation, response_due_on=days(1))
    AddresseeFactory(recommendation__status="adopted", recommendation__sent_on=None, response_due_on=days(-1))
    assert set(RecommendationAddressee.objects.overdue()) == {silent, interim}
    assert set(RecommendationAddressee.objects.awaiting_reply()) == {silent, interim, *recommendation.addressees.filter(response_due_on=days(1))}
    assert list(Recommendation.objects.overdue()) == [recommendation]
    assert list(Recommendation.objects.awaiting_reply()) == [recommendation]
    listed = Recommendation.objects.with_committee().get(pk=recommendation.pk)
    assert (listed.addressee_count, listed.overdue_addressee_count, listed.is_overdue) == (4, 2, True)
    assert silent.is_overdue and not Recommendation.objects.overdue(on=days(-2)).exists()


def test_recommendation_steps_cannot_go_back_in_time():
    recommendation = RecommendationFactory.build(adopted_on=days(0), sent_on=days(-1))
    with pytest.raises(ValidationError) as error:
        recommendation.clean()
    assert set(error.value.message_dict) == {"sent_on"}


@pytest.mark.parametrize(
    "dates, field, message",
    [
        ({"sent_on": -11}, "sent_on", "This date cannot be before the day the recommendation was adopted ({-10})."),
        ({"accepted_on": -6}, "accepted_on", "This date cannot be before the day the recommendation was sent ({-5})."),
        ({"sent_on": None, "accepted_on": -11}, "accepted_on",
         "This date cannot be before the day the recommendation was adopted ({-10})."),
        ({"accepted_on": -2, "implemented_on": -3}, "implemented_on",
         "This date cannot be before the day the recommendation was accepted ({-2})."),
        ({"implemented_on": -6}, "implemented_on", "This date cannot be before the day the recommendation was sent ({-5})."),
        ({"rejected_on": -6}, "rejected_on", "This date cannot be before the day the recommendation was sent ({-5})."),
        ({"accepted_on": -2, "rejected_on": -3}, "rejected_on",
         "This date cannot be before the day the recommendation was accepted ({-2})."),
        ({"implemented_on": -1, "rejected_on": -1}, "rejected_on",
         "A recommendation that was implemented cannot also have been rejected."),
    ],
)
def test_recommendation_date_errors_name_the_step_and_sit_on_the_later_date(dates, field, message):
    """Adopted on day -10 and sent on day -5, then the dates given (days from today)."""
    values = {"adopted_on": -10, "sent_on": -5, **dates}
    recommendation = RecommendationFactory.build(
        **{name: None if number is None else days(number) for name, number in values.items()}
    )
    with pytest.raises(ValidationError) as error:
        recommendation.clean()
    for number in (-10, -5, -2):
        message = message.replace(f"{{{number}}}", date_format(days(number), "DATE_FORMAT"))
    assert error.value.message_dict == {field: [message]}


def test_recommendation_dates_in_order_are_valid_and_an_unknown_acceptance_is_skipped():
    RecommendationFactory.build(
        adopted_on=days(-10), sent_on=days(-5), accepted_on=days(-5), implemented_on=days(-5)
    ).clean()
    RecommendationFactory.build(adopted_on=days(-10), sent_on=days(-5), implemented_on=days(-1)).clean()
    RecommendationFactory.build(adopted_on=days(-10), sent_on=days(-5), accepted_on=days(-3), rejected_on=days(-1)).clean()


def test_documents_visible_to_the_public_and_a_safe_download_name(make_user):
    public = DocumentFactory(title="Handbook: measures / 2025")
    internal = DocumentFactory(is_public=False)
    DocumentFactory(committee=CommitteeFactory(is_public=False))
    assert list(Document.objects.visible_to(make_user("resident"))) == [public]
    assert internal in Document.objects.visible_to(make_user("mayor", role=MAYORS))
    assert public.download_name == "handbook-measures-2025.pdf"
    assert "handbook" not in public.file.name  # stored under our own name, not the uploader's


def test_committees_visible_to_a_member_include_their_non_public_committee(make_user):
    hidden = CommitteeFactory(is_public=False)
    public = CommitteeFactory()
    assert list(Committee.objects.visible_to(make_user("resident"))) == [public]
    assert set(Committee.objects.visible_to(make_user("member", committees=[hidden]))) == {hidden, public}


def test_every_model_reads_well_as_text():
    meeting = MeetingFactory(title="")
    assert str(meeting).startswith("Meeting of ")
    membership = MembershipFactory(person__full_name="Ana Horvat", role="chair", committee__name="Riverside")
    assert str(membership) == "Ana Horvat – chair (Riverside)"
    assert meeting.get_absolute_url().endswith(f"/meetings/{meeting.pk}/")
