"""My work's lists of replies to recommendations: the secretary's replies overdue (per addressee, across
her committees) and, for a mayor's account linked to her municipality, what awaits its reply."""
import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from committees import services
from committees.models import Organisation
from committees.tests.factories import AddresseeFactory, SentRecommendationFactory

pytestmark = pytest.mark.django_db


def my_work(client, user):
    client.force_login(user)
    return client.get(reverse("portal:my-work")).content.decode()


def section(content, heading):
    return content.split(heading)[1].split("</section>")[0] if heading in content else ""


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
