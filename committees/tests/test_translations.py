"""Committees, their meetings, recommendations and documents in the residents' languages
(core.translated): translated through the services, shown in the reader's language or marked."""
import pytest
from django.test import Client
from django.urls import reverse
from django.utils.translation import override

from committees import services
from committees.models import Committee, Document, Meeting, Recommendation
from core.edits import EditConflict
from core.tests.edits import opened
from core.translated import language_name

pytestmark = pytest.mark.django_db


def page(url, language):
    return Client().get(url, HTTP_ACCEPT_LANGUAGE=language).content.decode()


def test_a_committee_is_translated_with_its_documents_titles_and_names_its_editor(world):
    secretary, committee = world.users["secretary"], world.committee
    saved = services.committee_translate(
        committee=committee, by=secretary, expected_version=committee.version, language="fa",
        texts={"name": "کمیته‌ی کنار رودخانه", "mandate": ""},
        documents={world.document.pk: {"title": "راهنمای اقدامات"}},
    )
    assert (saved.version, saved.edited_by) == (committee.version + 1, secretary)
    assert Committee.objects.get(pk=committee.pk).translations == {"fa": {"name": "کمیته‌ی کنار رودخانه"}}
    assert Document.objects.get(pk=world.document.pk).translations == {"fa": {"title": "راهنمای اقدامات"}}


def test_a_meeting_translation_opened_before_someone_else_saved_is_refused(world):
    meeting = world.meeting
    services.meeting_translate(meeting=meeting, by=None, expected_version=meeting.version, language="sl",
                               texts={"title": "Pomladna seja"})
    with pytest.raises(EditConflict):
        services.meeting_translate(meeting=meeting, by=None, expected_version=meeting.version, language="sl",
                                   texts={"title": "Spomladanska seja"})
    assert Meeting.objects.get(pk=meeting.pk).translations == {"sl": {"title": "Pomladna seja"}}


def test_residents_read_the_committee_in_their_language_or_the_original_marked(world):
    committee = world.committee
    services.committee_translate(committee=committee, by=None, expected_version=committee.version, language="fa",
                                 texts={"name": "کمیته‌ی کنار رودخانه"},
                                 documents={world.document.pk: {"title": "راهنمای اقدامات"}})
    persian = page(committee.get_absolute_url(), "fa")
    assert '<h1><span lang="fa" dir="auto">کمیته‌ی کنار رودخانه</span>' in persian
    assert '<span lang="fa" dir="auto">راهنمای اقدامات</span>' in persian
    assert "<title>کمیته‌ی کنار رودخانه ·" in persian
    slovenian = page(committee.get_absolute_url(), "sl")
    with override("sl"):
        english = language_name("en")
    assert f'<span lang="en" dir="auto">Riverside Committee</span> <span class="content-language">({english})</span>' in slovenian
    listed = page(reverse("committees:list"), "fa")
    assert '<span lang="fa" dir="auto">کمیته‌ی کنار رودخانه</span>' in listed


def test_a_secretary_translates_a_recommendation_on_its_page_and_residents_read_it(secretary_client, world):
    recommendation = world.recommendation
    url = reverse("committees:recommendation-translate", args=[world.committee.slug, recommendation.pk, "pl"])
    edit = secretary_client.get(reverse("committees:recommendation-update", args=[world.committee.slug, recommendation.pk]))
    assert url in edit.content.decode()
    response = secretary_client.post(url, {**opened(secretary_client, url), "title": "Otwórzcie rynek w niedziele",
                                           "text": "Niech rynek będzie otwarty także w niedziele."})
    assert response.status_code == 302
    assert Recommendation.objects.get(pk=recommendation.pk).translations["pl"]["title"] == "Otwórzcie rynek w niedziele"
    polish = page(recommendation.get_absolute_url(), "pl")
    assert '<h1><span lang="pl" dir="auto">Otwórzcie rynek w niedziele</span></h1>' in polish
    assert '<div lang="pl" dir="auto"><p>Niech rynek będzie otwarty także w niedziele.</p></div>' in polish


def test_a_new_meeting_is_written_in_the_language_of_the_page(secretary_client, world):
    url = reverse("committees:meeting-create", args=[world.committee.slug])
    response = secretary_client.post(url, {"title": "Poletna seja", "starts_at": "2031-06-01T17:00"},
                                     HTTP_ACCEPT_LANGUAGE="sl")
    assert response.status_code == 302
    assert Meeting.objects.get(title="Poletna seja").original_language == "sl"


def test_erasing_a_person_clears_their_name_from_the_translations_too(world):
    person, meeting = world.membership.person, world.meeting
    services.meeting_translate(meeting=meeting, by=None, expected_version=meeting.version, language="sl",
                               texts={"title": "Pomladna seja", "agenda": "1. Poročilo, ki ga poda Petra Zupan"})
    services.person_erase(person=person, by=world.users["secretary"])
    stored = Meeting.objects.get(pk=meeting.pk)
    assert stored.translations["sl"]["agenda"] == "1. Poročilo, ki ga poda nekdanji član"


def test_the_edit_form_makes_a_translated_language_the_original_and_keeps_the_old_one(secretary_client, world):
    committee = world.committee
    saved = services.committee_translate(committee=committee, by=world.users["secretary"], expected_version=committee.version,
                                         language="sl", texts={"name": "Obrežni odbor", "mandate": "Oživiti obrežje."})
    url = reverse("committees:update", args=[committee.slug])
    response = secretary_client.post(url, {"name": saved.name, "slug": saved.slug, "mandate": saved.mandate.replace("\n", "\r\n"),
                                           "original_language": "sl", "version": saved.version})
    assert response.status_code == 302
    stored = Committee.objects.get(pk=committee.pk)
    assert (stored.original_language, stored.name, stored.mandate) == ("sl", "Obrežni odbor", "Oživiti obrežje.")
    assert stored.translations == {"en": {"name": saved.name, "mandate": saved.mandate}}
