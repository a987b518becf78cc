"""A person's data can be erased everywhere on request (committees.services.person_erase).

Who may: superusers, anyone; a secretary, people without a sign-in account whose every term is on
committees she keeps today (PersonQuerySet.erasable_by). After erasure the person's name, e-mail,
phone and account appear in no row of any table and on no page; the committee's records keep
"a former member" in their place."""
import datetime

import pytest
from axes.models import AccessAttempt
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from committees import services
from committees.models import Attendance, Committee, Membership, Person
from committees.tests.factories import (
    AddresseeFactory,
    HeldMeetingFactory,
    MembershipFactory,
    PersonFactory,
    RecommendationFactory,
    SentRecommendationFactory,
)
from initiatives.tests.factories import InitiativeFactory, ProgressUpdateFactory
from core.edits import versioned_save
from core.roles import MANAGERS, SECRETARIES

pytestmark = pytest.mark.django_db
TODAY = timezone.localdate()
NAME, EMAIL, PHONE, USERNAME = "Marta Izbrisana", "marta.izbrisana@private.example.org", "+386 31 987 654", "marta.izb"
# Every trace of her: the surname is in her name and e-mail; the phone and the username stand alone.
MARKERS = ["izbrisan", "987 654", "marta.izb"]


def days(number):
    return TODAY + datetime.timedelta(days=number)


def text(response):
    return response.content.decode()


def erase_url(committee, person):
    return reverse("committees:person-erase", args=[committee.slug, person.pk])


def rows_holding(markers):
    """Every row of every table of the database, as text, that holds one of the markers (any case)."""
    found = []
    with connection.cursor() as cursor:
        for table in connection.introspection.table_names():
            cursor.execute(f"SELECT t::text FROM {connection.ops.quote_name(table)} t")
            found += [(table, row) for (row,) in cursor.fetchall() if any(m in row.lower() for m in markers)]
    return found


@pytest.fixture
def marta(world, make_user):
    """A member with a sign-in account, on a public, a non-public and (appointed) another committee,
    with a trace in every place the portal keeps one."""
    user = make_user(USERNAME)
    user.first_name, user.last_name, user.email = "Marta", "Izbrisana", EMAIL
    user.save()
    person = Person.objects.create(full_name=NAME, email=EMAIL, phone=PHONE, user=user,
                                   created_by=world.users["secretary"])
    MembershipFactory(committee=world.committee, person=person, role="chair", term_start=days(-400))
    MembershipFactory(committee=world.hidden, person=person, term_start=days(-400), term_end=days(-10))
    MembershipFactory(committee=world.other_committee, person=person, term_start=days(20))
    meeting = HeldMeetingFactory(committee=world.committee, title="Autumn session",
                                 minutes=f"{NAME} presented the plan; reach her at {EMAIL} or {PHONE}.")
    Attendance.objects.create(meeting=meeting, person=person)
    RecommendationFactory(committee=world.hidden, title="Rents", text=f"Proposed by {NAME}.")
    # A committee she is only appointed to (the term is removed on erasure) names her already.
    RecommendationFactory(committee=world.other_committee, title="Welcome", text=f"{NAME} joins us next month.")
    # She speaks for an organisation, and recorded its reply naming her, then corrected it (history).
    addressee = AddresseeFactory(recommendation=SentRecommendationFactory(committee=world.committee, title="Benches"))
    services.organisation_accounts_set(organisation=addressee.organisation, by=world.users["secretary"], users=[user])
    reply = services.addressee_reply_record(
        addressee=addressee, by=user, received_on=days(-5), kind="interim", text=f"{NAME} will call you."
    )
    services.addressee_reply_correct(reply=reply, by=user, expected_version=1, received_on=days(-5), kind="accepted",
                                     text=f"{NAME} agreed.")
    initiative = InitiativeFactory(title="Pop-up shops", lead_committee=world.committee, responsible_manager=user)
    versioned_save(initiative, by=user)  # her name in the initiative's history
    ProgressUpdateFactory(initiative=initiative, author=user, text="Three shops opened.")
    LogEntry.objects.create(user=world.users["superuser"], content_type=ContentType.objects.get_for_model(Person),
                            object_id=str(person.pk), object_repr=NAME, action_flag=CHANGE, change_message="[]")
    AccessAttempt.objects.create(username=USERNAME, ip_address="192.0.2.1", user_agent="Firefox", http_accept="*/*",
                                 path_info="/accounts/login/", get_data="", post_data="", failures_since_start=1)
    return person


def pages(world, marta):
    """Every page that showed her, for each viewer who could see it."""
    meeting = world.committee.meetings.get(title="Autumn session")
    return [
        world.committee.get_absolute_url(), world.hidden.get_absolute_url(), world.other_committee.get_absolute_url(),
        meeting.get_absolute_url(), world.committee.initiatives.get().get_absolute_url(),
        reverse("portal:search") + "?q=Marta", reverse("portal:summary"), reverse("portal:my-work"),
        reverse("admin:committees_person_changelist"), reverse("admin:committees_person_change", args=[marta.pk]),
        reverse("admin:index"),
    ]


def test_after_erasure_no_row_of_any_table_and_no_page_holds_her_data(client, world, marta):
    before = {table for table, _ in rows_holding(MARKERS)}
    # The search finds her everywhere she was, so its silence afterwards means something.
    assert {"committees_person", "auth_user", "committees_meeting", "committees_recommendation",
            "committees_addresseereply", "committees_historicaladdresseereply",
            "django_admin_log", "axes_accessattempt"} <= before
    anonymous_before = text(Client().get(world.committee.get_absolute_url()))  # a page cached with her name
    assert NAME in anonymous_before

    services.person_erase(person=marta, by=world.users["superuser"])

    assert rows_holding(MARKERS) == []
    for viewer in ["anonymous", "secretary", "mayor", "superuser"]:
        browser = Client()
        if world.users[viewer]:
            browser.force_login(world.users[viewer])
        for url in pages(world, marta):
            page = text(browser.get(url)).lower()
            assert not any(marker in page for marker in MARKERS), (viewer, url)


def test_the_records_keep_a_former_member_in_her_place(world, marta):
    services.person_erase(person=marta, by=world.users["superuser"])
    marta.refresh_from_db()
    assert str(marta) == "a former member" and marta.erased_on == TODAY
    assert (marta.full_name, marta.email, marta.phone, marta.user, marta.created_by) == ("", "", "", None, None)
    # The running term ended yesterday, the past one stays, the appointment that had not begun is gone.
    terms = {m.committee: m.term_end for m in marta.memberships.all()}
    assert terms == {world.committee: days(-1), world.hidden: days(-10)}
    meeting = world.committee.meetings.get(title="Autumn session")
    assert meeting.minutes.startswith("a former member presented the plan; reach her at a former member")
    assert meeting.attendances.get().person == marta
    page = text(Client().get(world.committee.get_absolute_url()))
    assert "a former member, chair" in page.split("Past members")[1]
    assert "a former member – present" in text(Client().get(meeting.get_absolute_url()))
    update = world.committee.initiatives.get().updates.get()
    assert update.author is None and update.text == "Three shops opened."


def test_erasure_is_all_or_nothing(world, marta, monkeypatch):
    def fail(*args, **kwargs):
        raise RuntimeError("the disk is full")

    monkeypatch.setattr(services, "content_changed", fail)  # the last step
    with pytest.raises(RuntimeError):
        services.person_erase(person=marta, by=world.users["superuser"])
    marta.refresh_from_db()
    assert (marta.full_name, marta.email, marta.user.username) == (NAME, EMAIL, USERNAME)
    assert marta.memberships.count() == 3


def test_erasing_twice_changes_nothing_more(world, marta):
    services.person_erase(person=marta, by=world.users["superuser"])
    again = services.person_erase(person=marta, by=world.users["superuser"])
    assert again.erased_on == TODAY and Membership.objects.filter(person=marta).count() == 2


# The staff page ---------------------------------------------------------------------------------


@pytest.fixture
def past_member(world):
    """Sat only on Riverside, whose secretary may therefore erase her."""
    return MembershipFactory(committee=world.committee, person__full_name="Vesna Odšla", person__phone="+386 1 919 818",
                             term_start=days(-400), term_end=days(-30)).person


def test_the_secretary_confirms_then_erases_a_past_member(secretary_client, world, past_member):
    url = erase_url(world.committee, past_member)
    assert url in text(secretary_client.get(world.committee.get_absolute_url()))
    confirmation = text(secretary_client.get(url))
    assert "Erase the personal data of Vesna Odšla?" in confirmation and "It cannot be undone." in confirmation
    assert "Riverside Committee</span>, member" in confirmation
    past_member.refresh_from_db()
    assert past_member.erased_on is None  # looking at the page erases nothing
    response = secretary_client.post(url, follow=True)
    assert response.redirect_chain == [(world.committee.get_absolute_url(), 302)]
    page = text(response)
    assert "The person&#x27;s data were erased." in page and "Vesna" not in page
    assert rows_holding(["vesna", "919 818"]) == []  # spaced as typed: no timestamp or id holds it


@pytest.mark.parametrize(
    ("viewer", "status"),
    [("anonymous", 302), ("manager", 403), ("mayor", 403), ("other_secretary", 403), ("secretary", 200), ("superuser", 200)],
)
def test_who_reaches_the_erase_page(client, world, past_member, viewer, status):
    if world.users[viewer]:
        client.force_login(world.users[viewer])
    assert client.get(erase_url(world.committee, past_member)).status_code == status
    if status != 200:
        assert client.post(erase_url(world.committee, past_member)).status_code == status
        past_member.refresh_from_db()
        assert past_member.full_name == "Vesna Odšla"


@pytest.mark.parametrize("case", ["also on a committee she does not keep", "has a sign-in account", "already erased"])
def test_a_secretary_cannot_erase_whom_another_committee_or_the_administrator_keeps(
    secretary_client, world, past_member, make_user, case
):
    if case == "also on a committee she does not keep":
        MembershipFactory(committee=world.other_committee, person=past_member, term_start=days(-900), term_end=days(-800))
    elif case == "has a sign-in account":
        Person.objects.filter(pk=past_member.pk).update(user=make_user("vesna"))
    else:
        services.person_erase(person=past_member, by=world.users["superuser"])
    url = erase_url(world.committee, past_member)
    assert url not in text(secretary_client.get(world.committee.get_absolute_url()))
    assert secretary_client.get(url).status_code == 404
    assert secretary_client.post(url).status_code == 404
    if case != "already erased":
        past_member.refresh_from_db()
        assert past_member.full_name == "Vesna Odšla"


@pytest.mark.parametrize(
    ("role", "erasable"),
    [("secretary of her only committee", True), ("secretary of another committee", False),
     ("manager on her committee", False), ("superuser", True)],
)
def test_erasable_by_per_role(world, make_user, past_member, role, erasable):
    user = {
        "secretary of her only committee": world.users["secretary"],
        "secretary of another committee": world.users["other_secretary"],
        "manager on her committee": make_user("river_manager", role=MANAGERS, committees=[world.committee]),
        "superuser": world.users["superuser"],
    }[role]
    assert Person.objects.erasable_by(user).filter(pk=past_member.pk).exists() is erasable


def test_a_secretary_who_left_the_committee_may_no_longer_erase(make_user, world, past_member):
    former = make_user("former_secretary", role=SECRETARIES)
    MembershipFactory(committee=world.committee, person__user=former, term_start=days(-400), term_end=days(-1))
    assert not Person.objects.erasable_by(former).exists()


def test_the_administrator_erases_someone_on_no_committee_from_the_admin_after_confirming(client, world):
    loner = PersonFactory(full_name="Samo Brez", email="samo.brez@private.example.org")
    client.force_login(world.users["superuser"])
    url = reverse("admin:committees_person_changelist")
    chosen = {"action": "erase_personal_data", "_selected_action": [loner.pk]}
    confirmation = text(client.post(url, chosen))
    assert "It cannot be undone." in confirmation and "Samo Brez" in confirmation
    loner.refresh_from_db()
    assert loner.erased_on is None
    response = client.post(url, {**chosen, "confirmed": "yes"}, follow=True)
    assert "The personal data were erased." in text(response)
    assert rows_holding(["samo brez", "samo.brez"]) == []


def test_a_short_user_name_is_not_cut_out_of_the_records_words(world, make_user):
    """The account's user name goes from the admin's log, where it names the user; inside the
    minutes it may be part of a word that is none of hers."""
    user = make_user("ann")
    person = MembershipFactory(committee=world.committee, person__full_name="Ann Odhod", person__user=user).person
    meeting = HeldMeetingFactory(committee=world.committee, title="Planning session", minutes="Ann Odhod led the planning.")
    LogEntry.objects.create(user=world.users["superuser"], content_type=ContentType.objects.get_for_model(user),
                            object_id=str(user.pk), object_repr="ann", action_flag=CHANGE, change_message="[]")

    services.person_erase(person=person, by=world.users["superuser"])

    meeting.refresh_from_db()
    assert (meeting.title, meeting.minutes) == ("Planning session", "a former member led the planning.")
    assert not LogEntry.objects.filter(object_repr="ann").exists()


@pytest.mark.django_db(transaction=True)
def test_minutes_a_colleague_saves_while_an_erasure_runs_are_kept_and_erased_and_move_the_version_past_hers():
    """The erasure reads the records it rewrites under a lock: a save that holds the meeting when the
    erasure reaches it is waited for and read, not overwritten with the text from before."""
    import threading

    import psycopg2

    meeting = HeldMeetingFactory(minutes=f"{NAME} opened the meeting.")
    MembershipFactory(committee=meeting.committee, person=PersonFactory(full_name=NAME), term_start=days(-30))
    person = Person.objects.get(full_name=NAME)
    database = connection.settings_dict
    colleague = psycopg2.connect(dbname=database["NAME"], host=database["HOST"] or "127.0.0.1",
                                 port=database["PORT"] or 5432, user=database["USER"], password=database["PASSWORD"] or None)
    try:
        with colleague.cursor() as cursor:  # her save, not committed yet: it holds the row
            cursor.execute("UPDATE committees_meeting SET minutes = minutes || ' Added by the secretary.', "
                           "version = version + 1 WHERE id = %s", [meeting.pk])

        def erase():
            try:
                services.person_erase(person=person, by=None)
            finally:
                connection.close()

        erasure = threading.Thread(target=erase)
        erasure.start()
        erasure.join(timeout=1)
        colleague.commit()
        erasure.join(timeout=30)
    finally:
        colleague.close()
    meeting.refresh_from_db()
    assert meeting.minutes == "a former member opened the meeting. Added by the secretary."
    assert meeting.version == 3  # hers moved it to 2; the erasure's from there


def test_a_committee_s_mandate_that_names_her_is_erased_in_every_language(world, past_member):
    committee = world.committee
    Committee.objects.filter(pk=committee.pk).update(
        mandate="Chaired by Vesna Odšla.", translations={"sl": {"mandate": "Predseduje Vesna Odšla."}})
    services.person_erase(person=past_member, by=world.users["secretary"])
    stored = Committee.objects.get(pk=committee.pk)
    assert "Vesna" not in stored.mandate and "Vesna" not in str(stored.translations)
