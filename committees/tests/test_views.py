import datetime
import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from committees.models import Attendance, Committee, Document, Meeting, Membership, Person, Recommendation
from committees.tests.factories import (
    AddresseeFactory,
    CommitteeFactory,
    DocumentFactory,
    HeldMeetingFactory,
    MeetingFactory,
    MembershipFactory,
    OrganisationFactory,
    PersonFactory,
    RecommendationFactory,
    SentRecommendationFactory,
)
from core.tests.edits import version_of

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()


def days(number):
    return TODAY + datetime.timedelta(days=number)


def text(response):
    return response.content.decode()


def timeline(response):
    """The steps on a recommendation's page, as text."""
    steps = re.search(r'<ol[^>]*aria-labelledby="progress-heading"[^>]*>(.*?)</ol>', text(response), re.S).group(1)
    return [" ".join(re.sub(r"<[^>]+>", "", step).split()) for step in re.findall(r"<li[^>]*>(.*?)</li>", steps, re.S)]


# Public pages -------------------------------------------------------------------------------


def test_committee_page_groups_current_members_by_role_with_their_organisations(client):
    committee = CommitteeFactory(name="City Marketing Committee", mandate="Manage vacant premises.")
    chamber = OrganisationFactory(name="Chamber of Commerce")
    MembershipFactory(committee=committee, person__full_name="Maja Novak", role="chair")
    MembershipFactory(committee=committee, person__full_name="Luka Golob", organisation=chamber, role="member")
    MembershipFactory(committee=committee, person__full_name="Eva Mlakar", role="external_expert", is_volunteer=True)
    MembershipFactory(
        committee=committee, person__full_name="Jure Potočnik", term_start=days(-800), term_end=days(-10)
    )
    content = text(client.get(committee.get_absolute_url()))
    assert "Manage vacant premises." in content
    current, past = content.split("Past members")
    assert current.index("Chair") < current.index("Maja Novak") < current.index("Member") < current.index("Luka Golob")
    assert "Luka Golob, Chamber of Commerce" in current
    assert current.index("External expert") < current.index("Eva Mlakar")
    assert "Jure Potočnik" not in current
    assert "Jure Potočnik" in past


@pytest.mark.parametrize("viewer", ["anonymous", "manager", "mayor", "other_secretary", "secretary"])
def test_pages_never_show_a_persons_email_or_phone(client, world, viewer):
    person = PersonFactory(full_name="Nina Kos", email="nina.kos@private.example.org", phone="+386 41 555 123")
    MembershipFactory(committee=world.committee, person=person)
    Attendance.objects.create(meeting=world.meeting, person=person)
    world.meeting.status, world.meeting.minutes = Meeting.Status.HELD, "Nina Kos reported on the market."
    world.meeting.save()
    if world.users[viewer]:
        client.force_login(world.users[viewer])
    urls = [
        reverse("committees:list"),
        reverse("committees:recommendation-list"),
        world.committee.get_absolute_url(),
        world.meeting.get_absolute_url(),
        world.recommendation.get_absolute_url(),
    ]
    for url in urls:
        content = text(client.get(url))
        assert "nina.kos@private.example.org" not in content and "555 123" not in content, url
        for member in Person.objects.all():
            assert member.email not in content and member.phone not in content, url
    assert "Nina Kos" in text(client.get(world.meeting.get_absolute_url()))
    # Only the committee's secretary is offered the page where the contact details are kept.
    edit_contact = reverse("committees:person-update", args=[world.committee.slug, person.pk])
    assert (edit_contact in text(client.get(world.committee.get_absolute_url()))) == (viewer == "secretary")


def test_minutes_are_public_only_once_the_meeting_is_held_and_they_are_published(client, world):
    unpublished = HeldMeetingFactory(committee=world.committee, minutes="Draft minutes text.", minutes_published=False)
    published = HeldMeetingFactory(committee=world.committee, minutes="Adopted the summer programme.")
    planned = MeetingFactory(committee=world.committee, minutes="Written in advance.", minutes_published=True)
    assert "Adopted the summer programme." in text(client.get(published.get_absolute_url()))
    assert "Draft minutes text." not in text(client.get(unpublished.get_absolute_url()))
    assert "Written in advance." not in text(client.get(planned.get_absolute_url()))
    client.force_login(world.users["secretary"])
    content = text(client.get(unpublished.get_absolute_url()))
    assert "Draft minutes text." in content and "Not published" in content


def test_committee_page_lists_upcoming_and_past_meetings_recommendations_and_public_documents(client, world):
    MeetingFactory(committee=world.committee, title="Autumn session", starts_at=timezone.now() + datetime.timedelta(days=30))
    content = text(client.get(world.committee.get_absolute_url()))
    upcoming, past = content.split("Past meetings")
    assert "Autumn session" in upcoming and "Spring session" in past
    assert "Open the square on Sundays" in content
    assert "Unfinished idea" not in content  # a draft
    assert "Handbook of measures" in content
    assert "Rent negotiations" not in content  # internal


def test_non_public_committee_is_listed_only_for_staff_and_members(client, world):
    assert "Premises Task Force" not in text(client.get(reverse("committees:list")))
    assert client.get(world.hidden.get_absolute_url()).status_code == 404
    client.force_login(world.users["mayor"])
    content = text(client.get(reverse("committees:list")))
    assert "Premises Task Force" in content and "not public" in content


def test_recommendations_list_shows_public_ones_with_status_and_filters_them(client, world):
    RecommendationFactory(
        committee=world.other_committee, title="Fund shopfront renovation", addressed_to="state_institutions",
        status=Recommendation.Status.ACCEPTED,
    )
    RecommendationFactory(committee=world.hidden, title="Confidential lease terms")
    content = text(client.get(reverse("committees:recommendation-list")))
    assert "Open the square on Sundays" in content and "Fund shopfront renovation" in content
    assert "accepted" in content and "sent" in content
    assert "Unfinished idea" not in content and "Confidential lease terms" not in content

    by_committee = text(client.get(reverse("committees:recommendation-list"), {"committee": "lakeside"}))
    assert "Fund shopfront renovation" in by_committee and "Open the square on Sundays" not in by_committee
    by_addressee = text(client.get(reverse("committees:recommendation-list"), {"addressed_to": "mayors"}))
    assert "Open the square on Sundays" in by_addressee and "Fund shopfront renovation" not in by_addressee
    by_status = text(client.get(reverse("committees:recommendation-list"), {"status": "accepted"}))
    assert "Fund shopfront renovation" in by_status and "Open the square on Sundays" not in by_status


def test_public_document_downloads_as_an_attachment_with_safe_headers(client, world):
    response = client.get(world.document.get_absolute_url())
    assert response["Content-Disposition"] == 'attachment; filename="handbook-of-measures.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == b"%PDF-1.4 test"


def test_internal_document_is_hidden_from_the_public_and_private_for_members(client, world):
    assert client.get(world.internal_document.get_absolute_url()).status_code == 404
    client.force_login(world.users["secretary"])
    response = client.get(world.internal_document.get_absolute_url())
    assert {"private", "no-store"} <= {part.strip() for part in response["Cache-Control"].split(",")}
    assert response["Content-Disposition"].startswith("attachment;")


# Staff alerts ---------------------------------------------------------------------------------


def test_editors_see_alerts_for_ending_terms_overdue_replies_and_missing_minutes(client, world):
    MembershipFactory(committee=world.committee, person__full_name="Marko Vidmar", term_end=days(20))
    MembershipFactory(committee=world.committee, person__full_name="Far Future", term_end=days(200))
    late = SentRecommendationFactory(committee=world.committee, title="Reply is late", response_due_on=days(-3))
    AddresseeFactory(recommendation=late, organisation__name="Municipality of Lakeford")
    AddresseeFactory(recommendation=late, organisation__name="Ministry of Economy", status="accepted")
    HeldMeetingFactory(committee=world.committee, title="Session without minutes", minutes="", minutes_published=False)
    client.force_login(world.users["secretary"])
    content = text(client.get(world.committee.get_absolute_url()))
    alerts = content.split("Needs attention")[1].split("Current members")[0]
    assert "Marko Vidmar" in alerts and "Far Future" not in alerts
    assert "Reply is late" in alerts and "Open the square on Sundays" not in alerts
    assert "1 reply overdue" in alerts and "Municipality of Lakeford" in alerts and "Ministry of Economy" not in alerts
    assert "Write the minutes of Session without minutes" in alerts


@pytest.mark.parametrize("role", ["anonymous", "manager", "mayor", "other_secretary"])
def test_readers_who_cannot_edit_see_no_alerts_or_edit_links(client, world, role):
    MembershipFactory(committee=world.committee, term_end=days(20))
    if world.users[role]:
        client.force_login(world.users[role])
    content = text(client.get(world.committee.get_absolute_url()))
    assert "Needs attention" not in content
    assert reverse("committees:meeting-create", args=[world.committee.slug]) not in content


# Query counts ---------------------------------------------------------------------------------


def _fill(committee, rows):
    MembershipFactory.create_batch(rows, committee=committee)
    MembershipFactory.create_batch(rows, committee=committee, term_start=days(-400), term_end=days(-1))
    MeetingFactory.create_batch(rows, committee=committee)
    HeldMeetingFactory.create_batch(rows, committee=committee)
    RecommendationFactory.create_batch(rows, committee=committee, meeting=Meeting.objects.filter(committee=committee).first())
    DocumentFactory.create_batch(rows, committee=committee, meeting=Meeting.objects.filter(committee=committee).first())


@pytest.mark.parametrize("rows", [3, 30])
@pytest.mark.parametrize("viewer", ["anonymous", "secretary"])
def test_committee_page_queries_do_not_grow_with_members_and_meetings(
    client, world, rows, viewer, django_assert_max_num_queries
):
    _fill(world.committee, rows)
    if world.users[viewer]:
        client.force_login(world.users[viewer])
    # anonymous: committee, members now, appointed and past, meetings to come and past, recommendations, documents;
    # the secretary adds the session, user, groups, memberships and three alert lists.
    with django_assert_max_num_queries({"anonymous": 9, "secretary": 15}[viewer]):  # anonymous: + the content version
        response = client.get(world.committee.get_absolute_url())
    assert text(response).count("<li class=\"mb-2\">") >= 2 * rows


def test_a_member_whose_term_starts_later_is_listed_as_appointed(secretary_client, world):
    response = secretary_client.post(
        reverse("committees:membership-create", args=[world.committee.slug]),
        {"new_person_name": "Tina Kos", "role": "member", "term_start": days(30).isoformat()},
        follow=True,
    )
    membership = Membership.objects.get(person__full_name="Tina Kos")
    assert membership.term_start == days(30)
    page = text(response)
    assert "Appointed, term not started yet" in page
    assert "Tina Kos, member" in page
    assert reverse("committees:membership-update", args=[world.committee.slug, membership.pk]) in page
    public = text(Client().get(world.committee.get_absolute_url()))
    assert "Tina Kos, member" in public
    assert reverse("committees:membership-update", args=[world.committee.slug, membership.pk]) not in public
    assert list(Membership.objects.upcoming()) == [membership]
    assert membership not in Membership.objects.current() and membership not in Membership.objects.past()


@pytest.mark.parametrize("rows", [3, 30])
def test_committee_list_and_recommendations_queries_do_not_grow(client, rows, django_assert_max_num_queries):
    for committee in CommitteeFactory.create_batch(rows):
        _fill(committee, 1)
    with django_assert_max_num_queries(2):  # the content version, committees with their current member counts
        response = client.get(reverse("committees:list"))
    assert text(response).count('class="card mb-3"') == rows
    with django_assert_max_num_queries(4):  # the content version, count, the committee filter's choices, one page
        response = client.get(reverse("committees:recommendation-list"))
    assert text(response).count("<tr>") == min(rows, 25) + 1  # a header row and one page


@pytest.mark.parametrize(("page", "shown"), [("x", "Recommendation 00"), ("", "Recommendation 00"), ("99", "Recommendation 29")])
def test_recommendation_list_shows_a_page_for_a_bad_page_number(client, page, shown):
    committee = CommitteeFactory()
    for number in range(30):
        RecommendationFactory(
            committee=committee, title=f"Recommendation {number:02}", status=Recommendation.Status.SENT,
            adopted_on=days(-number),
        )
    response = client.get(reverse("committees:recommendation-list"), {"page": page})
    assert response.status_code == 200
    assert shown in text(response)
    assert text(response).count("<tr>") == (5 if page == "99" else 25) + 1


@pytest.mark.parametrize("rows", [3, 30])
def test_meeting_page_queries_do_not_grow_with_attendees(client, rows, django_assert_max_num_queries):
    meeting = HeldMeetingFactory()
    for person in PersonFactory.create_batch(rows):
        Attendance.objects.create(meeting=meeting, person=person)
    DocumentFactory.create_batch(rows, committee=meeting.committee, meeting=meeting)
    RecommendationFactory.create_batch(rows, committee=meeting.committee, meeting=meeting)
    with django_assert_max_num_queries(6):  # 5 + the content version (an anonymous visitor, page cache)
        response = client.get(meeting.get_absolute_url())
    assert text(response).count("– present") == rows


# Staff pages ----------------------------------------------------------------------------------


def test_a_secretary_who_creates_a_committee_becomes_its_secretary(client, world):
    client.force_login(world.users["other_secretary"])
    response = client.post(
        reverse("committees:create"),
        {"name": "Market Square Committee", "slug": "", "mandate": "Run the market.", "is_public": "on"},
        follow=True,
    )
    committee = Committee.objects.get(slug="market-square-committee")
    assert response.redirect_chain[-1][0] == committee.get_absolute_url()
    assert "The committee Market Square Committee was created." in text(response)
    membership = committee.memberships.get()
    assert membership.person.user == world.users["other_secretary"] and membership.role == "secretary"
    assert "Needs attention" in text(response)


@pytest.mark.parametrize(
    "slug, message",
    [("riverside", "Committee with this Slug already exists."), ("new", "This address is taken by a page")],
)
def test_committee_form_refuses_an_address_already_in_use(secretary_client, slug, message):
    response = secretary_client.post(reverse("committees:create"), {"name": "Another Committee", "slug": slug})
    assert response.status_code == 200
    assert message in text(response)
    assert 'value="Another Committee"' in text(response)


def test_secretary_adds_a_new_person_whose_contact_stays_private(secretary_client, world):
    url = reverse("committees:membership-create", args=[world.committee.slug])
    response = secretary_client.post(
        url,
        {"new_person_name": "Jana Kos", "email": "jana.kos@example.org", "phone": "+386 40 123 456",
         "role": "member", "is_volunteer": "on", "term_start": days(-1).isoformat()},
        follow=True,
    )
    assert "Jana Kos was added." in text(response)
    membership = Membership.objects.get(person__full_name="Jana Kos")
    assert membership.person.email == "jana.kos@example.org" and membership.is_volunteer
    assert "jana.kos@example.org" not in text(response)


def test_membership_form_needs_a_person_and_keeps_what_was_typed(secretary_client, world):
    url = reverse("committees:membership-create", args=[world.committee.slug])
    response = secretary_client.post(url, {"role": "member", "term_start": "2025-03-01", "appointment_reference": "014-7/2025"})
    assert "Choose a person or fill in a new person" in text(response)
    assert 'value="014-7/2025"' in text(response)


def test_term_end_before_start_is_an_error_next_to_the_field(secretary_client, world):
    url = reverse("committees:membership-update", args=[world.committee.slug, world.membership.pk])
    response = secretary_client.post(
        url, {"role": "member", "term_start": "2025-05-01", "term_end": "2025-04-01", **version_of(world.membership)}
    )
    form = response.context["form"]
    assert form.errors == {"term_end": ["The term cannot end before it starts."]}
    content = text(response)
    assert 'id="error_1_id_term_end"' in content and 'value="2025-04-01"' in content
    world.membership.refresh_from_db()
    assert world.membership.term_end != datetime.date(2025, 4, 1)


def test_ending_a_term_in_the_past_moves_the_member_to_past_members(secretary_client, world):
    url = reverse("committees:membership-end", args=[world.committee.slug, world.membership.pk])
    response = secretary_client.post(url, {"term_end": days(-1).isoformat(), **version_of(world.membership)}, follow=True)
    assert "The term of Petra Zupan was ended." in text(response)
    current, past = text(response).split('id="members-heading"')[1].split("Past members")
    assert "Petra Zupan" not in current and "Petra Zupan" in past


@pytest.mark.parametrize("language, label, visible", [
    ("en", "End the term of Petra Zupan", "End the term"),
    ("sl", "Končaj mandat osebe Petra Zupan", "Končaj mandat"),
    ("pl", "Zakończ kadencję osoby Petra Zupan", "Zakończ kadencję"),
])
def test_the_end_of_term_link_is_named_by_one_whole_phrase_that_begins_with_its_text(secretary_client, world, language,
                                                                                     label, visible):
    """Not a visible word joined to a hidden rest: languages that inflect at the join get a sentence of their own."""
    url = reverse("committees:membership-end", args=[world.committee.slug, world.membership.pk])
    with translation.override(language):  # the request switches the language: switch it back after
        html = secretary_client.get(world.committee.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert f'href="{url}" aria-label="{label}">{visible}</a>' in html


def test_ending_a_term_before_it_started_is_refused(secretary_client, world):
    url = reverse("committees:membership-end", args=[world.committee.slug, world.membership.pk])
    response = secretary_client.post(url, {"term_end": days(-1000).isoformat(), **version_of(world.membership)})
    assert response.context["form"].errors == {"term_end": ["The term cannot end before it starts."]}


def test_secretary_schedules_a_meeting_and_residents_see_it_as_upcoming(secretary_client, world):
    response = secretary_client.post(
        reverse("committees:meeting-create", args=[world.committee.slug]),
        {"title": "Summer market planning", "starts_at": "2031-06-01T17:30", "place": "Town Hall", "agenda": "1. Stalls"},
        follow=True,
    )
    meeting = Meeting.objects.get(title="Summer market planning")
    assert response.redirect_chain[-1][0] == meeting.get_absolute_url()
    assert meeting.status == Meeting.Status.PLANNED and meeting.committee == world.committee
    upcoming = text(Client().get(world.committee.get_absolute_url())).split("Past meetings")[0]
    assert "Summer market planning" in upcoming


def test_meeting_form_with_a_bad_date_keeps_the_title(secretary_client, world):
    response = secretary_client.post(
        reverse("committees:meeting-create", args=[world.committee.slug]),
        {"title": "Summer market planning", "starts_at": "next Tuesday"},
    )
    assert "Enter a valid date/time." in text(response)
    assert 'value="Summer market planning"' in text(response)


def test_recording_a_meeting_saves_attendance_and_publishes_minutes(secretary_client, world):
    url = reverse("committees:meeting-record", args=[world.committee.slug, world.meeting.pk])
    form = secretary_client.get(url).context["form"]
    petra = world.membership.person
    assert petra in form.people
    response = secretary_client.post(
        url,
        {"status": "held", "minutes": "Agreed the summer market.", "minutes_published": "on",
         f"presence_{petra.pk}": "excused", **version_of(world.meeting)},
        follow=True,
    )
    assert "The record of Spring session was saved." in text(response)
    assert Attendance.objects.get(meeting=world.meeting, person=petra).presence == "excused"
    content = text(Client().get(world.meeting.get_absolute_url()))
    assert "Agreed the summer market." in content and "Petra Zupan – excused" in content


def test_a_future_meeting_cannot_be_marked_held(secretary_client, world):
    meeting = MeetingFactory(committee=world.committee)
    response = secretary_client.post(
        reverse("committees:meeting-record", args=[world.committee.slug, meeting.pk]),
        {"status": "held", "minutes": "Too early.", **version_of(meeting)},
    )
    assert response.context["form"].errors == {"status": ["A meeting that has not started yet cannot be marked as held."]}
    assert "Too early." in text(response)


def test_cancelling_a_meeting_shows_it_as_cancelled(secretary_client, world):
    meeting = MeetingFactory(committee=world.committee, title="Winter fair briefing")
    url = reverse("committees:meeting-cancel", args=[world.committee.slug, meeting.pk])
    assert "Cancel Winter fair briefing?" in text(secretary_client.get(url))
    response = secretary_client.post(url, version_of(meeting), follow=True)
    meeting.refresh_from_db()
    assert meeting.status == Meeting.Status.CANCELLED
    assert "cancelled" in text(response)


def test_a_recommendation_goes_from_draft_to_implemented_through_its_addressees_replies(secretary_client, world):
    secretary_client.post(
        reverse("committees:recommendation-create", args=[world.committee.slug]),
        {"title": "Free parking on market days", "text": "Two free hours.", "addressed_to": "municipal_administration"},
    )
    recommendation = Recommendation.objects.get(title="Free parking on market days")
    assert recommendation.status == Recommendation.Status.DRAFT
    town = OrganisationFactory(name="Municipality of Riverbend")
    secretary_client.post(
        reverse("committees:recommendation-addressees", args=[world.committee.slug, recommendation.pk]),
        {"organisations": [town.pk]},
    )
    url = reverse("committees:recommendation-move", args=[world.committee.slug, recommendation.pk])
    steps = [
        {"status": "adopted", "on": days(-30).isoformat()},
        {"status": "sent", "on": days(-20).isoformat(), "response_due_on": days(10).isoformat()},
    ]
    for step in steps:
        response = secretary_client.post(url, {**step, **version_of(recommendation)}, follow=True)
        assert f"is now {step['status']}" in text(response)
    addressee = recommendation.addressees.get()
    reply_url = reverse("committees:addressee-reply", args=[world.committee.slug, recommendation.pk, addressee.pk])
    for kind, day, words in [("accepted", -5, "We agree."), ("implemented", -1, "Done.")]:
        response = secretary_client.post(reply_url, {"kind": kind, "received_on": days(day).isoformat(), "text": words}, follow=True)
        assert f"The reply of Municipality of Riverbend ({kind}) was recorded." in text(response)
    recommendation.refresh_from_db()
    assert (recommendation.adopted_on, recommendation.sent_on) == (days(-30), days(-20))
    assert (recommendation.accepted_on, recommendation.implemented_on) == (days(-5), days(-1))
    assert recommendation.status == "implemented" and recommendation.response_due_on == days(10)
    response = Client().get(recommendation.get_absolute_url())
    assert "We agree." in text(response) and "Done." in text(response)
    assert timeline(response)[-2:] == [
        f"Accepted on {date_format(days(-5), 'DATE_FORMAT')}", f"Implemented on {date_format(days(-1), 'DATE_FORMAT')}"
    ]


def test_the_detail_page_lists_the_steps_in_order_with_machine_readable_dates(client, world):
    recommendation = RecommendationFactory(
        committee=world.committee, title="Benches on the square", status=Recommendation.Status.IMPLEMENTED,
        adopted_on=days(-40), sent_on=days(-35), accepted_on=days(-20), implemented_on=days(-3),
    )
    response = client.get(recommendation.get_absolute_url())
    assert timeline(response) == [
        f"{label} on {date_format(days(number), 'DATE_FORMAT')}"
        for label, number in [("Adopted", -40), ("Sent", -35), ("Accepted", -20), ("Implemented", -3)]
    ]
    for number in (-40, -35, -20, -3):
        assert f'<time datetime="{days(number).isoformat()}"' in text(response)


def test_a_recommendation_cannot_skip_a_step_or_go_back_in_time(secretary_client, world):
    url = reverse("committees:recommendation-move", args=[world.draft.committee.slug, world.draft.pk])
    response = secretary_client.post(url, {"status": "sent", "on": TODAY.isoformat(), **version_of(world.draft)})
    assert "Select a valid choice" in str(response.context["form"].errors["status"])
    adopted = RecommendationFactory(committee=world.committee, status="adopted", adopted_on=TODAY)
    url = reverse("committees:recommendation-move", args=[world.committee.slug, adopted.pk])
    response = secretary_client.post(url, {"status": "sent", "on": days(-30).isoformat(), **version_of(adopted)})
    assert response.context["form"].errors == {
        "on": [f"This date cannot be before the day the recommendation was adopted ({date_format(TODAY, 'DATE_FORMAT')})."]
    }
    adopted.refresh_from_db()
    assert adopted.status == Recommendation.Status.ADOPTED


def test_secretary_uploads_an_internal_document(secretary_client, world):
    response = secretary_client.post(
        reverse("committees:document-create", args=[world.committee.slug]),
        {"title": "Lease draft", "kind": "other", "file": SimpleUploadedFile("lease.odt", b"odt")},
        follow=True,
    )
    assert "The document Lease draft was uploaded." in text(response)
    document = Document.objects.get(title="Lease draft")
    assert not document.is_public and document.file.name.endswith(".odt")
    assert "Lease draft" not in text(Client().get(world.committee.get_absolute_url()))


def test_a_document_is_uploaded_with_a_description_the_committee_page_shows(secretary_client, world):
    secretary_client.post(
        reverse("committees:document-create", args=[world.committee.slug]),
        {"title": "Shopfront handbook", "description": "How to renovate a shopfront in the Šalek valley.",
         "kind": "handbook", "is_public": "on", "file": SimpleUploadedFile("handbook.pdf", b"%PDF-1.4")},
    )
    document = Document.objects.get(title="Shopfront handbook")
    assert document.description == "How to renovate a shopfront in the Šalek valley."
    assert "How to renovate a shopfront in the Šalek valley." in text(Client().get(world.committee.get_absolute_url()))


@pytest.mark.parametrize(
    "filename, size, message",
    [("script.html", 10, "File extension “html” is not allowed."), ("big.pdf", 2 * 1024 * 1024, "The file is too large (at most 1 MB).")],
)
def test_document_upload_enforces_type_and_size_limits(secretary_client, world, settings, filename, size, message):
    settings.MAX_UPLOAD_MB = 1
    response = secretary_client.post(
        reverse("committees:document-create", args=[world.committee.slug]),
        {"title": "Evening market poster", "kind": "other", "file": SimpleUploadedFile(filename, b"x" * size)},
    )
    assert message in str(response.context["form"].errors["file"])
    assert 'value="Evening market poster"' in text(response)
    assert not Document.objects.filter(title="Evening market poster").exists()


@pytest.mark.parametrize("model", ["committee", "membership", "meeting", "recommendation", "document", "person"])
def test_admin_lists_every_committees_model_for_the_administrator(client, world, model):
    client.force_login(world.users["superuser"])
    response = client.get(reverse(f"admin:committees_{model}_changelist"))
    assert response.status_code == 200
    assert response.context["cl"].result_count >= 1


def test_editing_a_committee_with_a_bad_address_keeps_the_page_and_the_saved_address(secretary_client, world):
    url = reverse("committees:update", args=[world.committee.slug])
    response = secretary_client.post(
        url, {"name": "Riverside Revival Committee", "slug": "river side!", **version_of(world.committee)}
    )
    assert "Enter a valid “slug”" in text(response)
    assert 'value="Riverside Revival Committee"' in text(response)
    assert f'href="{world.committee.get_absolute_url()}"' in text(response)
    world.committee.refresh_from_db()
    assert world.committee.name == "Riverside Committee"


def test_editing_a_committee_saves_it_and_says_so(secretary_client, world):
    url = reverse("committees:update", args=[world.committee.slug])
    response = secretary_client.post(
        url, {"name": "Riverside Revival Committee", "slug": "riverside", "mandate": "Bring back the riverside.",
              **version_of(world.committee)},
        follow=True,
    )
    assert "The committee&#x27;s details were saved." in text(response)
    world.committee.refresh_from_db()
    assert world.committee.mandate == "Bring back the riverside." and not world.committee.is_public


def test_recommendations_list_pages_keep_the_filter_in_their_links(client):
    committee = CommitteeFactory()
    RecommendationFactory.create_batch(26, committee=committee, addressed_to=Recommendation.Addressee.MAYORS)
    response = client.get(reverse("committees:recommendation-list"), {"addressed_to": "mayors"})
    content = text(response)
    assert "Page 1 of 2" in content
    assert "addressed_to=mayors&amp;page=2" in content
