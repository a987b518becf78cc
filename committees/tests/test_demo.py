import pytest

from committees import demo
from committees.models import (
    AddresseeReply,
    Attendance,
    Committee,
    Document,
    Meeting,
    Membership,
    OrganisationAccount,
    Person,
    Recommendation,
    RecommendationAddressee,
)
from core.demo import load_users

pytestmark = pytest.mark.django_db
MODELS = [
    Committee, Person, Membership, Meeting, Attendance, Recommendation, Document, RecommendationAddressee,
    AddresseeReply, OrganisationAccount,
]


def test_demo_committees_load_twice_without_duplicates(client):
    users = load_users()
    demo.load(users)
    counts = {model: model.objects.count() for model in MODELS}
    files = set(Document.objects.values_list("file", flat=True))
    demo.load(users)
    assert {model: model.objects.count() for model in MODELS} == counts
    assert set(Document.objects.values_list("file", flat=True)) == files
    assert Membership.objects.current().filter(committee__slug=demo.MARKETING, person__user=users["secretary"]).exists()
    # Written through the services, as the demo's administrator.
    edited = (Committee, Person, Membership, Meeting, Recommendation)
    assert {row.edited_by for model in edited for row in model.objects.all()} == {users["admin"]}
    content = client.get(Committee.objects.get(slug=demo.NATIONAL).get_absolute_url()).content.decode()
    assert "Handbook of town-centre management measures" in content
    assert "Register vacant commercial premises in every town centre" in content


def test_demo_recommendations_go_to_several_addressees_with_mixed_replies():
    users = load_users()
    demo.load(users)
    manager_post = Recommendation.objects.get(title="Appoint a town-centre manager in each city municipality")
    statuses = dict(manager_post.addressees.values_list("organisation__name", "status"))
    assert statuses == {
        "Municipality of Riverbend": "implemented", "Municipality of Lakeford": "rejected",
        "Municipality of Hillcastle": "awaiting", "Ministry of Economic Development": "interim",
    }
    # Implemented by one of its four addressees, not by all: accepted (Recommendation.outcome).
    assert manager_post.status == Recommendation.Status.ACCEPTED and manager_post.implemented_on is None
    # Past its deadline: Hillcastle has not replied, the ministry only with an interim reply.
    overdue = RecommendationAddressee.objects.overdue().filter(recommendation=manager_post)
    assert set(overdue.values_list("organisation__name", flat=True)) == {
        "Municipality of Hillcastle", "Ministry of Economic Development",
    }
    # The demo mayor speaks for her municipality, and a reply is awaited from it.
    riverbend = OrganisationAccount.objects.get(user=users["mayor"]).organisation
    assert riverbend.name == "Municipality of Riverbend"
    assert RecommendationAddressee.objects.awaiting_reply().filter(organisation=riverbend).count() == 1
