"""The services that create and change the committees' records, called with plain values as every
caller does (views, admin, demo): what they store, the version and the last editor they leave, the
edit conflict on a stale version, and nothing half-stored when they refuse."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone

from committees import services
from committees.models import Committee, Document, Meeting, Membership, Organisation, Person, Recommendation
from committees.tests.factories import (
    CommitteeFactory,
    DocumentFactory,
    HeldMeetingFactory,
    MeetingFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    RecommendationFactory,
)
from core.edits import EditConflict

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
COMMITTEE = {"name": "Market Committee", "slug": "market", "mandate": "Markets.", "appointed_by": "Mayor",
             "established_on": TODAY, "is_public": False}
MEETING = {"title": "Summer session", "place": "Town Hall", "agenda": "1. Market"}
RECOMMENDATION = {"title": "Benches", "text": "More benches.", "addressed_to": "mayors", "response_due_on": None}


def days(number):
    return TODAY + datetime.timedelta(days=number)


def soon():
    return timezone.now() + datetime.timedelta(days=3)


@pytest.fixture
def editor(make_user):
    return make_user("tomaz")


def stored(row):
    return type(row).objects.get(pk=row.pk)


def assert_edited(row, by, version):
    row = stored(row)
    assert (row.version, row.edited_by, timezone.localdate(row.edited_at)) == (version, by, timezone.localdate())


def test_a_created_committee_names_its_author(editor):
    committee = services.committee_create(by=editor, **COMMITTEE)
    assert Committee.objects.filter(**COMMITTEE).get() == committee
    assert_edited(committee, editor, 1)


def test_committee_update_stores_the_values_and_names_the_editor(editor):
    committee = CommitteeFactory()
    services.committee_update(committee=committee, by=editor, expected_version=1, **COMMITTEE)
    assert Committee.objects.filter(pk=committee.pk, **COMMITTEE).exists()
    assert_edited(committee, editor, 2)


def test_committee_update_at_a_stale_version_is_refused_and_stores_nothing(editor):
    committee = CommitteeFactory(name="Old name")
    services.committee_update(committee=committee, by=editor, expected_version=1, **{**COMMITTEE, "name": "First"})
    with pytest.raises(EditConflict) as conflict:
        services.committee_update(committee=committee, by=None, expected_version=1, **{**COMMITTEE, "name": "Second"})
    assert conflict.value.stored.name == "First"
    assert stored(committee).name == "First"
    assert_edited(committee, editor, 2)


def test_committee_update_refuses_an_address_taken_by_another_committee(editor):
    CommitteeFactory(slug="market")
    committee = CommitteeFactory(name="Kept")
    with pytest.raises(ValidationError) as error:
        services.committee_update(committee=committee, by=editor, expected_version=1, **COMMITTEE)
    assert list(error.value.message_dict) == ["slug"]
    assert (stored(committee).name, stored(committee).version) == ("Kept", 1)


def test_person_create_remembers_who_entered_the_person(editor):
    person = services.person_create(by=editor, full_name="Jana Kos", email="jana@example.org")
    assert (stored(person).created_by, stored(person).email) == (editor, "jana@example.org")
    assert_edited(person, editor, 1)


def test_person_account_link_links_and_unlinks_the_account(editor, make_user):
    person, account = PersonFactory(), make_user("jana")
    services.person_account_link(person=person, by=editor, expected_version=1, user=account)
    assert Person.objects.get(user=account) == person
    services.person_account_link(person=person, by=editor, expected_version=2, user=None)
    assert stored(person).user is None
    assert_edited(person, editor, 3)


def test_membership_add_names_who_seated_the_person(editor):
    committee, person = CommitteeFactory(), PersonFactory()
    membership = services.membership_add(
        committee=committee, by=editor, person=person, term_start=days(-1), role="chair"
    )
    assert (stored(membership).added_by, stored(membership).role) == (editor, "chair")
    assert_edited(membership, editor, 1)


def test_membership_update_stores_the_term_and_whom_the_member_represents(editor):
    membership, organisation = MembershipFactory(), OrganisationFactory(name="Chamber of Crafts")
    services.membership_update(
        membership=membership, by=editor, expected_version=1, role="vice_chair", organisation=organisation,
        is_volunteer=True, term_start=days(-10), term_end=days(300), appointment_reference="Decision 7",
        appointed_on=days(-20),
    )
    saved = stored(membership)
    assert (saved.role, saved.organisation, saved.is_volunteer) == ("vice_chair", organisation, True)
    assert (saved.term_start, saved.term_end, saved.appointment_reference) == (days(-10), days(300), "Decision 7")
    assert_edited(membership, editor, 2)


def test_membership_update_that_would_end_before_the_start_stores_nothing(editor):
    membership = MembershipFactory(term_start=days(-10), term_end=days(10))
    with pytest.raises(ValidationError):
        services.membership_update(
            membership=membership, by=editor, expected_version=1, role="member", organisation=None,
            is_volunteer=False, term_start=days(-10), term_end=days(-11), appointment_reference="", appointed_on=None,
        )
    assert (stored(membership).term_end, stored(membership).version) == (days(10), 1)


def test_meeting_schedule_plans_a_meeting_of_the_committee(editor):
    committee, starts_at = CommitteeFactory(), soon()
    meeting = services.meeting_schedule(committee=committee, by=editor, starts_at=starts_at, **MEETING)
    assert committee.meetings.filter(status=Meeting.Status.PLANNED, starts_at=starts_at, **MEETING).get() == meeting
    assert_edited(meeting, editor, 1)


def test_meeting_update_at_a_stale_version_is_refused(editor):
    meeting = MeetingFactory(title="Old")
    services.meeting_update(meeting=meeting, by=editor, expected_version=1, starts_at=soon(), **MEETING)
    with pytest.raises(EditConflict):
        services.meeting_update(
            meeting=meeting, by=None, expected_version=1, starts_at=soon(), **{**MEETING, "title": "Lost"}
        )
    assert stored(meeting).title == MEETING["title"]
    assert_edited(meeting, editor, 2)


def test_meeting_record_at_a_stale_version_stores_no_attendance(editor):
    meeting = HeldMeetingFactory()
    services.meeting_cancel(meeting=meeting, by=editor, expected_version=1)
    with pytest.raises(EditConflict):
        services.meeting_record(meeting=meeting, by=None, expected_version=1, status="held", minutes="Agreed.",
                                minutes_published=True, attendance={PersonFactory(): "present"})
    assert not meeting.attendances.exists() and stored(meeting).status == Meeting.Status.CANCELLED


def test_recommendation_create_makes_a_draft_of_the_committee(editor):
    committee = CommitteeFactory()
    meeting = HeldMeetingFactory(committee=committee)
    recommendation = services.recommendation_create(committee=committee, by=editor, meeting=meeting, **RECOMMENDATION)
    assert committee.recommendations.filter(status="draft", meeting=meeting, **RECOMMENDATION).get() == recommendation
    assert_edited(recommendation, editor, 1)


def test_recommendation_update_changes_the_wording_not_the_status(editor):
    recommendation = RecommendationFactory(status=Recommendation.Status.SENT, sent_on=TODAY)
    services.recommendation_update(
        recommendation=recommendation, by=editor, expected_version=1, meeting=None, **RECOMMENDATION
    )
    assert Recommendation.objects.filter(pk=recommendation.pk, status="sent", **RECOMMENDATION).exists()
    assert_edited(recommendation, editor, 2)


def test_recommendation_move_names_the_editor_and_refuses_a_stale_version(editor):
    recommendation = RecommendationFactory(status=Recommendation.Status.DRAFT, adopted_on=None)
    move = {"recommendation": recommendation, "status": "adopted", "on": TODAY}
    services.recommendation_move(by=editor, expected_version=1, **move)
    with pytest.raises(EditConflict):
        services.recommendation_move(by=None, expected_version=1, **move)
    assert_edited(recommendation, editor, 2)


def test_document_upload_stores_the_file_under_a_name_of_our_own():
    committee = CommitteeFactory()
    document = services.document_upload(
        committee=committee, title="Handbook", kind="handbook", is_public=True,
        file=ContentFile(b"%PDF-1.4 test", name="my handbook.pdf"),
    )
    saved = committee.documents.get()
    assert (saved, saved.kind, saved.is_public, saved.download_name) == (document, "handbook", True, "handbook.pdf")
    assert "my handbook" not in saved.file.name and saved.file.read() == b"%PDF-1.4 test"


def test_document_upload_refuses_a_file_type_we_do_not_keep():
    with pytest.raises(ValidationError) as error:
        services.document_upload(committee=CommitteeFactory(), title="Script", file=ContentFile(b"x", name="run.exe"))
    assert list(error.value.message_dict) == ["file"] and not Document.objects.exists()


def test_document_update_keeps_the_file_unless_a_new_one_is_given():
    document = DocumentFactory(is_public=True)
    kept = document.file.name
    services.document_update(document=document, title="Renamed", kind="other", meeting=None, is_public=False)
    assert (stored(document).title, stored(document).is_public, stored(document).file.name) == ("Renamed", False, kept)
    services.document_update(document=document, title="Renamed", kind="other", meeting=None, is_public=False,
                             file=ContentFile(b"new", name="new.txt"))
    assert stored(document).file.read() == b"new"


def test_organisation_save_creates_then_changes_only_what_differs():
    created = services.organisation_save(name="Chamber", kind="chamber")
    again = services.organisation_save(name="Chamber", kind="chamber", website="https://chamber.example.org")
    assert again.pk == created.pk and Organisation.objects.get().website == "https://chamber.example.org"


def test_an_erased_persons_records_move_on_so_an_older_form_cannot_write_the_name_back(editor):
    membership = MembershipFactory(person__full_name="Marta Izbrisana")
    meeting = HeldMeetingFactory(committee=membership.committee, minutes="Marta Izbrisana presented.")
    services.person_erase(person=membership.person, by=editor)
    assert_edited(meeting, editor, 2)
    assert_edited(membership, editor, 2)
    assert_edited(membership.person, editor, 2)
    with pytest.raises(EditConflict):
        services.meeting_record(meeting=meeting, by=None, expected_version=1, status="held",
                                minutes="Marta Izbrisana presented.", minutes_published=True, attendance={})
    assert stored(meeting).minutes == "a former member presented."


# The admin, for superusers: its saves go through the same call as the services' -------------------
def admin_meeting_form(meeting, opened_at_version=1):
    """The admin's change form of `meeting`, retitled "New title", as opened at `opened_at_version`."""
    return {"committee": meeting.committee.pk, "original_language": "en", "title": "New title", "starts_at_0": soon().date().isoformat(),
            "starts_at_1": "17:00", "place": "", "agenda": "", "minutes": "", "status": "planned",
            "attendances-TOTAL_FORMS": 0, "attendances-INITIAL_FORMS": 0, "opened_at_version": opened_at_version}


def test_a_save_in_the_admin_moves_the_version_on_and_names_the_administrator(client, make_user):
    admin = make_user("admin", superuser=True)
    meeting = MeetingFactory(title="Old title")
    client.force_login(admin)
    response = client.post(reverse("admin:committees_meeting_change", args=[meeting.pk]), admin_meeting_form(meeting))
    assert response.status_code == 302
    assert stored(meeting).title == "New title"
    assert_edited(meeting, admin, 2)


def test_an_admin_form_opened_before_a_colleague_saved_is_refused_and_saves_nothing(client, make_user):
    admin = make_user("admin", superuser=True)
    meeting = MeetingFactory(title="Old title")
    services.meeting_update(meeting=meeting, by=None, expected_version=1, title="The secretary's title",
                            starts_at=meeting.starts_at, place="", agenda="")
    client.force_login(admin)
    response = client.post(reverse("admin:committees_meeting_change", args=[meeting.pk]), admin_meeting_form(meeting))
    assert response.status_code == 200
    assert "Someone else saved this while you were editing it" in response.content.decode()
    assert (stored(meeting).title, stored(meeting).version) == ("The secretary's title", 2)


def test_a_membership_saved_inline_in_the_admin_moves_its_version_on(client, make_user):
    admin = make_user("admin", superuser=True)
    membership = MembershipFactory(role="member")
    committee = membership.committee
    client.force_login(admin)
    form = {"original_language": "en", "name": committee.name, "slug": committee.slug, "mandate": "", "appointed_by": "", "is_public": "on", "opened_at_version": 1,
            "memberships-TOTAL_FORMS": 1, "memberships-INITIAL_FORMS": 1, "memberships-0-id": membership.pk,
            "memberships-0-committee": committee.pk, "memberships-0-person": membership.person_id,
            "memberships-0-role": "chair",
            "memberships-0-term_start": membership.term_start.isoformat(), "memberships-0-term_end": ""}
    response = client.post(reverse("admin:committees_committee_change", args=[committee.pk]), form)
    assert response.status_code == 302
    assert (stored(membership).role, stored(membership).term_end) == ("chair", None)
    assert_edited(membership, admin, 2)
    assert_edited(committee, admin, 2)
    assert Membership.objects.count() == 1


def test_an_administrator_may_erase_her_own_person_and_account(make_user):
    admin = make_user("admin", superuser=True)
    person = MembershipFactory(person__user=admin, person__full_name="Ada Admin").person
    services.person_erase(person=person, by=admin)
    assert stored(person).erased_on == TODAY and stored(person).edited_by is None
    assert not type(admin).objects.filter(pk=admin.pk).exists()
