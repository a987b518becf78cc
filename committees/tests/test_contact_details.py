"""A secretary corrects a member's name and private contact details from the committee's page."""
import datetime

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from committees import services
from committees.forms import PersonContactForm
from committees.models import Person
from committees.tests.factories import CommitteeFactory, MembershipFactory, PersonFactory
from core.tests.edits import version_of

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
NEW_DETAILS = {"full_name": "Petra Zupan Novak", "email": "petra.novak@private.example.org", "phone": "+386 41 777 888"}


def text(response):
    return response.content.decode()


def contact_url(committee, person):
    return reverse("committees:person-update", args=[committee.slug, person.pk])


@pytest.fixture
def petra(world):
    return world.membership.person


def test_the_secretary_finds_the_page_on_the_committee_page_and_corrects_the_details(secretary_client, world, petra):
    url = contact_url(world.committee, petra)
    assert url in text(secretary_client.get(world.committee.get_absolute_url()))
    form_page = text(secretary_client.get(url))
    assert "Contact details of Petra Zupan" in form_page
    assert f'value="{petra.email}"' in form_page and f'value="{petra.phone}"' in form_page
    response = secretary_client.post(url, {**NEW_DETAILS, **version_of(petra)}, follow=True)
    assert response.redirect_chain == [(world.committee.get_absolute_url(), 302)]
    page = text(response)
    assert "The contact details of Petra Zupan Novak were saved." in page
    assert "Petra Zupan Novak" in page.split('id="members-heading"')[1]
    assert NEW_DETAILS["email"] not in page and "777 888" not in page
    petra.refresh_from_db()
    assert (petra.full_name, petra.email, petra.phone) == tuple(NEW_DETAILS.values())


def test_the_form_has_labels_and_says_the_change_shows_on_every_committee(secretary_client, world, petra):
    page = text(secretary_client.get(contact_url(world.committee, petra)))
    for field, label in [("full_name", "Full name"), ("email", "Email (private)"), ("phone", "Phone (private)")]:
        assert f'for="id_{field}"' in page and label in page
    assert "a change shows on every committee they sit on" in page
    assert "never shown on public pages" in page


def test_a_person_on_two_committees_may_be_corrected_by_a_secretary_of_either(client, world, petra):
    MembershipFactory(committee=world.other_committee, person=petra)
    for user, committee, name in [
        (world.users["secretary"], world.committee, "Petra Novak"),
        (world.users["other_secretary"], world.other_committee, "Petra Zupan Novak"),
    ]:
        client.force_login(user)
        page = text(client.get(contact_url(committee, petra)))
        listed = page.split('id="person-committees"')[1].split("</ul>")[0]
        assert "Riverside Committee" in listed and "Lakeside Committee" in listed
        response = client.post(contact_url(committee, petra), {**NEW_DETAILS, "full_name": name, **version_of(petra)})
        assert response.status_code == 302
        petra.refresh_from_db()
        assert petra.full_name == name
    # One person, so both committees show the last correction.
    for committee in (world.committee, world.other_committee):
        assert "Petra Zupan Novak" in text(client.get(committee.get_absolute_url()))


@pytest.mark.parametrize(
    "case",
    ["their own committee", "the other committee", "a past member", "a person on no committee", "no such person"],
)
def test_a_secretary_reaches_no_one_outside_the_committees_they_keep(client, world, petra, case):
    """IDOR: the person's id in the address must belong to someone sitting on the committee in it."""
    past = MembershipFactory(
        committee=world.other_committee, term_start=TODAY - datetime.timedelta(days=400),
        term_end=TODAY - datetime.timedelta(days=1),
    ).person
    url = {
        "their own committee": contact_url(world.other_committee, petra),
        "the other committee": contact_url(world.committee, petra),
        "a past member": contact_url(world.other_committee, past),
        "a person on no committee": contact_url(world.other_committee, PersonFactory()),
        "no such person": reverse("committees:person-update", args=[world.other_committee.slug, 999999]),
    }[case]
    client.force_login(world.users["other_secretary"])
    expected = 403 if case == "the other committee" else 404
    assert client.get(url).status_code == expected
    assert client.post(url, NEW_DETAILS).status_code == expected
    assert not Person.objects.filter(full_name=NEW_DETAILS["full_name"]).exists()


def test_a_person_the_secretary_entered_stays_open_to_her_until_the_term_begins(secretary_client, world):
    secretary_client.post(
        reverse("committees:membership-create", args=[world.committee.slug]),
        {"new_person_name": "Tina Kos", "email": "tina@private.example.org", "role": "member",
         "term_start": (TODAY + datetime.timedelta(days=30)).isoformat()},
    )
    person = Person.objects.get(full_name="Tina Kos")
    url = contact_url(world.committee, person)
    assert url in text(secretary_client.get(world.committee.get_absolute_url()))
    assert 'value="tina@private.example.org"' in text(secretary_client.get(url))
    assert secretary_client.post(url, {**NEW_DETAILS, **version_of(person)}).status_code == 302


def test_a_bad_email_is_refused_and_the_form_keeps_what_was_typed(secretary_client, world, petra):
    typed = {"full_name": "Petra Novak", "email": "petra.novak(at)example", "phone": "+386 41 777 888"}
    response = secretary_client.post(contact_url(world.committee, petra), {**typed, **version_of(petra)})
    assert response.status_code == 200
    assert response.context["form"].errors == {"email": ["Enter a valid email address."]}
    page = text(response)
    assert 'id="error_1_id_email"' in page
    for value in typed.values():
        assert f'value="{value}"' in page
    assert "Contact details of Petra Zupan" in page  # the heading keeps the saved name
    saved = Person.objects.get(pk=petra.pk)
    assert (saved.full_name, saved.email, saved.phone) == (petra.full_name, petra.email, petra.phone)


def test_an_empty_name_is_refused(secretary_client, world, petra):
    response = secretary_client.post(contact_url(world.committee, petra), {**NEW_DETAILS, "full_name": "   ", **version_of(petra)})
    assert response.context["form"].errors == {"full_name": ["This field is required."]}
    petra.refresh_from_db()
    assert petra.full_name == "Petra Zupan"


def test_email_and_phone_may_be_left_empty(secretary_client, world, petra):
    response = secretary_client.post(contact_url(world.committee, petra), {"full_name": "Petra Zupan", **version_of(petra)})
    assert response.status_code == 302
    petra.refresh_from_db()
    assert (petra.email, petra.phone) == ("", "")


def test_residents_see_the_corrected_name_at_once_and_never_the_contact_details(client, world, petra):
    """Anonymous visitors are served a kept copy of the committee page; the correction must replace it."""
    assert "Petra Zupan" in text(client.get(world.committee.get_absolute_url()))
    services.person_contact_update(person=petra, by=None, expected_version=petra.version, **NEW_DETAILS)
    for url in [world.committee.get_absolute_url(), world.meeting.get_absolute_url(), reverse("committees:list")]:
        page = text(Client().get(url))
        assert NEW_DETAILS["email"] not in page and "777 888" not in page, url
    assert "Petra Zupan Novak" in text(Client().get(world.committee.get_absolute_url()))


def test_a_linked_sign_in_account_is_left_to_the_administrators(client, world):
    """The secretary of Lakeside corrects the manager, who also sits there; the manager's account stays as it was."""
    manager = world.users["manager"]
    MembershipFactory(committee=world.other_committee, person=manager.person)
    client.force_login(world.users["other_secretary"])
    url = contact_url(world.other_committee, manager.person)
    assert "also has a sign-in account" in text(client.get(url))
    assert client.post(url, {**NEW_DETAILS, **version_of(manager.person)}).status_code == 302
    manager.refresh_from_db()
    assert manager.person.email == NEW_DETAILS["email"]
    assert (manager.username, manager.email) == ("manager", "")


@pytest.mark.parametrize("rows", [3, 30])
def test_the_page_queries_do_not_grow_with_the_persons_committees(
    secretary_client, world, petra, rows, django_assert_max_num_queries
):
    for committee in CommitteeFactory.create_batch(rows):
        MembershipFactory(committee=committee, person=petra)
    url = contact_url(world.committee, petra)
    # session, user, the committee, groups, the user's committees, the person, the person's committees
    with django_assert_max_num_queries(7):
        response = secretary_client.get(url)
    assert text(response).count("<li>Committee ") == rows
    opened_at = version_of(petra)
    # session, user, the committee, groups, the user's committees, the person, the person locked to compare
    # its version, the save, the content version; and the savepoint of the save's transaction, begun and
    # released inside the test's own
    with django_assert_max_num_queries(11):
        assert secretary_client.post(url, {**NEW_DETAILS, **opened_at}).status_code == 302


# The service and the form -----------------------------------------------------------------------


def test_person_contact_update_saves_the_three_fields():
    person = PersonFactory(full_name="Luka Golob")
    services.person_contact_update(
        person=person, by=None, expected_version=person.version, full_name="Luka Golob Kos", email="luka@example.org",
        phone="",
    )
    person.refresh_from_db()
    assert (person.full_name, person.email, person.phone) == ("Luka Golob Kos", "luka@example.org", "")


def test_person_contact_update_refuses_a_bad_email_and_saves_nothing():
    person = PersonFactory(full_name="Luka Golob", email="luka@example.org")
    with pytest.raises(ValidationError) as error:
        services.person_contact_update(
            person=person, by=None, expected_version=person.version, full_name="Luka", email="not an email"
        )
    assert "email" in error.value.message_dict
    person.refresh_from_db()
    assert (person.full_name, person.email) == ("Luka Golob", "luka@example.org")


def test_the_contact_form_does_not_offer_the_user_account():
    assert list(PersonContactForm().fields) == ["full_name", "email", "phone", "version"]
