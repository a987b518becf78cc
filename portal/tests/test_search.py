"""Site search: prefix full-text matches across the apps; residents only ever get public items."""
import pytest
from django.urls import reverse

from committees.tests.factories import CommitteeFactory
from initiatives.tests.factories import InitiativeFactory
from portal.tests.conftest import make_programme

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
    with django_assert_max_num_queries(5):
        content = search(client, "flower")
    assert "The 10 best of 15 matches are shown" in content


def test_search_queries_do_not_grow_with_the_town(client, town, django_assert_max_num_queries):
    make_programme(town.marketing, 15)
    client.force_login(town.users["mayor"])
    with django_assert_max_num_queries(9):
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
