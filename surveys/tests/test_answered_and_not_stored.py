"""What a resident is told around answering: that this browser has answered (and when), why a
second tab's answers with the same invitation code were not stored, what a number or a multiple
choice allows before she answers, and that answers to a survey that closed meanwhile were not
stored, with what she gave kept in sight."""
import datetime

import pytest
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.html import strip_tags

from core import reading
from surveys import services
from surveys.answer_flow import COOKIE_SALT, answered_cookie_name
from surveys.answering import answer_limits
from surveys.models import Invitation, Question, Response, Survey
from surveys.tests.factories import QuestionFactory, SectionFactory
from surveys.tests.test_answering import first_page, page_url, second_page

pytestmark = pytest.mark.django_db


def text_of(response):
    return " ".join(strip_tags(response.content.decode()).split())


def answer_both_pages(client, survey, questions, **second):
    client.post(page_url(survey, 1), first_page(questions))
    return client.post(page_url(survey, 2), second_page(questions, **second))


def test_after_answering_the_survey_page_says_so_with_the_day_instead_of_start(client, survey, questions):
    assert "Page 1 of 2" in text_of(client.get(survey.get_absolute_url()))  # its first page, to answer
    answer_both_pages(client, survey, questions)
    page = text_of(client.get(survey.get_absolute_url()))
    assert f"You have answered this survey, on {reading.date(timezone.localdate())}, from this browser. Thank you!" in page
    assert "Start the survey" not in page and "Page 1 of 2" not in page
    assert "Someone else using this device can answer too: answer the survey" in page  # anyone with the link may
    assert "You have answered" not in text_of(Client().get(survey.get_absolute_url()))  # another browser


def test_the_answered_cookie_says_only_the_survey_and_the_day_and_lasts_as_long_as_the_access_needs(client, survey, questions):
    answer_both_pages(client, survey, questions)
    cookie = client.cookies[answered_cookie_name(survey)]
    request = RequestFactory().get("/", HTTP_COOKIE=f"{cookie.key}={cookie.coded_value}")
    value = request.get_signed_cookie(cookie.key, salt=COOKIE_SALT)
    assert value == f"{survey.pk}:{timezone.localdate().isoformat()}"
    assert cookie["max-age"] == ""  # anyone with the link: until the browser is closed
    survey.access = Survey.Access.ONE_PER_BROWSER
    survey.save()  # as the edit form saves it: the answer pages see the change
    browser = Client()
    answer_both_pages(browser, survey, questions)
    assert browser.cookies[answered_cookie_name(survey)]["max-age"] == 60 * 60 * 24 * 365
    page = text_of(browser.get(survey.get_absolute_url()))
    assert "You have answered this survey, on" in page and "answer the survey" not in page and "Start the survey" not in page


def test_an_answered_cookie_from_before_the_day_was_kept_still_says_answered(client, survey):
    Survey.objects.filter(pk=survey.pk).update(access=Survey.Access.ONE_PER_BROWSER)
    response = client.get(survey.get_absolute_url())
    response.set_signed_cookie(answered_cookie_name(survey), str(survey.pk), salt=COOKIE_SALT)
    client.cookies[answered_cookie_name(survey)] = response.cookies[answered_cookie_name(survey)].value
    assert "You have answered this survey from this browser. Thank you!" in text_of(client.get(survey.get_absolute_url()))


@pytest.fixture
def invitation_survey(survey):
    Survey.objects.filter(pk=survey.pk).update(access=Survey.Access.INVITATION)
    (code,) = services.invitations_generate(survey=survey, count=1)
    return Survey.objects.get(pk=survey.pk), code


def enter(client, survey, code):
    client.post(reverse("surveys:invitation", kwargs={"slug": survey.slug}), {"code": code})


def test_a_second_tab_with_the_same_code_is_told_why_nothing_was_stored_and_keeps_its_answers(client, invitation_survey, questions):
    survey, code = invitation_survey
    enter(client, survey, code)
    client.post(page_url(survey, 1), first_page(questions))  # both tabs are on page 2 of one browser
    assert answer_both_pages(client, survey, questions).url.endswith("/thanks/")  # the first tab sends
    second_tab = client.post(page_url(survey, 2), second_page(questions, **{questions["Anything else?"].field_name: "Wider pavements"}))
    page = text_of(second_tab)
    assert "your invitation code was used a moment ago to send answers from another tab or window of this browser" in page
    assert "Your answers (not stored)" in page and "Wider pavements" in page and "How much do you spend? 25" in page
    assert Response.objects.count() == 1 and Invitation.objects.get().is_used
    after = text_of(client.get(survey.get_absolute_url()))
    assert "You have answered this survey" in after and "enter another code" in after


def test_the_same_code_in_another_browser_is_told_it_was_used_and_keeps_every_answer(client, invitation_survey, questions):
    survey, code = invitation_survey
    other_browser = Client()
    enter(client, survey, code)
    enter(other_browser, survey, code)  # both entered it before either sent
    answer_both_pages(client, survey, questions)
    page = text_of(answer_both_pages(other_browser, survey, questions, **{questions["Anything else?"].field_name: "A bench by the river"}))
    assert "This invitation code has already been used, so your answers have not been stored." in page
    assert "How old are you? Under 30" in page and "Why do you come? Shopping, Events" in page
    assert "How satisfied are you? 4" in page and "A bench by the river" in page
    assert Response.objects.count() == 1


def test_a_number_question_shows_its_range_before_it_is_answered(client, survey, questions):
    client.post(page_url(survey, 1), first_page(questions))
    html = client.get(page_url(survey, 2)).content.decode()
    spend = questions["How much do you spend?"].field_name
    assert f'<p class="form-text mt-0" id="{spend}-limits">A number from 0 to 100.</p>' in html
    assert f'aria-describedby="{spend}-limits"' in html


def test_a_multiple_choice_shows_its_minimum_and_maximum_before_it_is_answered(client, survey, questions):
    why = questions["Why do you come?"]
    html = client.get(page_url(survey, 1)).content.decode()
    assert f'<fieldset aria-describedby="{why.field_name}-limits">' in html
    assert f'id="{why.field_name}-limits">Choose from 1 to 2 options.</p>' in html
    refused = client.post(page_url(survey, 1), first_page(questions, reasons=("Shopping", "Cafés", "Events"))).content.decode()
    assert f'<fieldset aria-describedby="{why.field_name}-limits {why.field_name}-error">' in refused


@pytest.mark.parametrize("limits, expected", [
    ({"kind": Question.Kind.MULTIPLE, "min_choices": 2}, "Choose at least 2 options."),
    ({"kind": Question.Kind.MULTIPLE, "max_choices": 1}, "Choose up to 1 option."),
    ({"kind": Question.Kind.MULTIPLE, "min_choices": 3, "max_choices": 3}, "Choose 3 options."),
    ({"kind": Question.Kind.MULTIPLE}, ""),
    ({"kind": Question.Kind.NUMBER, "min_value": 1000}, "A number of at least 1,000."),
    ({"kind": Question.Kind.NUMBER, "max_value": "1500.5"}, "A number of at most 1,500.50."),
    ({"kind": Question.Kind.NUMBER}, ""),
])
def test_the_limits_said_before_answering(limits, expected):
    assert answer_limits(Question(**limits)) == expected


def test_the_range_is_written_in_the_reader_s_number_format():
    question = Question(kind=Question.Kind.NUMBER, min_value=1000, max_value="1500.5")
    with translation.override("sl"):
        assert "1.000" in answer_limits(question) and "1.500,50" in answer_limits(question)
    with translation.override("fa"):
        assert "۱٬۰۰۰" in answer_limits(question)


def test_a_survey_that_closed_while_answering_says_the_answers_were_not_stored_and_shows_them(client, survey, questions):
    client.post(page_url(survey, 1), first_page(questions))
    survey.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    survey.save()
    response = client.post(page_url(survey, 2), second_page(questions))
    page = text_of(response)
    assert response.status_code == 200
    assert "It closed while you were answering, so your answers have not been stored." in page
    assert "How old are you? Under 30" in page and "More benches, please." in page
    assert Response.objects.count() == 0
    assert "It closed while you were answering" not in text_of(client.get(page_url(survey, 2)))  # the session let them go


def test_the_survey_page_of_a_survey_closed_before_the_answers_were_sent_says_they_were_not_stored(client, survey, questions):
    client.post(page_url(survey, 1), first_page(questions))
    survey.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    survey.save()
    assert "so they have not been stored" in text_of(client.get(survey.get_absolute_url()))
    assert "so they have not been stored" not in text_of(Client().get(survey.get_absolute_url()))


def test_a_survey_withdrawn_while_answering_says_so_but_stays_gone(client, survey, questions):
    client.post(page_url(survey, 1), first_page(questions))
    survey.is_published = False
    survey.save()
    response = client.post(page_url(survey, 2), second_page(questions))
    assert response.status_code == 404
    assert "This survey was withdrawn while you were answering it, so your answers have not been stored." in text_of(response)
    assert survey.title not in response.content.decode()
    assert "withdrawn" not in text_of(Client().post(page_url(survey, 2), second_page(questions)))


def test_a_multiple_choice_minimum_on_its_own_reads_at_least(client, survey):
    page = SectionFactory(survey=survey, order=0, title="First")
    question = QuestionFactory(section=page, text="Pick the ones you like", kind=Question.Kind.MULTIPLE, min_choices=2, options=["A", "B", "C"])
    html = client.get(page_url(survey, 1)).content.decode()
    assert f'id="{question.field_name}-limits">Choose at least 2 options.</p>' in html


def test_the_answers_kept_in_sight_list_several_choices_as_the_reader_s_language_writes_a_list(client, survey, questions):
    client.post(page_url(survey, 1), first_page(questions), HTTP_ACCEPT_LANGUAGE="fa")
    survey.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    survey.save()
    page = text_of(client.post(page_url(survey, 2), second_page(questions), HTTP_ACCEPT_LANGUAGE="fa"))
    assert "Shopping، Events" in page and "Shopping, Events" not in page


def test_a_page_that_says_this_browser_answered_is_kept_by_no_shared_cache(client, survey, questions):
    answer_both_pages(client, survey, questions)
    assert "private" in client.get(survey.get_absolute_url())["Cache-Control"]
    Survey.objects.filter(pk=survey.pk).update(access=Survey.Access.ONE_PER_BROWSER)
    browser = Client()
    answer_both_pages(browser, survey, questions)
    assert "private" in browser.get(survey.get_absolute_url())["Cache-Control"]


def test_a_page_that_says_this_browser_s_answers_were_not_stored_is_kept_by_no_shared_cache(client, survey, questions):
    client.post(page_url(survey, 1), first_page(questions))
    survey.closes_at = timezone.now() - datetime.timedelta(minutes=1)
    survey.save()
    response = client.get(survey.get_absolute_url())
    assert "so they have not been stored" in text_of(response) and "private" in response["Cache-Control"]
