import pytest

from committees import demo
from committees.models import Attendance, Committee, Document, Meeting, Membership, Person, Recommendation
from core.demo import load_users

pytestmark = pytest.mark.django_db
MODELS = [Committee, Person, Membership, Meeting, Attendance, Recommendation, Document]


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
