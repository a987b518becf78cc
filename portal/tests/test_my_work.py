"""My work per role: each list holds what the user can act on, across all her committees."""
import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from committees import services
from committees.models import Meeting, Organisation, Recommendation
from committees.tests.factories import (
    AddresseeFactory, CommitteeFactory, MeetingFactory, MembershipFactory, RecommendationFactory, SentRecommendationFactory,
)
from initiatives.models import Initiative
from initiatives.tests.factories import InitiativeFactory, MilestoneFactory, ProgressUpdateFactory, TargetFactory
from portal.tests.conftest import days, make_programme, moment

pytestmark = pytest.mark.django_db


def my_work(client, user):
    client.force_login(user)
    return client.get(reverse("portal:my-work")).content.decode()


@pytest.fixture
def second_committee(town):
    """A second committee the town's secretary keeps, with work of its own."""
    committee = CommitteeFactory(name="Riverside Committee", slug="riverside")
    MembershipFactory(committee=committee, person=town.users["secretary"].person, role="secretary")
    MembershipFactory(committee=committee, person__full_name="Nina Kos", term_end=days(59))
    MembershipFactory(committee=committee, person__full_name="Luka Golob", term_end=days(61))
    MeetingFactory(committee=committee, title="Riverside walk", starts_at=moment(-3), status=Meeting.Status.PLANNED)
    MeetingFactory(committee=committee, title="Riverside autumn session", starts_at=moment(20), agenda="")
    MeetingFactory(committee=committee, title="Riverside cancelled", starts_at=moment(-8), status=Meeting.Status.CANCELLED)
    return committee


def test_a_secretary_sees_terms_ending_meetings_without_minutes_or_agenda_on_all_her_committees(client, town, second_committee):
    MembershipFactory(committee=town.hidden, person__full_name="Hidden Helen", term_end=days(10))  # not hers
    MeetingFactory(committee=town.hidden, title="Closed session unrecorded", starts_at=moment(-4))
    content = my_work(client, town.users["secretary"])
    assert "Marko Vidmar" in content and "Nina Kos" in content  # 20 and 59 days
    assert "Luka Golob" not in content  # 61 days
    assert "Hidden Helen" not in content and "Closed session unrecorded" not in content
    record = reverse("committees:meeting-record", args=["riverside", Meeting.objects.get(title="Riverside walk").pk])
    assert "Spring session" in content and f'href="{record}"' in content  # planned, now past, no minutes
    assert "Riverside cancelled" not in content
    agenda = Meeting.objects.get(title="Riverside autumn session")
    assert f'href="{reverse("committees:meeting-update", args=["riverside", agenda.pk])}"' in content
    assert "Summer market planning" not in content  # has its agenda
    assert "Draft idea for kiosks" in content


def test_a_secretary_sees_no_initiative_or_survey_she_cannot_edit(client, town, second_committee):
    content = my_work(client, town.users["secretary"])
    for title in ["Pop-up shops", "Night market", "Vision of the centre", "Unfinished draft", "Open the third shop"]:
        assert title not in content
    assert "Initiatives that need attention" not in content


def test_a_manager_sees_her_late_or_quiet_initiatives_and_surveys_closing_this_week(client, town, make_user):
    quiet = InitiativeFactory(title="Quiet renovation", slug="quiet", lead_committee=town.marketing,
                              status=Initiative.Status.IN_PROGRESS)
    ProgressUpdateFactory(initiative=quiet, date=days(-31))
    lively = InitiativeFactory(title="Lively markets", slug="lively", lead_committee=town.marketing,
                               status=Initiative.Status.IN_PROGRESS)
    ProgressUpdateFactory(initiative=lively, date=days(-29))
    elsewhere = InitiativeFactory(title="Someone else's square", slug="elsewhere", lead_committee=town.hidden,
                                  responsible_manager=town.users["manager"], status=Initiative.Status.IN_PROGRESS)
    MilestoneFactory(initiative=elsewhere, due_on=days(-2), title="Late elsewhere")
    content = my_work(client, town.users["manager"])
    assert "Pop-up shops" in content and "Open the third shop" in content
    assert "Quiet renovation" in content and "Lively markets" not in content
    assert "Someone else&#x27;s square" not in content  # hers by name, but she may not edit it
    assert "Square benches" not in content
    assert "Vision of the centre" in content and "Market stalls" not in content  # 3 days, 30 days
    assert "Unfinished draft" in content
    assert "Terms ending within 60 days" not in content


def test_an_import_checked_in_this_session_waits_on_my_work_until_confirmed_or_discarded(client, town):
    client.force_login(town.users["manager"])
    url = reverse("initiatives:import", args=["milestones"])
    csv = "initiative,title,due_on,done_on\npop-up-shops,Open the fourth shop,2031-05-01,\n"
    client.post(url, {"file": SimpleUploadedFile("milestones.csv", csv.encode(), "text/csv")})
    content = client.get(reverse("portal:my-work")).content.decode()
    assert "Imports waiting for your confirmation" in content and f'href="{url}"' in content
    preview = client.get(url).content.decode()
    assert "Open the fourth shop" in preview and "Confirm the import" in preview
    client.post(url, {"discard": "1"})
    assert "Imports waiting" not in client.get(reverse("portal:my-work")).content.decode()
    assert "Open the fourth shop" not in client.get(url).content.decode()


def test_a_mayor_sees_initiatives_off_track_and_nothing_on_track(client, town):
    on_track = InitiativeFactory(title="Greener streets", slug="greener", lead_committee=town.marketing)
    TargetFactory(initiative=on_track, indicator=town.vacancy, baseline=Decimal("20"), baseline_on=days(-370),
                  target_value=Decimal("16"), target_on=days(300))
    content = my_work(client, town.users["mayor"])
    section = content[content.index("Initiatives off track"):]
    assert "Pop-up shops" in section and "Footfall on Main Street" in section  # 100 → 90, aiming at 200
    assert "Greener streets" not in content
    assert "Initiatives that need attention" not in content and "Terms ending" not in content


def test_the_mayor_sees_off_track_only_initiatives_under_way_as_the_summary_counts_them(client, town):
    """An idea is not under way yet: its target off track is neither on the summary nor in my work."""
    idea = InitiativeFactory(title="Evening fair", slug="evening-fair", lead_committee=town.marketing,
                             status=Initiative.Status.IDEA)
    TargetFactory(initiative=idea, indicator=town.footfall, baseline=Decimal("100"), baseline_on=days(-200),
                  target_value=Decimal("200"), target_on=days(100))
    assert "Evening fair" not in my_work(client, town.users["mayor"])
    summary = client.get(reverse("portal:summary")).content.decode()
    assert "Pop-up shops" in summary and "Evening fair" not in summary


def test_the_mayors_off_track_values_read_with_the_indicators_places_and_unit(client, town):
    """Footfall is counted in whole people a day: 90 and 200, not "90.000" and "200.000"."""
    content = my_work(client, town.users["mayor"])
    section = content[content.index("Initiatives off track"):]
    assert town.footfall.measure(Decimal("90")) in section and town.footfall.measure(Decimal("200")) in section
    assert "90.000" not in section and "200.000" not in section


def test_a_user_without_a_role_sees_only_her_committees(client, town):
    content = my_work(client, town.users["member"])
    assert 'href="/summary/"' not in content
    assert "You are not a current member of any committee." in content
    for heading in ["Terms ending", "Initiatives that need attention", "Initiatives off track"]:
        assert heading not in content


def test_signing_in_lands_on_my_work_and_a_mayor_finds_the_summary_there(client, town):
    response = client.post(
        reverse("login"), {"username": "mayor", "password": "a-long-test-password"}, follow=True
    )
    assert response.redirect_chain[-1][0] == reverse("portal:my-work")
    assert reverse("portal:summary") in response.content.decode()


@pytest.mark.parametrize("role", ["manager", "secretary", "mayor", "superuser"])
def test_my_work_queries_do_not_grow_with_the_work(client, town, role, make_user, django_assert_max_num_queries):
    make_programme(town.marketing, 15)
    for n in range(15):
        MeetingFactory(committee=town.marketing, title=f"No agenda {n}", agenda="", starts_at=moment(n + 1))
        RecommendationFactory(committee=town.marketing, title=f"Draft {n}", status=Recommendation.Status.DRAFT)
    if role == "superuser":
        user = make_user("chief", superuser=True, committees=[town.marketing])
    else:
        user = town.users[role]
    client.force_login(user)
    # A fixed number of queries per list (the reply lists: their rows and their count), whatever the number of rows.
    with django_assert_max_num_queries({"manager": 12, "secretary": 12, "mayor": 8, "superuser": 18}[role]):
        content = client.get(reverse("portal:my-work")).content.decode()
    expected = {"manager": "Extra initiative 14", "secretary": "No agenda 14", "mayor": "Extra initiative 14",
                "superuser": "No agenda 14"}[role]
    assert expected in content


def test_a_superuser_sees_the_lists_of_her_own_committees_only(client, town, make_user):
    content = my_work(client, town.users["superuser"])
    assert "Spring session" not in content  # she sits on no committee
    assert "Pop-up shops" in content  # the mayor's list: off track
    chief = make_user("chief", superuser=True, committees=[town.marketing])
    assert "Spring session" in my_work(client, chief)


def section(content, heading):
    return content.split(heading)[1].split("</section>")[0] if heading in content else ""


# Replies to recommendations: the secretary's replies overdue (per addressee, across her committees)
# and, for a mayor's account linked to her municipality, what awaits its reply.


def test_the_secretary_sees_each_overdue_reply_of_her_committees(client, town):
    replies = section(my_work(client, town.users["secretary"]), "Replies overdue")
    assert "Appoint a town-centre manager" in replies
    assert "Riverbend, reply was due" in replies and "Lakeford, reply was due" in replies
    assert "interim reply received" in replies  # Lakeford's
    assert "Ministry of Economy" not in replies and "Old Town Traders" not in replies


def test_the_list_is_not_shown_to_those_who_keep_no_committee(client, town):
    assert "Replies overdue" not in my_work(client, town.users["manager"])
    assert "Recommendations awaiting our reply" not in my_work(client, town.users["mayor"])


def test_a_mayor_linked_to_her_municipality_sees_what_awaits_its_reply_and_can_record_it(client, town):
    riverbend = Organisation.objects.get(name="Riverbend")
    services.organisation_accounts_set(organisation=riverbend, by=town.users["superuser"], users=[town.users["mayor"]])
    awaiting = section(my_work(client, town.users["mayor"]), "Recommendations awaiting our reply")
    assert "Appoint a town-centre manager" in awaiting and "reply overdue since" in awaiting
    assert "Answered recommendation" not in awaiting  # Riverbend replied: nothing left to do
    assert "Record our reply to “Appoint a town-centre manager”" in awaiting
    assert "Replies overdue" not in my_work(client, town.users["mayor"])


def test_the_reply_lists_query_count_does_not_grow_with_the_replies(client, town, django_assert_max_num_queries):
    riverbend = Organisation.objects.get(name="Riverbend")
    services.organisation_accounts_set(organisation=riverbend, by=None, users=[town.users["secretary"]])
    for number in range(25):
        recommendation = SentRecommendationFactory(
            committee=town.marketing, title=f"Late {number}", response_due_on=timezone.localdate() - datetime.timedelta(days=1)
        )
        AddresseeFactory(recommendation=recommendation, organisation=riverbend)
        AddresseeFactory(recommendation=recommendation, organisation__name=f"Town {number}")
    client.force_login(town.users["secretary"])
    with django_assert_max_num_queries(16):
        content = client.get(reverse("portal:my-work")).content.decode()
    assert "32 more replies overdue." in content  # 52 overdue, 20 listed
    assert "6 more recommendations await our reply." in content  # 26 awaiting, 20 listed
