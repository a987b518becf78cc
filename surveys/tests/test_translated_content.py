"""A survey's own texts in the residents' languages (core.translated): saved through the services,
translated on one page per language, published in the languages that are complete, answered in any of
them with the same results, searched in each."""
import re

import pytest
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import translation

from core.edits import EditConflict
from core.roles import MANAGERS
from core.translated import complete_languages, shown
from portal.search import site_search
from surveys import services
from surveys.models import Choice, Question, Survey, questionnaire_items
from surveys.results import survey_results
from surveys.tests.conftest import choice
from surveys.tests.factories import QuestionFactory, SectionFactory, SurveyFactory

K = Question.Kind

SLOVENIAN = {
    "survey": {"title": "Središče, ki ga želimo", "introduction": "Povejte nam, kaj potrebuje središče."},
    "section": {"title": "Vi"},
    "age": {"text": "Koliko ste stari?"},
    "Under 30": "Manj kot 30", "30 or over": "30 ali več",
    "scale": {"text": "Kako ste zadovoljni?", "low_label": "sploh ne", "high_label": "zelo"},
}
PERSIAN = {
    "survey": {"title": "مرکز شهری که می‌خواهیم", "introduction": "به ما بگویید مرکز شهر چه کم دارد."},
    "section": {"title": "شما"},
    "age": {"text": "چند سال دارید؟"},
    "Under 30": "کمتر از ۳۰", "30 or over": "۳۰ یا بیشتر",
    "scale": {"text": "چقدر راضی هستید؟", "low_label": "اصلاً", "high_label": "بسیار"},
}


@pytest.fixture
def world(db, make_user):
    """An English survey of one page: an age question with two choices and a 1–5 scale."""
    survey = SurveyFactory(title="The centre we want", slug="centre", introduction="Tell us what the centre needs.")
    section = SectionFactory(survey=survey, title="You", order=1)
    age = QuestionFactory(section=section, text="How old are you?", kind=K.SINGLE, options=["Under 30", "30 or over"],
                          required=True, order=1)
    scale = QuestionFactory(section=section, text="How satisfied are you?", kind=K.SCALE, low_label="not at all",
                            high_label="very", order=2)
    manager = make_user("manager", role=MANAGERS, committees=[survey.committee])
    return {"survey": survey, "section": section, "age": age, "scale": scale, "manager": manager}


def texts_for(world, given):
    """The `texts` survey_translate takes, from a language's table above."""
    age = world["age"]
    texts = {world["survey"]: given["survey"], world["section"]: given["section"], age: given["age"],
             world["scale"]: given["scale"]}
    texts.update({option: {"text": given[option.text]} for option in age.choices.all()})
    return texts


def translate(world, given, language):
    survey = Survey.objects.get(pk=world["survey"].pk)
    return services.survey_translate(survey=survey, by=world["manager"], language=language,
                                     expected_version=survey.version, texts=texts_for(world, given))


def items_of(survey):
    return questionnaire_items(survey, survey.sections.all(), survey.questions.prefetch_related("choices"))


# The services


def test_a_translation_is_saved_with_the_survey_s_version_moved_on_and_its_author(world):
    before = world["survey"].version
    saved = translate(world, SLOVENIAN, "sl")
    assert saved.version == before + 1 and saved.edited_by == world["manager"]
    assert saved.translations == {"sl": SLOVENIAN["survey"]}
    assert Question.objects.get(pk=world["age"].pk).translations == {"sl": {"text": "Koliko ste stari?"}}
    assert Choice.objects.get(question=world["age"], text="Under 30").translations == {"sl": {"text": "Manj kot 30"}}


def test_a_translation_opened_before_someone_else_saved_is_refused_and_writes_nothing(world):
    survey = world["survey"]
    opened_at = survey.version
    translate(world, SLOVENIAN, "sl")
    with pytest.raises(EditConflict):
        services.survey_translate(survey=survey, by=world["manager"], language="sl", expected_version=opened_at,
                                  texts=texts_for(world, {**SLOVENIAN, "age": {"text": "Vaša starost?"}}))
    assert Question.objects.get(pk=world["age"].pk).translations["sl"] == {"text": "Koliko ste stari?"}


def test_pages_questions_and_choices_take_their_survey_s_language_and_follow_a_change_of_it(world):
    """Made Slovenian, a fully translated survey swaps places with its translation: the Slovenian
    texts become the originals and the English ones an English translation; nothing is lost."""
    survey, manager = world["survey"], world["manager"]
    translate(world, SLOVENIAN, "sl")
    survey = Survey.objects.get(pk=survey.pk)
    english_title = survey.title
    survey = services.survey_update(survey=survey, by=manager, expected_version=survey.version,
                                    original_language="sl", title=english_title)
    assert (survey.title, survey.original_language) == (SLOVENIAN["survey"]["title"], "sl")
    assert survey.translations["en"]["title"] == english_title and "sl" not in survey.translations
    question = Question.objects.get(pk=world["age"].pk)
    assert (question.text, question.original_language, question.translations) == (
        "Koliko ste stari?", "sl", {"en": {"text": "How old are you?"}})
    for item in items_of(survey):
        assert item.original_language == "sl"
    assert complete_languages(items_of(survey)) == ["en", "sl"]
    with translation.override("en"):
        assert shown(Survey.objects.get(pk=survey.pk), "title") == english_title
    page = services.section_create(survey=survey, by=manager, title="Drugo")
    question = services.question_create(section=page, by=manager, text="Kaj manjka?", kind=K.SINGLE,
                                        choices=[{"text": "Klopi", "order": 1}])
    assert (page.original_language, question.original_language, question.choices.get().original_language) == ("sl",) * 3


def test_a_survey_without_a_translation_is_only_relabelled_when_its_language_is_put_right(world):
    survey = Survey.objects.get(pk=world["survey"].pk)
    title = survey.title
    survey = services.survey_update(survey=survey, by=world["manager"], expected_version=survey.version,
                                    original_language="pl", title=title)
    assert (survey.title, survey.original_language, survey.translations) == (title, "pl", {})
    assert Question.objects.get(pk=world["age"].pk).text == "How old are you?"


def test_a_language_is_complete_only_when_every_choice_is_translated_too(world):
    texts = texts_for(world, SLOVENIAN)
    last = world["age"].choices.get(text="30 or over")
    texts[last] = {"text": ""}
    survey = services.survey_translate(survey=world["survey"], by=world["manager"], language="sl",
                                       expected_version=world["survey"].version, texts=texts)
    assert complete_languages(items_of(survey)) == ["en"]
    translate(world, SLOVENIAN, "sl")
    assert complete_languages(items_of(Survey.objects.get(pk=survey.pk))) == ["en", "sl"]


def test_a_copied_wave_keeps_the_translations_but_its_own_title(world):
    translate(world, SLOVENIAN, "sl")
    wave = services.survey_copy_as_wave(survey=Survey.objects.get(pk=world["survey"].pk), by=world["manager"])
    assert wave.translations == {"sl": {"introduction": SLOVENIAN["survey"]["introduction"]}}
    copied = wave.questions.get(text="How old are you?")
    assert copied.translations == {"sl": {"text": "Koliko ste stari?"}}
    assert {c.translations["sl"]["text"] for c in copied.choices.all()} == {"Manj kot 30", "30 ali več"}


def test_a_translation_longer_than_its_field_allows_is_refused(world):
    texts = texts_for(world, SLOVENIAN)
    texts[world["age"].choices.first()] = {"text": "K" * 301}
    with pytest.raises(ValidationError, match="300"):
        services.survey_translate(survey=world["survey"], by=world["manager"], language="sl",
                                  expected_version=world["survey"].version, texts=texts)
    assert Survey.objects.get(pk=world["survey"].pk).translations == {}


# The builder and the translation page


def manager_client(world):
    client = Client()
    client.force_login(world["manager"])
    return client


def test_the_builder_shows_which_languages_are_complete_with_a_link_to_translate_each(world):
    translate(world, SLOVENIAN, "sl")
    page = manager_client(world).get(reverse("surveys:builder", args=["centre"])).content.decode()
    assert "complete: residents can answer in it" in page
    assert "9 texts still to translate" in page  # Polish: title, introduction, page, 2 questions, 2 labels, 2 choices
    assert reverse("surveys:translate", args=["centre", "pl"]) in page
    assert reverse("surveys:translate", args=["centre", "en"]) not in page  # the original


def test_the_translation_page_shows_every_text_with_its_original_and_saves_them(world, django_assert_max_num_queries):
    client = manager_client(world)
    url = reverse("surveys:translate", args=["centre", "fa"])
    for number in range(6):  # more questions and choices: the page's queries stay the same
        QuestionFactory(section=world["section"], text=f"Extra {number}?", options=["A", "B", "C"], order=10 + number)
    with django_assert_max_num_queries(14):
        page = client.get(url).content.decode()
    for original in ("The centre we want", "Tell us what the centre needs.", "You", "How old are you?",
                     "Under 30", "30 or over", "not at all", "very", "Extra 5?"):
        assert f'<span lang="en" dir="auto">{original}</span>' in page
    Question.objects.filter(text__startswith="Extra").delete()
    data = {"version": world["survey"].version}
    for item, given in texts_for(world, PERSIAN).items():
        prefix = f"{type(item).__name__.lower()}-{item.pk}"
        data.update({f"{prefix}-{name}": text for name, text in given.items()})
    response = client.post(url, data)
    assert response.status_code == 302
    survey = Survey.objects.get(pk=world["survey"].pk)
    assert complete_languages(items_of(survey)) == ["en", "fa"]
    assert survey.translations["fa"]["title"] == "مرکز شهری که می‌خواهیم"


def test_a_text_too_long_is_refused_next_to_its_field_and_what_was_typed_is_kept(world):
    age = world["age"]
    data = {"version": world["survey"].version, f"question-{age.pk}-text": "چ" * 501,
            "survey-%s-title" % world["survey"].pk: "مرکز شهر"}
    page = manager_client(world).post(reverse("surveys:translate", args=["centre", "fa"]), data).content.decode()
    assert "Ensure this value has at most 500 characters" in page
    assert "چ" * 501 in page and 'value="مرکز شهر"' in page
    assert Survey.objects.get(pk=world["survey"].pk).translations == {}


def test_a_translation_saved_meanwhile_is_named_and_what_was_typed_is_kept(world):
    opened_at = world["survey"].version
    translate(world, SLOVENIAN, "sl")
    data = {"version": opened_at, f"question-{world['age'].pk}-text": "Vaša starost?"}
    page = manager_client(world).post(reverse("surveys:translate", args=["centre", "sl"]), data).content.decode()
    assert "Someone else saved this while you were editing it" in page
    assert 'value="Vaša starost?"' in page
    assert Question.objects.get(pk=world["age"].pk).translations["sl"]["text"] == "Koliko ste stari?"


def test_there_is_no_translation_page_for_the_original_language(world):
    assert manager_client(world).get(reverse("surveys:translate", args=["centre", "en"])).status_code == 404
    assert manager_client(world).get(reverse("surveys:translate", args=["centre", "xx"])).status_code == 404


# What residents see


def reader(language):
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    return client


def test_an_untranslated_survey_shows_the_original_marked_and_offers_the_languages_it_can_be_answered_in(world):
    page = reader("sl").get(reverse("surveys:detail", args=["centre"])).content.decode()
    assert '<span lang="en" dir="auto">The centre we want</span> <span class="content-language">(angleščina)</span>' in page
    assert '<input name="language" type="hidden" value="en">' in page  # answer it in English: one click
    assert 'name="language" type="hidden" value="sl"' not in page


def test_a_translated_survey_is_answered_in_persian_with_its_language_and_direction(world):
    translate(world, PERSIAN, "fa")
    page = reader("fa").get(reverse("surveys:answer", args=["centre", 1])).content.decode()
    assert '<span lang="fa" dir="auto">چند سال دارید؟</span>' in page
    assert '<span lang="fa" dir="auto">کمتر از ۳۰</span>' in page
    assert '<span lang="fa" dir="auto">۱ – اصلاً</span>' in page
    assert "Not yet translated into your language" not in page


def test_english_text_on_the_persian_page_is_marked_english_and_isolated(world):
    page = reader("fa").get(reverse("surveys:answer", args=["centre", 1])).content.decode()
    assert '<span lang="en" dir="auto">How old are you?</span>' in page
    assert '<span lang="en" dir="auto">Under 30</span>' in page
    assert 'value="en">' in page  # offered in English


def test_switching_language_mid_survey_keeps_the_answers_and_stores_the_same_response(world):
    translate(world, SLOVENIAN, "sl")
    translate(world, PERSIAN, "fa")
    age, scale = world["age"], world["scale"]
    client = reader("sl")
    url = reverse("surveys:answer", args=["centre", 1])
    under_30 = choice(age, "Under 30")
    client.post(url, {age.field_name: str(under_30.pk), scale.field_name: "4", "action": "back"})
    client.post(reverse("set_language"), {"language": "fa", "next": url})
    page = client.get(url).content.decode()
    assert 'lang="fa"' in page and "چند سال دارید؟" in page
    assert re.search(rf'<input type="radio" name="{age.field_name}" value="{under_30.pk}"[^>]* checked>', page)
    assert re.search(rf'<input type="radio" name="{scale.field_name}" value="4"[^>]* checked>', page)
    response = client.post(url, {age.field_name: str(under_30.pk), scale.field_name: "4", "action": "next"})
    assert response.status_code == 302
    stored = world["survey"].responses.get()
    assert stored.language == "fa"
    assert {(a.question_id, a.choice_id, a.number) for a in stored.answers.all()} == {
        (age.pk, under_30.pk, None), (scale.pk, None, 4)}


def test_results_count_the_same_choice_whatever_language_it_was_answered_in(world):
    translate(world, SLOVENIAN, "sl")
    translate(world, PERSIAN, "fa")
    age = world["age"]
    url = reverse("surveys:answer", args=["centre", 1])
    for language in ("sl", "fa"):
        response = reader(language).post(url, {age.field_name: str(choice(age, "30 or over").pk), "action": "next"})
        assert response.status_code == 302
    languages = set(world["survey"].responses.values_list("language", flat=True))
    assert languages == {"sl", "fa"}
    result = survey_results(world["survey"]).questions[0]
    assert [(option.key, option.count) for option in result.options] == [
        (choice(age, "Under 30").pk, 0), (choice(age, "30 or over").pk, 2)]
    with translation.override("pl"):  # labels in the reader's language, the counts the same
        polish = survey_results(world["survey"]).questions[0]
    assert [option.count for option in polish.options] == [0, 2]


def test_search_finds_a_survey_by_its_text_in_another_language(world, make_user):
    translate(world, SLOVENIAN, "sl")
    resident = make_user("resident")
    groups = {group["kind"]: group for group in site_search("središče", resident)}
    found = groups["surveys"]["results"][0]
    assert found["object"] == world["survey"]
    assert [group["kind"] for group in site_search("SREDIŠČE ki", resident)] == ["surveys"]
    assert site_search("nobenega", resident) == []


def test_a_blank_privacy_note_is_the_portal_s_standard_note_in_the_reader_s_language(world):
    assert world["survey"].privacy_note == ""
    english = reader("en").get(reverse("surveys:detail", args=["centre"])).content.decode()
    assert "Answers are anonymous: we do not store your name, account or IP address with your response." in english
    with translation.override("pl"):
        from django.utils.translation import gettext
        polish_note = gettext("Answers are anonymous: we do not store your name, account or IP address with your response.")
    assert polish_note.startswith("Odpowiedzi są anonimowe")
    assert polish_note in reader("pl").get(reverse("surveys:detail", args=["centre"])).content.decode()


def test_the_demo_vision_survey_is_complete_in_all_four_languages_and_the_business_survey_in_english(db, settings):
    settings.DEBUG = True  # the demo refuses to load otherwise
    call_command("demo_data", verbosity=0)
    for slug in ("vision-of-the-centre", "vision-of-the-centre-2024"):
        assert complete_languages(items_of(Survey.objects.get(slug=slug))) == ["en", "sl", "pl", "fa"]
    assert complete_languages(items_of(Survey.objects.get(slug="doing-business-in-the-centre"))) == ["en"]
    settings.DEBUG = False
    page = reader("fa").get(reverse("surveys:detail", args=["vision-of-the-centre"])).content.decode()
    assert '<h1><span lang="fa" dir="auto">مرکز شهری که می‌خواهیم</span></h1>' in page


def test_the_builder_counts_the_texts_to_translate_in_the_reader_s_digits(world):
    page = manager_client(world).get(reverse("surveys:builder", args=["centre"]), HTTP_ACCEPT_LANGUAGE="fa")
    assert "۹ متن هنوز ترجمه نشده است" in page.content.decode()
