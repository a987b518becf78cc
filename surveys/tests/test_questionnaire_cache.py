"""The answering path keeps each survey's questionnaire, and the blank markup of its questions, in
the shared cache per content version: what an editor changes shows on the next page view, and
nothing one resident chose, typed or got wrong reaches the next resident."""
import re
from unittest import mock

import pytest
from django.test import Client
from django.urls import reverse

from core.roles import MANAGERS
from surveys import services
from surveys.answering import SurveyPlan
from surveys.tests.conftest import choice
from surveys.tests.test_answering import first_page, page_url, second_page
from surveys.tests.test_builder import question_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def editor(make_user, survey):
    """A manager's browser, beside the resident's (`client`)."""
    browser = Client()
    browser.force_login(make_user("manager", role=MANAGERS, committees=[survey.committee]))
    return browser


def without_tokens(html):
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", html)
    return re.sub(r'nonce="[^"]*"', "", html)


def test_a_question_added_in_the_builder_shows_on_the_next_page_view(client, editor, survey, django_assert_max_num_queries):
    client.get(page_url(survey, 1))
    section = survey.sections.get(order=1)
    url = reverse("surveys:question-create", kwargs={"slug": survey.slug}) + f"?section={section.pk}"
    editor.post(url, question_data(section, "Where do you park?", "single", choices=["Main Square", "Garage"]))
    with django_assert_max_num_queries(6):  # the survey, the content version, the questionnaire loaded again
        html = client.get(page_url(survey, 1)).content.decode()
    assert "Where do you park?" in html and "Garage" in html


def test_a_moved_question_and_a_renamed_choice_show_on_the_next_page_view(client, editor, survey, questions):
    before = client.get(page_url(survey, 1)).content.decode()
    assert before.index("How old are you?") < before.index("Why do you come?")
    services.question_move(question=questions["Why do you come?"], direction=-1)  # one UPDATE of both rows
    cafes = choice(questions["Why do you come?"], "Cafés")
    cafes.text = "Cafés and bars"
    cafes.save()
    after = client.get(page_url(survey, 1)).content.decode()
    assert after.index("Why do you come?") < after.index("How old are you?")
    assert "Cafés and bars" in after


def test_blank_questions_are_written_exactly_as_the_form_writes_them(client, survey):
    for language in ("en", "sl"):
        for page in (1, 2):
            kept = client.get(page_url(survey, page), headers={"accept-language": language}).content.decode()
            with mock.patch.object(SurveyPlan, "blank_markup", return_value=None):
                rendered = client.get(page_url(survey, page), headers={"accept-language": language}).content.decode()
            assert without_tokens(kept) == without_tokens(rendered)
    assert 'lang="sl"' in kept


def test_what_one_resident_chose_typed_or_got_wrong_does_not_reach_the_next(client, survey, questions):
    client.post(page_url(survey, 1), first_page(questions))
    refused = client.post(page_url(survey, 2), second_page(questions, **{questions["How much do you spend?"].field_name: "500"}))
    assert 'aria-invalid="true"' in refused.content.decode() and "More benches, please." in refused.content.decode()
    mine = client.get(page_url(survey, 1)).content.decode()
    assert "checked" in mine
    next_resident = Client()
    for page in (1, 2):
        html = next_resident.get(page_url(survey, page)).content.decode()
        assert "checked" not in html and "aria-invalid" not in html and "is-invalid" not in html
        assert "More benches" not in html and 'value="500"' not in html
