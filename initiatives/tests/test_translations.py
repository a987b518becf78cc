"""Initiatives and indicators in the residents' languages (core.translated): staff translate them on a
page per language, saved through the services; readers see their language, or the original marked."""
import datetime
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.translation import override

from committees import demo as committees_demo
from initiatives import demo, services
from initiatives.models import Initiative, Milestone
from initiatives.tests.factories import MilestoneFactory
from core import demo as core_demo
from core.edits import EditConflict
from core.tests.edits import opened
from core.tests.migrations import migrate, migrated_back_to
from core.translated import complete_languages, language_name

pytestmark = pytest.mark.django_db

SLOVENIAN = {"title": "Začasne trgovine", "summary": "Prazni lokali za tri mesece.", "description": "Opis projekta."}


def page(client, url, language="en"):
    return client.get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()


def translate_url(initiative, language):
    return reverse("initiatives:translate", args=[initiative.slug, language])


# The service ----------------------------------------------------------------------------------------
def test_a_translation_is_saved_with_its_milestones_and_names_its_author(world):
    manager, initiative, milestone = world.users["lead_manager"], world.private, world.milestone
    saved = services.initiative_translate(
        initiative=initiative, by=manager, expected_version=initiative.version, language="sl", texts=SLOVENIAN,
        milestones={milestone.pk: {"title": "Pogovor z lastniki"}},
    )
    assert saved.version == initiative.version + 1
    stored = Initiative.objects.get(pk=initiative.pk)
    assert stored.translations == {"sl": SLOVENIAN}
    assert Milestone.objects.get(pk=milestone.pk).translations == {"sl": {"title": "Pogovor z lastniki"}}
    assert stored.history.first().history_user == manager
    milestone_record = Milestone.history.filter(id=milestone.pk).first()
    assert (milestone_record.history_user, milestone_record.initiative_version) == (manager, saved.version)


def test_blank_texts_stay_untranslated_and_an_emptied_language_is_removed(world):
    manager, initiative = world.users["lead_manager"], world.public
    saved = services.initiative_translate(initiative=initiative, by=manager, expected_version=initiative.version,
                                          language="pl", texts={"title": "Sklepy", "summary": "  "})
    assert saved.translations == {"pl": {"title": "Sklepy"}}
    saved = services.initiative_translate(initiative=saved, by=manager, expected_version=saved.version,
                                          language="pl", texts={"title": ""})
    assert Initiative.objects.get(pk=initiative.pk).translations == {}


def test_a_translation_opened_before_someone_else_saved_is_refused_and_nothing_is_written(world):
    manager, initiative = world.users["lead_manager"], world.public
    services.initiative_update(initiative=initiative, by=manager, expected_version=initiative.version, area="Old Town")
    with pytest.raises(EditConflict):
        services.initiative_translate(initiative=initiative, by=manager, expected_version=initiative.version,
                                      language="sl", texts=SLOVENIAN)
    assert Initiative.objects.get(pk=initiative.pk).translations == {}


def test_saying_the_texts_are_in_another_language_swaps_them_with_the_translation_into_it(world):
    manager, initiative = world.users["lead_manager"], world.public
    saved = services.initiative_translate(initiative=initiative, by=manager, expected_version=initiative.version,
                                          language="sl", texts=SLOVENIAN)
    saved = services.initiative_update(initiative=saved, by=manager, expected_version=saved.version,
                                       original_language="sl", title="Začasne trgovine")
    english = {"title": initiative.title, "summary": initiative.summary, "description": initiative.description}
    assert (saved.original_language, saved.title, saved.translations) == ("sl", "Začasne trgovine", {"en": english})
    assert (saved.summary, saved.description) == (SLOVENIAN["summary"], SLOVENIAN["description"])


def test_an_indicator_translation_is_saved_through_its_service(world):
    indicator = world.indicator
    saved = services.indicator_translate(indicator=indicator, by=world.users["lead_manager"],
                                         expected_version=indicator.version, language="fa",
                                         texts={"name": "تردد عابران"})
    assert (saved.translations, saved.version) == ({"fa": {"name": "تردد عابران"}}, indicator.version + 1)


# The pages ------------------------------------------------------------------------------------------
def test_a_manager_translates_an_initiative_and_a_slovenian_reader_sees_it(manager_client, world):
    client = Client()  # a resident, not signed in
    initiative, milestone = world.public, MilestoneFactory(initiative=world.public, title="Owners agree")
    url = translate_url(initiative, "sl")
    form = page(manager_client, url)
    assert 'lang="sl" dir="auto"' in form and "Owners agree" in form
    response = manager_client.post(url, {
        **opened(manager_client, url), **SLOVENIAN, f"milestones-{milestone.pk}-title": "Lastniki soglašajo",
    })
    assert response.status_code == 302
    slovenian = page(client, initiative.get_absolute_url(), "sl")
    assert '<h1><span lang="sl" dir="auto">Začasne trgovine</span></h1>' in slovenian
    assert '<span lang="sl" dir="auto">Lastniki soglašajo</span>' in slovenian
    assert '<div lang="sl" dir="auto"><p>Opis projekta.</p></div>' in slovenian
    english = page(client, initiative.get_absolute_url(), "en")
    assert '<h1><span lang="en" dir="auto">Pop-up shops</span></h1>' in english and "Začasne" not in english
    history = page(manager_client, reverse("initiatives:history", args=[initiative.slug]))
    assert "title in Slovenian" in history and "Začasne trgovine" in history and "{&#x27;sl&#x27;" not in history


def english_in(language):
    with override(language):
        return language_name("en")


def test_a_missing_translation_shows_the_original_marked_with_its_language(client, world):
    polish = page(client, world.public.get_absolute_url(), "pl")
    assert (f'<span lang="en" dir="auto">Pop-up shops</span> <span class="content-language">({english_in("pl")})'
            '</span>') in polish
    assert "<title>Pop-up shops ·" in polish
    listed = page(client, reverse("initiatives:list"), "fa")
    assert (f'<span lang="en" dir="auto">Pop-up shops</span> <span class="content-language">({english_in("fa")})'
            '</span>') in listed


def test_an_initiative_written_in_slovenian_falls_back_to_slovenian_not_english(client, world):
    initiative = world.public
    services.initiative_update(initiative=initiative, by=None, expected_version=initiative.version,
                               original_language="sl", title="Začasne trgovine")
    english = page(client, initiative.get_absolute_url(), "en")
    assert '<span lang="sl" dir="auto">Začasne trgovine</span> <span class="content-language">(Slovenian)</span>' in english


def test_a_new_initiative_is_written_in_the_language_of_the_page_unless_the_manager_says_otherwise(manager_client):
    form = page(manager_client, reverse("initiatives:create"), "pl")
    assert re.search(r'<option value="pl"[^>]*selected', form)


def test_the_edit_page_says_which_languages_are_complete_and_links_each_translation(manager_client, world):
    initiative = world.private
    services.initiative_translate(initiative=initiative, by=None, expected_version=initiative.version, language="fa",
                                  texts={"title": "خانه‌ها", "summary": "خلاصه", "description": "شرح"},
                                  milestones={world.milestone.pk: {"title": "گفت‌وگو با مالکان"}})
    edit = page(manager_client, reverse("initiatives:update", args=[initiative.slug]))
    assert translate_url(initiative, "sl") in edit and translate_url(initiative, "en") not in edit
    assert re.search(r"English</span>:\s+original", edit)
    assert re.search(r"Persian</a>:\s+complete", edit)
    assert re.search(r"Slovenian</a>:\s+4 texts to translate", edit)  # three of the initiative, one milestone


def test_the_second_translator_is_told_and_keeps_what_she_typed(manager_client, world):
    initiative, url = world.public, translate_url(world.public, "sl")
    opened_at = opened(manager_client, url)
    services.initiative_translate(initiative=initiative, by=world.users["superuser"],
                                  expected_version=initiative.version, language="sl", texts={"title": "Trgovine"})
    response = manager_client.post(url, {**opened_at, **SLOVENIAN})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Someone else saved this while you were editing it" in content
    assert "Začasne trgovine" in content and "Trgovine" in content
    assert Initiative.objects.get(pk=initiative.pk).translations == {"sl": {"title": "Trgovine"}}


def test_there_is_no_translation_into_the_original_language(manager_client, world):
    assert manager_client.get(translate_url(world.public, "en")).status_code == 404
    assert manager_client.get(translate_url(world.public, "de")).status_code == 404


@pytest.mark.parametrize(("role", "status"), [("lead_manager", 200), ("other_manager", 200), ("secretary", 403),
                                              ("mayor", 403), ("superuser", 200)])
def test_those_who_record_measurements_translate_the_indicators(client, world, role, status):
    client.force_login(world.users[role])
    url = reverse("initiatives:indicator-translate", args=[world.indicator.slug, "sl"])
    assert client.get(url).status_code == status
    if status == 200:
        assert url in page(client, world.indicator.get_absolute_url())


def test_a_translated_page_costs_no_more_queries_than_the_original(client, world):
    client.force_login(world.users["mayor"])  # pages are not kept for signed-in readers: each is built
    initiative = world.public
    for n in range(6):
        MilestoneFactory(initiative=initiative, title=f"Step {n}")
    services.initiative_translate(
        initiative=initiative, by=None, expected_version=initiative.version, language="sl", texts=SLOVENIAN,
        milestones={row.pk: {"title": f"Korak {n}"} for n, row in enumerate(initiative.milestones.all())},
    )

    def queries(url, language):
        with CaptureQueriesContext(connection) as captured:
            assert client.get(url, HTTP_ACCEPT_LANGUAGE=language).status_code == 200
        return len(captured)

    for url in (initiative.get_absolute_url(), reverse("initiatives:list"), reverse("portal:home")):
        assert queries(url, "sl") <= queries(url, "en")


# The demo -------------------------------------------------------------------------------------------
def test_the_demo_features_initiatives_complete_in_all_four_languages_and_leaves_the_others_in_english(role_groups):
    users = core_demo.load_users()
    committees_demo.load(users)
    demo.load(users)
    featured = Initiative.objects.filter(is_featured=True)
    assert featured.count() == 2
    for initiative in featured:
        assert complete_languages([initiative, *initiative.milestones.all(), *initiative.updates.all()]) == [
            "en", "sl", "pl", "fa"]
    assert Initiative.objects.get(slug="rent-support").translations == {}
    versions = dict(Initiative.objects.values_list("slug", "version"))
    demo.load(users)
    assert dict(Initiative.objects.values_list("slug", "version")) == versions  # written once


def test_milestones_and_updates_are_written_in_their_initiative_s_language_and_move_with_it(world):
    manager = world.users["lead_manager"]
    initiative = world.public
    initiative = services.initiative_update(initiative=initiative, by=manager, expected_version=initiative.version,
                                            original_language="sl",
                                            milestones=[{"title": "Izbrani prodajalci", "due_on": datetime.date(2031, 1, 1)}])
    milestone = initiative.milestones.get(title="Izbrani prodajalci")
    update = services.progress_update_post(initiative=initiative, author=manager, text="Prvi teden je za nami.")
    assert (milestone.original_language, update.original_language) == ("sl", "sl")
    initiative = services.initiative_update(initiative=initiative, by=manager, expected_version=initiative.version,
                                            original_language="pl")
    milestone.refresh_from_db()
    update.refresh_from_db()
    assert (milestone.original_language, update.original_language) == ("pl", "pl")
    assert milestone.title == "Izbrani prodajalci"  # no Polish translation: only the label moves



@pytest.fixture
def before_indicator_names(transactional_db):
    yield from migrated_back_to([("initiatives", "0009_content_languages")])


@pytest.mark.django_db(transaction=True)
def test_indicator_names_the_catalogs_translated_keep_their_translations_as_content(before_indicator_names):
    Indicator = before_indicator_names.get_model("initiatives", "Indicator")
    Indicator.objects.create(name="Footfall on Main Street", slug="footfall", standard_unit="people_a_day")
    Indicator.objects.create(name="Benches painted", slug="benches", unit="benches")
    Indicator = migrate([("initiatives", "0010_indicator_names_from_catalogs")]).get_model("initiatives", "Indicator")
    footfall, benches = Indicator.objects.get(slug="footfall"), Indicator.objects.get(slug="benches")
    assert footfall.name == "Footfall on Main Street" and set(footfall.translations) == {"sl", "pl", "fa"}
    assert benches.translations == {}


def test_a_milestone_already_written_in_the_language_is_not_offered_for_translation_into_it(manager_client, world):
    initiative = world.public
    MilestoneFactory(initiative=initiative, title="Izbrani prodajalci", original_language="sl")
    response = manager_client.get(translate_url(initiative, "sl"))
    assert response.status_code == 200 and "Izbrani prodajalci" not in response.content.decode()
