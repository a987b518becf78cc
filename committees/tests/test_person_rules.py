"""Who sees a person's private contact details, and whom the people picker offers.

The rules (committees.models.PersonQuerySet): a person's contact details are open only to
secretaries of a committee the person sits on TODAY, and to the secretary who entered a new person
while that person has not yet begun a term; adding an existing person reveals nothing; the picker
offers names only, never telling of a membership of a non-public committee."""
import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from committees import services
from committees.models import Membership, Person
from committees.tests.factories import CommitteeFactory, MembershipFactory, PersonFactory
from core.roles import MANAGERS, SECRETARIES

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
PETRA_EMAIL, PETRA_PHONE = "petra.zupan@private.example.org", "+386 41 555 010"


def days(number):
    return TODAY + datetime.timedelta(days=number)


def text(response):
    return response.content.decode()


def add_url(committee):
    return reverse("committees:membership-create", args=[committee.slug])


def contact_url(committee, person):
    return reverse("committees:person-update", args=[committee.slug, person.pk])


def picker_options(page):
    """The people picker's options as (value, label) pairs, in the order shown."""
    select = re.search(r'<select name="person".*?</select>', page, re.S).group(0)
    return [(value, label.strip()) for value, label in re.findall(r'<option value="(\d*)"[^>]*>([^<]*)</option>', select)]


@pytest.fixture
def petra(world):
    """Petra sits today on Riverside (public) and on the non-public task force."""
    person = world.membership.person
    Person.objects.filter(pk=person.pk).update(email=PETRA_EMAIL, phone=PETRA_PHONE)
    MembershipFactory(committee=world.hidden, person=person)
    person.refresh_from_db()
    return person


@pytest.fixture
def hana(world):
    """Hana sits only on the non-public task force."""
    return MembershipFactory(committee=world.hidden, person__full_name="Hana Skrita").person


@pytest.fixture
def lakeside_client(client, world):
    client.force_login(world.users["other_secretary"])
    return client


# The attack, step by step ------------------------------------------------------------------------


def test_the_attack_through_a_future_term_reveals_and_changes_nothing(lakeside_client, world, petra, hana):
    lakeside = world.other_committee
    # 1. The picker does not list someone known only from a non-public committee, nor any committee.
    page = text(lakeside_client.get(add_url(lakeside)))
    labels = [label for value, label in picker_options(page) if value]
    assert "Hana Skrita" not in labels and "Petra Zupan" in labels
    assert "Premises Task Force" not in page
    # 2. Posting her id anyway is refused, and no membership is made.
    response = lakeside_client.post(add_url(lakeside), {"person": hana.pk, "role": "member", "term_start": days(30)})
    assert "Select a valid choice" in text(response)
    assert not hana.memberships.filter(committee=lakeside).exists()
    # 3. Petra is listed on a public committee, so she may be added with a future term; nothing private shows.
    response = lakeside_client.post(
        add_url(lakeside), {"person": petra.pk, "role": "member", "term_start": days(30)}, follow=True
    )
    assert "Petra Zupan was added." in text(response)
    assert PETRA_EMAIL not in text(response) and PETRA_PHONE not in text(response)
    # 4. The committee page offers no way to her details, and the address itself leads nowhere.
    assert contact_url(lakeside, petra) not in text(lakeside_client.get(lakeside.get_absolute_url()))
    assert lakeside_client.get(contact_url(lakeside, petra)).status_code == 404
    overwrite = {"full_name": "Petra Zupan", "email": "attacker@example.org", "phone": "+386 1 000 000"}
    assert lakeside_client.post(contact_url(lakeside, petra), overwrite).status_code == 404
    # 5. Nor can the add form carry new details for an existing person.
    response = lakeside_client.post(
        add_url(lakeside), {"person": petra.pk, "email": "attacker@example.org", "role": "member", "term_start": days(40)}
    )
    assert "Contact details can be entered only with a new person." in text(response)
    petra.refresh_from_db()
    assert (petra.email, petra.phone) == (PETRA_EMAIL, PETRA_PHONE)
    assert petra.memberships.filter(committee=lakeside).count() == 1


@pytest.mark.parametrize("start", [0, -5, 30], ids=["today", "backdated", "moved to today later"])
def test_seating_a_known_person_opens_nothing_to_the_one_who_seated_them(lakeside_client, world, petra, start):
    lakeside = world.other_committee
    response = lakeside_client.post(add_url(lakeside), {"person": petra.pk, "role": "member", "term_start": days(start)})
    assert response.status_code == 302
    Membership.objects.filter(committee=lakeside, person=petra).update(term_start=min(TODAY, days(start)))
    assert contact_url(lakeside, petra) not in text(lakeside_client.get(lakeside.get_absolute_url()))
    assert lakeside_client.get(contact_url(lakeside, petra)).status_code == 404
    overwrite = {"full_name": "Petra Zupan", "email": "attacker@example.org", "phone": "+386 1 000 000"}
    assert lakeside_client.post(contact_url(lakeside, petra), overwrite).status_code == 404
    petra.refresh_from_db()
    assert (petra.email, petra.phone) == (PETRA_EMAIL, PETRA_PHONE)


def test_once_the_term_begins_the_secretary_of_that_committee_reaches_the_details(lakeside_client, world, petra):
    membership = MembershipFactory(committee=world.other_committee, person=petra, term_start=days(30))
    assert lakeside_client.get(contact_url(world.other_committee, petra)).status_code == 404
    Membership.objects.filter(pk=membership.pk).update(term_start=TODAY)
    assert f'value="{PETRA_EMAIL}"' in text(lakeside_client.get(contact_url(world.other_committee, petra)))


# The contact-details rule, per role and case ------------------------------------------------------


def _person(world, case):
    """A person in one of the situations the rule tells apart, seen from Lakeside's secretary."""
    lakeside, secretary = world.other_committee, world.users["other_secretary"]
    if case == "sits today on her committee":
        return MembershipFactory(committee=lakeside).person
    if case == "appointed to her committee, term not begun":
        return MembershipFactory(committee=lakeside, term_start=days(30)).person
    if case == "past member of her committee":
        return MembershipFactory(committee=lakeside, term_start=days(-400), term_end=days(-1)).person
    if case == "sits on another committee only":
        return MembershipFactory(committee=world.committee).person
    if case == "entered by her, term not begun":
        return services.membership_add(
            committee=lakeside, by=secretary, new_person_name="Nina Nova", email="nina@example.org", term_start=days(30)
        ).person
    if case == "entered by her, now sitting elsewhere":
        person = services.membership_add(
            committee=lakeside, by=secretary, new_person_name="Nina Nova", email="nina@example.org", term_start=days(30)
        ).person
        MembershipFactory(committee=world.committee, person=person, term_start=TODAY)
        return person
    if case == "entered by her, term over":
        return services.membership_add(
            committee=lakeside, by=secretary, new_person_name="Nina Nova", term_start=days(-30), term_end=days(-1)
        ).person
    if case == "erased":
        person = MembershipFactory(committee=lakeside, term_start=days(-400), term_end=days(-1)).person
        return services.person_erase(person=person, by=world.users["superuser"])
    raise AssertionError(case)


@pytest.mark.parametrize(
    ("case", "open_to_her"),
    [
        ("sits today on her committee", True),
        ("appointed to her committee, term not begun", False),
        ("past member of her committee", False),
        ("sits on another committee only", False),
        ("entered by her, term not begun", True),
        ("entered by her, now sitting elsewhere", False),
        ("entered by her, term over", False),
        ("erased", False),
    ],
)
def test_contact_details_are_open_to_a_secretary_only_where_the_rule_says(world, case, open_to_her):
    person = _person(world, case)
    secretary = world.users["other_secretary"]
    assert Person.objects.contact_details_open_to(secretary).filter(pk=person.pk).exists() is open_to_her
    assert Person.objects.contact_details_open_to(world.users["superuser"]).filter(pk=person.pk).exists() is (
        case != "erased"
    )


def test_contact_details_page_follows_the_rule(lakeside_client, world):
    for case, status in [("sits today on her committee", 200), ("appointed to her committee, term not begun", 404),
                         ("entered by her, term not begun", 200), ("entered by her, term over", 404)]:
        person = _person(world, case)
        assert lakeside_client.get(contact_url(world.other_committee, person)).status_code == status, case


def test_a_member_who_is_not_a_secretary_never_reaches_contact_details(make_user, world):
    manager = make_user("lake_manager", role=MANAGERS, committees=[world.other_committee])
    fellow = MembershipFactory(committee=world.other_committee).person
    assert not Person.objects.contact_details_open_to(manager).exists()
    assert not Person.objects.contact_details_open_to(None).filter(pk=fellow.pk).exists()


def test_another_secretary_of_the_same_committee_does_not_see_what_she_entered(make_user, world):
    colleague = make_user("lake_clerk", role=SECRETARIES, committees=[world.other_committee])
    person = _person(world, "entered by her, term not begun")
    assert not Person.objects.contact_details_open_to(colleague).filter(pk=person.pk).exists()


# The people picker -----------------------------------------------------------------------------------


def test_the_picker_offers_people_of_public_committees_and_of_her_own_by_name_only(world, petra, hana):
    past_on_public = MembershipFactory(
        committee=CommitteeFactory(), person__full_name="Alja Prej", term_start=days(-400), term_end=days(-1)
    ).person
    appointed_on_public = MembershipFactory(committee=world.committee, person__full_name="Bor Kmalu", term_start=days(9)).person
    on_no_committee = PersonFactory(full_name="Zala Nikjer")
    erased = services.person_erase(
        person=MembershipFactory(committee=world.committee).person, by=world.users["superuser"]
    )
    offered = set(Person.objects.offered_to(world.users["other_secretary"]))
    assert {petra, past_on_public, appointed_on_public} <= offered
    assert not {hana, on_no_committee, erased} & offered
    # The task force's own secretary sits with Hana, so she is offered to her.
    assert hana in Person.objects.offered_to(world.users["secretary"])
    assert {hana, on_no_committee} <= set(Person.objects.offered_to(world.users["superuser"]))


def test_the_picker_lists_names_alone_in_name_order(lakeside_client, world, petra, hana):
    for name in ["Žiga Zadnji", "Ana Prva", "Marko Srednji"]:
        MembershipFactory(committee=world.committee, person__full_name=name)
    options = picker_options(text(lakeside_client.get(add_url(world.other_committee))))
    people = [(value, label) for value, label in options if value]
    expected = Person.objects.offered_to(world.users["other_secretary"])
    assert people == [(str(person.pk), person.full_name) for person in expected]
    assert [label for _, label in people] == sorted(label for _, label in people)
    assert not any("Committee" in label or "@" in label for _, label in people)


# The admin -----------------------------------------------------------------------------------------


def test_the_admin_of_people_is_for_superusers_only(client, world, petra):
    secretary = world.users["secretary"]
    secretary.is_staff = True  # even if someone ticks "staff status", the committees' admin stays closed
    secretary.save()
    client.force_login(secretary)
    for url in [reverse("admin:committees_person_changelist"), reverse("admin:committees_person_change", args=[petra.pk]),
                reverse("admin:committees_membership_changelist")]:
        response = client.get(url)
        assert response.status_code == 302 and response.url.startswith(reverse("admin:login")), url
    assert PETRA_EMAIL not in text(client.get(reverse("admin:index"), follow=True))
    client.force_login(world.users["superuser"])
    assert PETRA_EMAIL in text(client.get(reverse("admin:committees_person_change", args=[petra.pk])))
