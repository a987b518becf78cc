"""Owners', landlords' and letting agents' contacts: only the keepers of the unit's committee see and
edit them; removal and erasure leave nothing of them readable."""
import pytest
from django.contrib.admin.models import LogEntry
from django.core.management import call_command
from django.urls import reverse

from committees.models import Person
from committees.services import person_erase
from committees.tests.factories import MembershipFactory
from premises import contacts
from premises.models import UnitContact

pytestmark = pytest.mark.django_db

NAME, FIRM, EMAIL, PHONE = "Zofia Landlady", "Riverbend Lettings", "zofia@private.example.org", "+386 41 777 888"


@pytest.fixture
def owner(town):
    return contacts.contact_add(unit=town.unit, by=town.users.manager, role="landlord", full_name=NAME,
                                organisation=FIRM, email=EMAIL, phone=PHONE)


def page_of(client, user, url):
    client.force_login(user)
    return client.get(url).content.decode()


@pytest.mark.parametrize("role, sees", [
    ("manager", True), ("secretary", True), ("superuser", True),
    ("other_manager", False), ("mayor", False),
])
def test_the_unit_page_shows_the_contacts_to_the_keepers_of_its_committee_only(client, town, owner, role, sees):
    html = page_of(client, getattr(town.users, role), town.unit.get_absolute_url())
    for detail in (NAME, FIRM, EMAIL, PHONE):
        assert (detail in html) is sees
    assert (reverse("premises:contact-create", args=[town.unit.pk]) in html) is sees


def test_a_keeper_adds_a_firm_as_letting_agent_through_the_form(client, town):
    client.force_login(town.users.secretary)
    response = client.post(reverse("premises:contact-create", args=[town.unit.pk]), {
        "role": "letting_agent", "full_name": "", "organisation": "", "email": "office@lettings.example.org", "phone": "",
    })
    assert response.status_code == 200
    assert "Give the name of the person or of the firm." in response.content.decode()
    assert 'value="office@lettings.example.org"' in response.content.decode()  # what was typed is kept
    response = client.post(reverse("premises:contact-create", args=[town.unit.pk]), {
        "role": "letting_agent", "full_name": "Riverbend Lettings", "organisation": "", "email": "office@lettings.example.org",
        "phone": "",
    })
    assert response.status_code == 302
    contact = town.unit.contacts.readable().get()
    assert (contact.role, contact.person.full_name, contact.person.email) == ("letting_agent", "Riverbend Lettings", "office@lettings.example.org")
    assert contact.person.created_by is None  # no people page lists a contact to the one who typed it


def test_a_landlord_of_two_units_is_picked_once_and_corrected_for_both(client, town, owner):
    from premises import services

    second = services.unit_create(by=town.users.manager, committee=town.keeping, street="Main Street", number="6",
                                  floor="ground", use_class="services")
    client.force_login(town.users.manager)
    form_page = client.get(reverse("premises:contact-create", args=[second.pk])).content.decode()
    assert NAME in form_page
    client.post(reverse("premises:contact-create", args=[second.pk]), {"role": "owner", "person": owner.person.pk})
    link = second.contacts.get()
    client.post(reverse("premises:contact-update", args=[second.pk, link.pk]), {
        "role": "owner", "full_name": NAME, "organisation": "", "email": "new@private.example.org", "phone": PHONE,
        "version": link.version, "person_version": link.person.version,
    })
    assert set(Person.objects.filter(unit_contacts__unit__in=[town.unit, second]).values_list("email", flat=True)) == {"new@private.example.org"}


def test_details_typed_beside_someone_picked_are_not_dropped_but_refused_with_a_message(client, town, owner):
    from premises import services

    second = services.unit_create(by=town.users.manager, committee=town.keeping, street="Main Street", number="6",
                                  floor="ground", use_class="services")
    client.force_login(town.users.manager)
    response = client.post(reverse("premises:contact-create", args=[second.pk]), {
        "role": "owner", "person": owner.person.pk, "full_name": "Petra Newowner", "email": "petra@private.example.org",
    })
    html = response.content.decode()
    assert response.status_code == 200 and "either" in html.lower()
    assert 'value="Petra Newowner"' in html and 'value="petra@private.example.org"' in html
    assert not second.contacts.exists()


def test_an_edit_opened_before_a_colleagues_save_writes_nothing(client, town, owner):
    contacts.contact_update(contact=owner, by=town.users.secretary, expected_version=owner.version,
                            expected_person_version=owner.person.version, role="owner", organisation="",
                            full_name=NAME, email=EMAIL, phone="+386 1 000")
    client.force_login(town.users.manager)
    response = client.post(reverse("premises:contact-update", args=[town.unit.pk, owner.pk]), {
        "role": "landlord", "full_name": "Someone Else", "organisation": FIRM, "email": EMAIL, "phone": PHONE,
        "version": owner.version, "person_version": owner.person.version,
    })
    html = response.content.decode()
    assert "Someone else saved this contact" in html and "+386 1 000" in html and 'value="Someone Else"' in html
    owner.person.refresh_from_db()
    assert (owner.person.full_name, owner.person.phone) == (NAME, "+386 1 000")


def test_an_edit_conflict_lists_the_saved_details_as_the_readers_language_writes_a_list(client, town, owner):
    contacts.contact_update(contact=owner, by=town.users.secretary, expected_version=owner.version,
                            expected_person_version=owner.person.version, role="landlord", organisation=FIRM,
                            full_name=NAME, email=EMAIL, phone="+386 1 000")
    client.force_login(town.users.manager)
    response = client.post(reverse("premises:contact-update", args=[town.unit.pk, owner.pk]), {
        "role": "landlord", "full_name": "Someone Else", "organisation": FIRM, "email": EMAIL, "phone": PHONE,
        "version": owner.version, "person_version": owner.person.version,
    }, HTTP_ACCEPT_LANGUAGE="fa")
    html = response.content.decode()
    assert f"{NAME}، {FIRM}، {EMAIL}" in html


def test_a_keeper_of_another_committee_cannot_reach_the_contact_pages(client, town, owner):
    client.force_login(town.users.other_manager)
    for name in ("contact-update", "contact-remove", "contact-erase"):
        assert client.get(reverse(f"premises:{name}", args=[town.unit.pk, owner.pk])).status_code == 403
        assert client.post(reverse(f"premises:{name}", args=[town.unit.pk, owner.pk])).status_code == 403
    assert UnitContact.objects.filter(pk=owner.pk).exists()


def test_removing_the_only_link_erases_the_person_and_leaves_nothing_readable(client, town, owner):
    client.force_login(town.users.manager)
    response = client.post(reverse("premises:contact-remove", args=[town.unit.pk, owner.pk]))
    assert response.status_code == 302
    assert not UnitContact.objects.exists()
    assert_nothing_left_of_the_contact(owner.person)


def test_removing_a_landlord_who_still_owns_another_unit_keeps_their_details(town, owner):
    from premises import services

    second = services.unit_create(by=town.users.manager, committee=town.keeping, street="Main Street", number="8",
                                  floor="ground", use_class="services")
    contacts.contact_add(unit=second, by=town.users.manager, role="owner", person=owner.person)
    assert contacts.contact_remove(contact=owner, by=town.users.manager) is False
    owner.person.refresh_from_db()
    assert owner.person.email == EMAIL


def test_erasure_on_request_removes_the_contact_everywhere(client, town, owner):
    client.force_login(town.users.secretary)
    assert "Erase the personal data" in client.get(reverse("premises:contact-erase", args=[town.unit.pk, owner.pk])).content.decode()
    response = client.post(reverse("premises:contact-erase", args=[town.unit.pk, owner.pk]))
    assert response.status_code == 302
    assert_nothing_left_of_the_contact(owner.person)
    assert NAME not in client.get(town.unit.get_absolute_url()).content.decode()


def test_a_contact_who_also_sits_on_a_committee_is_erased_by_the_administrator_not_the_keeper(client, town, owner):
    MembershipFactory(committee=town.other, person=owner.person)
    client.force_login(town.users.manager)
    page = client.get(reverse("premises:contact-erase", args=[town.unit.pk, owner.pk])).content.decode()
    assert "erased by the administrator" in page
    assert client.post(reverse("premises:contact-erase", args=[town.unit.pk, owner.pk])).status_code == 403
    assert Person.objects.get(pk=owner.person.pk).full_name == NAME


def test_a_contact_erased_from_the_people_page_is_hidden_at_once_and_its_link_deleted_by_the_daily_run(client, town, owner):
    person_erase(person=owner.person, by=town.users.superuser)
    assert NAME not in page_of(client, town.users.manager, town.unit.get_absolute_url())
    assert FIRM not in page_of(client, town.users.manager, town.unit.get_absolute_url())
    call_command("delete_expired_data", verbosity=0)
    assert not UnitContact.objects.exists()
    assert_nothing_left_of_the_contact(owner.person)


def assert_nothing_left_of_the_contact(person):
    """No row of the database reads the contact's name, e-mail or phone: the person's row (which keeps
    no change history, as members' do not), the links (none left) and the admin's log."""
    person.refresh_from_db()
    assert (person.full_name, person.email, person.phone, person.erased_on is not None) == ("", "", "", True)
    assert not UnitContact.objects.filter(person=person).exists()
    for detail in (NAME, EMAIL, PHONE):
        assert not LogEntry.objects.filter(object_repr__contains=detail).exists()
    assert not hasattr(Person, "history") and not hasattr(UnitContact, "history")


def test_the_unit_page_with_contacts_stays_within_its_queries(client, town, django_assert_max_num_queries):
    for number in range(8):
        contacts.contact_add(unit=town.unit, by=town.users.manager, role="owner", full_name=f"Owner {number}",
                             email=f"owner{number}@private.example.org")
    client.force_login(town.users.manager)
    client.get(town.unit.get_absolute_url())
    with django_assert_max_num_queries(16):
        html = client.get(town.unit.get_absolute_url()).content.decode()
    assert "Owner 7" in html


def test_a_keeper_changes_the_role_but_not_the_details_of_a_contact_who_also_sits_on_a_committee(client, town, owner):
    MembershipFactory(committee=town.other, person=owner.person)
    client.force_login(town.users.manager)
    url = reverse("premises:contact-update", args=[town.unit.pk, owner.pk])
    data = {"role": "owner", "organisation": FIRM, "full_name": "Someone Else", "email": EMAIL, "phone": PHONE,
            "version": owner.version, "person_version": owner.person.version}
    refused = client.post(url, data)
    assert refused.status_code == 200 and "changed by an administrator on the people page" in refused.content.decode()
    assert 'value="Someone Else"' in refused.content.decode()  # what was typed stays in the form
    assert Person.objects.get(pk=owner.person.pk).full_name == NAME
    assert UnitContact.objects.get(pk=owner.pk).role == "landlord"  # nothing half-stored
    assert client.post(url, {**data, "full_name": NAME}).status_code == 302
    assert UnitContact.objects.get(pk=owner.pk).role == "owner"
