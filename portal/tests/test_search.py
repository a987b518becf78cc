"""Site search: prefix full-text matches across the apps; residents only ever get public items."""
import pytest
from django.urls import reverse

from committees.tests.factories import CommitteeFactory
from initiatives.tests.factories import InitiativeFactory
from portal.tests.conftest import make_programme, moment

pytestmark = pytest.mark.django_db


def search(client, text):
    return client.get(reverse("portal:search"), {"q": text}).content.decode()


def test_search_finds_public_items_of_every_kind_by_the_start_of_a_word(client, town):
    content = search(client, "pop")
    assert "Pop-up shops" in content and town.shops.get_absolute_url() in content
    assert "Cheaper rent for pop-ups" in content
    assert "City Marketing Committee" in search(client, "marketing")
    assert "Vision of the centre" in search(client, "vision")
    assert "Summer market planning" in search(client, "summer planning")


def test_residents_never_find_non_public_items(client, town):
    assert "Secret parking deal" not in search(client, "secret parking")
    assert "Closed garage talks" not in search(client, "garage")
    assert "Secret garage recommendation" not in search(client, "garage")
    assert "Draft idea for kiosks" not in search(client, "kiosks")
    assert "Unfinished draft" not in search(client, "unfinished")
    assert "Closed Working Group" not in search(client, "working group")
    assert "Nothing matches" in search(client, "garage")


def test_staff_readers_also_find_non_public_items_clearly_marked(client, town):
    client.force_login(town.users["mayor"])
    content = search(client, "secret")
    assert "Secret parking deal" in content and "Secret garage recommendation" in content
    assert "not public" in content
    assert "Unfinished draft" in search(client, "unfinished")


def test_search_survives_punctuation_and_query_syntax(client, town):
    for text in ("!!! & | :*", "pop' OR 1=1 --", "(shops", "   "):
        response = client.get(reverse("portal:search"), {"q": text})
        assert response.status_code == 200
    assert "Pop-up shops" in search(client, "(pop & shops)")


def test_search_page_without_a_query_shows_only_the_form(client, db):
    content = client.get(reverse("portal:search")).content.decode()
    assert 'name="q"' in content and "Nothing matches" not in content


def test_search_lists_a_bounded_number_with_the_total(client, db, django_assert_max_num_queries):
    committee = CommitteeFactory()
    for n in range(15):
        InitiativeFactory(title=f"Flower boxes {n}", slug=f"flowers-{n}", lead_committee=committee)
    with django_assert_max_num_queries(8):  # one query a kind; people are not searched for the public
        content = search(client, "flower")
    assert "The 10 best of 15 matches are shown" in content


def test_search_queries_do_not_grow_with_the_town(client, town, django_assert_max_num_queries):
    make_programme(town.marketing, 15)
    client.force_login(town.users["mayor"])
    with django_assert_max_num_queries(12):
        content = search(client, "extra")
    assert "Extra initiative" in content


def test_every_word_of_the_search_must_match(client, town):
    assert "Summer market planning" in search(client, "summer planning")
    assert "Summer market planning" not in search(client, "summer fireworks")


def test_search_finds_content_in_every_language_it_is_written_in(client, db):
    from initiatives.services import initiative_translate

    slovenian = InitiativeFactory(title="Kolesarnice na Glavnem trgu", summary="Varno parkiranje koles.",
                                  original_language="sl", slug="kolesarnice")
    translated = InitiativeFactory(title="Renovation of the Main Square", slug="main-square")
    initiative_translate(initiative=translated, by=None, expected_version=translated.version, language="fa",
                         texts={"title": "نوسازی میدان اصلی"})
    english_page = client.get(reverse("portal:search"), {"q": "kolesarnice"}, HTTP_ACCEPT_LANGUAGE="en")
    assert slovenian.get_absolute_url() in english_page.content.decode()
    # The start of a Persian word finds the initiative, shown to an English reader in English.
    found = search(client, "نوساز")
    assert translated.get_absolute_url() in found and "Renovation of the Main Square" in found
    persian = client.get(reverse("portal:search"), {"q": "renovation"}, HTTP_ACCEPT_LANGUAGE="fa").content.decode()
    assert '<a href="/initiatives/main-square/"><span lang="fa" dir="auto">نوسازی میدان اصلی</span></a>' in persian


def test_a_meeting_is_found_by_its_committee_s_name_in_any_language(client, db):
    from committees.models import Committee
    from committees.tests.factories import MeetingFactory

    meeting = MeetingFactory(committee=CommitteeFactory(name="Riverside Committee", slug="riverside", is_public=True),
                             title="Spring session")
    Committee.objects.filter(pk=meeting.committee_id).update(translations={"sl": {"name": "Obrežni odbor"}})
    assert meeting.get_absolute_url() in search(client, "Obrežni")


# Search per kind and per permission. Each row: who searches for what; the text found; whether every
# reader finds it ("public"), or only staff readers (managers, secretaries, mayors).
ROLES = ["anonymous", "plain", "manager", "secretary", "mayor"]
STAFF = {"manager", "secretary", "mayor"}


@pytest.fixture
def searchable(town, make_user):
    from committees.models import Meeting
    from committees.tests.factories import DocumentFactory, MeetingFactory, MembershipFactory
    from initiatives.tests.factories import IndicatorFactory

    DocumentFactory(committee=town.marketing, title="Založba handbook", description="Shopfronts of the Šalek valley.")
    DocumentFactory(committee=town.marketing, title="Lease ledger", description="Rents of the quayside units.", is_public=False)
    DocumentFactory(committee=town.hidden, title="Harbour memo", description="Quayside moorings.", is_public=True)
    IndicatorFactory(name="PM2.5 fine particles", slug="pm25", description="Measured at the bus station.")
    MeetingFactory(committee=town.marketing, title="Autumn session", starts_at=moment(-3), status=Meeting.Status.HELD,
                   minutes="The raffle raised money for benches.", minutes_published=True)
    MeetingFactory(committee=town.marketing, title="Winter session", starts_at=moment(-4), status=Meeting.Status.HELD,
                   minutes="A quarrel about the tram.", minutes_published=False)
    MeetingFactory(committee=town.hidden, title="Garage session", starts_at=moment(-6), status=Meeting.Status.HELD,
                   minutes="Xylophone concert planned.")
    MembershipFactory(committee=town.hidden, person__full_name="Ana Šalek", person__email="ana@private.example.org",
                      person__phone="+386 41 555 123")
    town.users["plain"] = make_user("plain")
    return town


def search_as(client, town, role, text):
    if role != "anonymous":
        client.force_login(town.users[role])
    return search(client, text)


# (what is typed, what is found, who finds it: "all" or "staff")
CASES = [
    ("pop-up", "Pop-up shops", "all"),  # initiatives
    ("secret parking", "Secret parking deal", "staff"),
    ("valley", "Založba handbook", "all"),  # documents, by description
    ("ledger", "Lease ledger", "staff"),  # an internal document
    ("quayside", "Lease ledger", "staff"),
    ("moorings", "Harbour memo", "staff"),  # a "public" document of a non-public committee
    ("bus station", "PM2.5 fine particles", "all"),  # indicators
    ("footfall", "Footfall on Main Street", "all"),
    ("raffle", "Autumn session", "all"),  # published minutes
    ("quarrel", "Winter session", "staff"),  # unpublished minutes
    ("xylophone", "Garage session", "staff"),  # minutes of a non-public committee
    ("opening hours", "Saturday opening hours", "all"),  # recommendations
    ("kiosks", "Draft idea for kiosks", "staff"),
    ("vision", "Vision of the centre", "all"),  # surveys
    ("unfinished", "Unfinished draft", "staff"),
    ("vidmar", "Marko Vidmar", "staff"),  # people: never for the public
]


@pytest.mark.parametrize("role", ROLES)
def test_every_kind_is_found_only_by_those_who_may_see_it(client, searchable, role):
    wrong = []
    for typed, found, who in CASES:
        expected = who == "all" or role in STAFF
        if (found in search_as(client, searchable, role, typed)) != expected:
            wrong.append(f"{typed!r} {'should' if expected else 'should not'} find {found!r}")
    assert not wrong, f"as {role}: " + "; ".join(wrong)


def test_results_are_grouped_by_kind_with_counts(client, searchable):
    client.force_login(searchable.users["mayor"])
    response = client.get(reverse("portal:search"), {"q": "session"})
    groups = {group["kind"]: group["total"] for group in response.context["groups"]}
    assert groups == {"meetings": 5}  # Spring and Old (the town's), Autumn, Winter and Garage
    content = response.content.decode()
    assert '<a href="#results-meetings">Meetings</a>' in content


def test_searching_ignores_accents_in_texts_and_translations(client, searchable):
    from initiatives.services import initiative_translate

    assert "Založba handbook" in search(client, "zalozba")
    assert "Založba handbook" in search(client, "salek")  # "Šalek" in its description
    assert "Založba handbook" in search(client, "ZALOŽBA")
    initiative_translate(initiative=searchable.shops, by=None, expected_version=searchable.shops.version,
                         language="sl", texts={"summary": "Trgovine na Šaleški cesti."})
    assert searchable.shops.get_absolute_url() in search(client, "saleski")  # the middle of a translated text


def test_a_word_with_a_dot_is_found_as_written(client, searchable):
    assert "PM2.5 fine particles" in search(client, "PM2.5")
    assert "PM2.5 fine particles" in search(client, "pm2")
    assert "PM2.5 fine particles" not in search(client, "PM2.6")


def test_people_are_shown_to_staff_with_their_committees_never_their_contact_details(client, searchable):
    client.force_login(searchable.users["manager"])
    content = search(client, "salek")
    assert "Ana Šalek" in content and "Closed Working Group" in content
    assert "ana@private.example.org" not in content and "555 123" not in content
    assert "Ana Šalek" not in search(client, "private.example.org")  # nor found by them
    assert "Ana Šalek" not in search(client, "555")


def test_a_secretary_finds_the_people_her_people_page_lists(client, searchable):
    """Search lists the people the staff people page lists (PersonQuerySet.listed_for): a secretary
    those with a term on a committee she keeps, not a member of a committee she does not keep."""
    client.force_login(searchable.users["secretary"])
    assert "Ana Šalek" not in search(client, "salek")


def test_a_member_of_a_committee_finds_its_unpublished_minutes(client, searchable):
    from committees.tests.factories import MembershipFactory

    member = searchable.users["plain"]
    MembershipFactory(committee=searchable.marketing, person__user=member)
    client.force_login(member)
    assert "Winter session" in search(client, "quarrel")
    assert "Garage session" not in search(client, "xylophone")


def test_search_over_every_kind_costs_a_bounded_number_of_queries(client, searchable, django_assert_max_num_queries):
    from committees.tests.factories import DocumentFactory, MembershipFactory
    from initiatives.tests.factories import IndicatorFactory

    make_programme(searchable.marketing, 12, prefix="Harbour")
    for n in range(12):
        DocumentFactory(committee=searchable.marketing, title=f"Harbour plan {n}")
        IndicatorFactory(name=f"Harbour boats {n}", slug=f"harbour-boats-{n}")
        MembershipFactory(committee=searchable.marketing, person__full_name=f"Harbour Master {n}")
    client.force_login(searchable.users["mayor"])
    # Session, user and groups; one query a kind; one more for the people's committees.
    with django_assert_max_num_queries(13):
        response = client.get(reverse("portal:search"), {"q": "harbour"})
    kinds = {group["kind"] for group in response.context["groups"]}
    assert {"initiatives", "documents", "indicators", "surveys", "people"} <= kinds
