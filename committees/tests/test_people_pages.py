"""The staff's people page: who is listed to whom, whose private details show, adding and correcting a
person outside a membership (the author and edit version, as every committee edit), and linking an
account. A person keeps no change history of their private details: an erasure must leave none."""
import pytest
from django.urls import reverse

from committees.models import Person
from committees.tests.factories import MembershipFactory, PersonFactory
from core.tests.edits import version_of

pytestmark = pytest.mark.django_db
LIST = reverse("committees:person-list")
PETRA_EMAIL = "petra.zupan@private.example.org"


def page(client, user, url=LIST):
    client.force_login(user)
    return client.get(url).content.decode()


def edit_url(person):
    return reverse("committees:person-edit", args=[person.pk])


@pytest.fixture
def petra(world):
    person = world.membership.person
    Person.objects.filter(pk=person.pk).update(email=PETRA_EMAIL, phone="+386 41 555 010")
    person.refresh_from_db()
    return person


@pytest.fixture
def lara(world):
    """Lara sits only on Lakeside, which the other secretary keeps."""
    return MembershipFactory(committee=world.other_committee, person__full_name="Lara Jezero",
                             person__email="lara@private.example.org").person


def test_a_secretary_lists_the_people_of_her_committees_with_their_details(client, world, petra, lara):
    content = page(client, world.users["secretary"])
    assert "Petra Zupan" in content and PETRA_EMAIL in content and f'href="{edit_url(petra)}"' in content
    assert "Riverside Committee" in content
    assert "Lara Jezero" not in content  # another secretary's committee


def test_managers_and_mayors_read_names_and_committees_but_no_private_details(client, world, petra, lara):
    for role in ("manager", "mayor"):
        content = page(client, world.users[role])
        assert "Petra Zupan" in content and "Lara Jezero" in content
        assert PETRA_EMAIL not in content and "lara@private" not in content
        assert edit_url(petra) not in content and "Add a person" not in content


def test_the_superuser_lists_everyone_and_people_on_no_committee(client, world, petra):
    PersonFactory(full_name="Nobody Yet")
    content = page(client, world.users["superuser"])
    assert "Nobody Yet" in content and PETRA_EMAIL in content


def test_who_may_open_the_people_pages(client, world, petra, make_user):
    assert client.get(LIST).status_code == 302
    client.force_login(make_user("volunteer"))
    assert client.get(LIST).status_code == 403
    client.force_login(world.users["manager"])
    assert client.get(reverse("committees:person-create")).status_code == 403
    assert client.get(edit_url(petra)).status_code == 403
    client.force_login(world.users["other_secretary"])
    assert client.get(edit_url(petra)).status_code == 404  # not on her committees


def test_a_secretary_adds_a_person_who_stays_open_to_her_until_seated(client, world):
    client.force_login(world.users["secretary"])
    response = client.post(reverse("committees:person-create"),
                           {"full_name": "Jana Kos", "email": "jana@private.example.org", "phone": ""})
    assert response.status_code == 302 and response.url == LIST
    jana = Person.objects.get(full_name="Jana Kos")
    assert jana.created_by == jana.edited_by == world.users["secretary"] and jana.version == 1
    content = client.get(LIST).content.decode()
    assert "Jana Kos" in content and "jana@private.example.org" in content
    assert "Jana Kos" not in page(client, world.users["other_secretary"])


def test_a_bad_address_keeps_what_was_typed(client, world):
    client.force_login(world.users["secretary"])
    response = client.post(reverse("committees:person-create"), {"full_name": "Jana Kos", "email": "not an address"})
    content = response.content.decode()
    assert response.status_code == 200 and 'value="Jana Kos"' in content and 'value="not an address"' in content
    assert not Person.objects.filter(full_name="Jana Kos").exists()


def test_a_correction_is_saved_with_its_history_and_refused_over_a_newer_edit(client, world, petra):
    client.force_login(world.users["secretary"])
    opened = version_of(petra)
    response = client.post(edit_url(petra), {"full_name": "Petra Zupan Novak", "email": PETRA_EMAIL, "phone": "", **opened})
    assert response.status_code == 302
    petra.refresh_from_db()
    assert petra.full_name == "Petra Zupan Novak" and petra.edited_by == world.users["secretary"]
    assert petra.version == opened["version"] + 1
    stale = client.post(edit_url(petra), {"full_name": "Petra Z.", "email": PETRA_EMAIL, "phone": "", **opened})
    assert stale.status_code == 200 and 'value="Petra Z."' in stale.content.decode()
    petra.refresh_from_db()
    assert petra.full_name == "Petra Zupan Novak"


def test_only_the_administrator_links_an_account(client, world, petra, make_user):
    account = make_user("petra")
    data = {"full_name": "Petra Zupan", "email": PETRA_EMAIL, "phone": "", "user": account.pk}
    client.force_login(world.users["secretary"])
    assert 'name="user"' not in client.get(edit_url(petra)).content.decode()
    client.post(edit_url(petra), {**data, **version_of(petra)})
    petra.refresh_from_db()
    assert petra.user is None  # the field is not hers: ignored
    client.force_login(world.users["superuser"])
    form = client.get(edit_url(petra)).content.decode()
    assert 'name="user"' in form and "secretary (" not in form.split('name="user"')[1].split("</select>")[0]
    client.post(edit_url(petra), {**data, **version_of(petra)})
    petra.refresh_from_db()
    assert petra.user == account


def test_the_edit_page_offers_the_erasure_to_whom_the_rules_allow(client, world, petra):
    erase = reverse("committees:person-erase", args=[world.committee.slug, petra.pk])
    assert erase in page(client, world.users["secretary"], edit_url(petra))
    MembershipFactory(committee=world.other_committee, person=petra)  # needed elsewhere now
    assert erase not in page(client, world.users["secretary"], edit_url(petra))


def test_the_people_page_queries_do_not_grow_with_the_people(client, world, django_assert_max_num_queries):
    for n in range(30):
        MembershipFactory(committee=world.committee, person__full_name=f"Member {n:02}")
    client.force_login(world.users["secretary"])
    with django_assert_max_num_queries(9):
        content = client.get(LIST).content.decode()
    assert "Member 29" in content


def test_a_phone_number_and_an_address_read_left_to_right_on_a_right_to_left_page(client, world, petra):
    """In Persian the page runs right to left; "+386 41 555 010" must not turn into "010 555 41 386+"."""
    client.force_login(world.users["secretary"])
    content = client.get(LIST, HTTP_ACCEPT_LANGUAGE="fa").content.decode()
    assert 'dir="rtl"' in content
    assert '<span dir="ltr">+386 41 555 010</span>' in content
    assert f'<a href="mailto:{PETRA_EMAIL}" dir="ltr">{PETRA_EMAIL}</a>' in content
