"""A survey's number question as residents type it in their language (issue 13): stored exactly."""
import re
from decimal import Decimal

import pytest
from django.test import Client
from django.urls import reverse

from core.roles import MANAGERS
from surveys.models import Answer, Invitation, Question, Response, Survey
from surveys.tests.test_answering import first_page, page_url, second_page
from surveys.tests.test_builder import question_data

pytestmark = pytest.mark.django_db


def spend(questions):
    return questions["How much do you spend?"]


def answer_in(language, survey, questions, typed, action="next"):
    """A resident on the `language` page: the first page, then `typed` as what they spend."""
    resident = Client(HTTP_ACCEPT_LANGUAGE=language)
    resident.post(page_url(survey, 1), first_page(questions))
    response = resident.post(page_url(survey, 2), second_page(questions, **{spend(questions).field_name: typed, "action": action}))
    return resident, response


def stored_number(questions):
    return Answer.objects.get(response=Response.objects.get(), question=spend(questions)).number


def test_a_decimal_comma_on_the_slovenian_page_is_stored_exactly(survey, questions):
    answer_in("sl", survey, questions, "5,50")
    assert stored_number(questions) == Decimal("5.50")


def test_persian_digits_on_the_persian_page_are_stored_exactly(survey, questions):
    answer_in("fa", survey, questions, "۱۲")
    assert stored_number(questions) == Decimal("12")


def test_the_persian_decimal_separator_is_read(survey, questions):
    answer_in("fa", survey, questions, "۱۲٫۵")
    assert stored_number(questions) == Decimal("12.5")


def test_the_number_input_is_text_with_a_number_keyboard(survey, questions):
    resident = Client(HTTP_ACCEPT_LANGUAGE="sl")
    resident.post(page_url(survey, 1), first_page(questions))
    page = resident.get(page_url(survey, 2)).content.decode()
    field = re.search(f'<input[^>]*name="{spend(questions).field_name}"[^>]*>', page).group()
    assert 'type="text"' in field and 'inputmode="decimal"' in field
    assert 'type="number"' not in page


def test_an_ambiguous_number_shows_its_readings_keeps_what_was_typed_and_stores_nothing(survey, questions):
    _, response = answer_in("sl", survey, questions, "1.500")
    page = response.content.decode()
    assert response.status_code == 200
    assert f'id="{spend(questions).field_name}-error"' in page
    error = page.split(f'id="{spend(questions).field_name}-error">', 1)[1].split("</p>", 1)[0]
    assert "1,5" in error and "1500" in error
    assert 'value="1.500"' in page
    assert not Response.objects.exists()


def test_too_many_decimal_places_are_refused_not_rounded(survey, questions):
    _, response = answer_in("sl", survey, questions, "5,555")
    assert 'value="5,555"' in response.content.decode()
    assert not Response.objects.exists()


@pytest.mark.parametrize(("language", "limit"), [("sl", "2.000"), ("fa", "۲٬۰۰۰")])
def test_the_limit_of_a_number_question_is_quoted_as_the_reader_writes_numbers(survey, questions, language, limit):
    Question.objects.filter(pk=spend(questions).pk).update(max_value=Decimal("2000"))
    _, response = answer_in(language, survey, questions, "۲۵۰۰" if language == "fa" else "2500")
    error = response.content.decode().split(f'id="{spend(questions).field_name}-error">', 1)[1].split("</p>", 1)[0]
    assert limit in error
    assert not Response.objects.exists()


def test_a_number_kept_for_going_back_is_shown_in_the_language_of_the_page(survey, questions):
    resident, _ = answer_in("sl", survey, questions, "5,50", action="back")
    assert 'value="5,5"' in resident.get(page_url(survey, 2)).content.decode()
    resident.defaults["HTTP_ACCEPT_LANGUAGE"] = "fa"
    assert 'value="۵٫۵"' in resident.get(page_url(survey, 2)).content.decode()


def test_a_number_kept_on_an_english_page_is_submitted_unchanged_from_a_slovenian_one(survey, questions):
    # "1.500" (one and a half) kept on the English page would read two ways on the Slovenian one:
    # the session keeps the number itself, not the text.
    resident, _ = answer_in("en", survey, questions, "1.500", action="back")
    resident.defaults["HTTP_ACCEPT_LANGUAGE"] = "sl"
    resident.post(page_url(survey, 2), {"action": "submit"})
    assert stored_number(questions) == Decimal("1.5")


@pytest.fixture
def manager(client, make_user, survey):
    client.force_login(make_user("manager", role=MANAGERS, committees=[survey.committee]))
    return client


def test_the_builder_reads_a_number_questions_limits_as_the_language_writes_them(manager, survey, questions):
    question = spend(questions)
    url = reverse("surveys:question-update", kwargs={"slug": survey.slug, "pk": question.pk})
    form = manager.get(url, HTTP_ACCEPT_LANGUAGE="sl").context["form"]
    assert 'type="number"' not in str(form["min_value"]) + str(form["max_value"])
    data = question_data(question.section, question.text, "number", version=form["version"].value())
    data.update({"order": "3", "min_value": "0,5", "max_value": "1.000,75"})
    manager.post(url, data, HTTP_ACCEPT_LANGUAGE="sl")
    question.refresh_from_db()
    assert (question.min_value, question.max_value) == (Decimal("0.5"), Decimal("1000.75"))


def test_invitation_codes_are_counted_in_persian_digits_and_the_limit_is_quoted_in_them(manager, survey):
    Survey.objects.filter(pk=survey.pk).update(access=Survey.Access.INVITATION)
    url = reverse("surveys:invitations", kwargs={"slug": survey.slug})
    manager.post(url, {"count": "۱۲"}, HTTP_ACCEPT_LANGUAGE="fa")
    assert Invitation.objects.filter(survey=survey).count() == 12
    refused = manager.post(url, {"count": "۵۰۰۰"}, HTTP_ACCEPT_LANGUAGE="fa")
    assert "۲٬۰۰۰" in refused.context["form"].errors["count"][0]
    assert Invitation.objects.filter(survey=survey).count() == 12


def test_a_selection_limit_is_quoted_in_persian_digits_on_the_persian_page(survey, questions):
    resident = Client(HTTP_ACCEPT_LANGUAGE="fa")
    page = resident.post(page_url(survey, 1), first_page(questions, reasons=("Shopping", "Cafés", "Events"))).content.decode()
    error = page.split(f'id="{questions["Why do you come?"].field_name}-error">', 1)[1].split("</p>", 1)[0]
    assert "۲" in error and "2" not in error
