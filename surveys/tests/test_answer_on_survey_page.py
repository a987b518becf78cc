"""A survey's first page of questions is answered on the survey's own page: one round trip less,
and a one-page survey is open page → submit → thank you. The form posts into the answer flow, so
everything that flow checks holds here too."""
import datetime
import re
from http.cookies import SimpleCookie

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from surveys import services
from surveys.models import Answer, Invitation, Question, Response, Survey
from surveys.tests.conftest import choice
from surveys.tests.test_answer_limits import at_once
from surveys.tests.factories import QuestionFactory, SectionFactory, SurveyFactory

pytestmark = pytest.mark.django_db

K = Question.Kind


@pytest.fixture
def short_survey(db):
    """One page: a required choice and a number 0–100."""
    survey = SurveyFactory(title="Benches on the square", slug="benches", privacy_note="Answers are anonymous.")
    page = SectionFactory(survey=survey, title="Benches", order=1)
    QuestionFactory(section=page, text="More benches?", kind=K.SINGLE, required=True, options=["Yes", "No"], order=1)
    QuestionFactory(section=page, text="How many?", kind=K.NUMBER, min_value=0, max_value=100, order=2)
    return survey


def short_questions(survey):
    return {question.text: question for question in survey.questions.for_form()}


def form_action(html):
    """The address the survey page's answer form posts to."""
    return re.search(r'<form method="post" action="([^"]+)"', html).group(1)


def csrf_token(html):
    return re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)


def answers(survey, wanted="Yes", how_many="12"):
    questions = short_questions(survey)
    more, many = questions["More benches?"], questions["How many?"]
    return {more.field_name: str(choice(more, wanted).pk), many.field_name: how_many, "action": "next"}


def test_a_one_page_survey_is_answered_in_one_post_from_its_own_page(client, short_survey):
    html = client.get(short_survey.get_absolute_url()).content.decode()
    assert "Benches on the square" in html and "Tell us what the centre needs." in html and "Answers are anonymous." in html
    assert "More benches?" in html and "Submit my answers" in html and "Start the survey" not in html
    assert "Nothing that says who you are is stored with your answers." in html
    response = client.post(form_action(html), answers(short_survey))
    assert response.url == reverse("surveys:thanks", kwargs={"slug": short_survey.slug})
    stored = Response.objects.get(survey=short_survey)
    assert Answer.objects.get(response=stored, question__text="More benches?").choice.text == "Yes"
    assert Answer.objects.get(response=stored, question__text="How many?").number == 12


def test_errors_come_back_next_to_the_fields_with_what_was_typed(client, short_survey):
    html = client.get(short_survey.get_absolute_url()).content.decode()
    data = answers(short_survey, how_many="250")
    del data[short_questions(short_survey)["More benches?"].field_name]
    response = client.post(form_action(html), data)
    page = response.content.decode()
    assert response.status_code == 200 and 'id="error-summary"' in page
    many = short_questions(short_survey)["How many?"]
    assert f'id="{many.field_name}-error"' in page and 'value="250"' in page
    assert Response.objects.count() == 0


def test_a_multi_page_survey_continues_at_page_two_and_back_returns_to_its_page(client, survey, questions):
    html = client.get(survey.get_absolute_url()).content.decode()
    assert "Page 1 of 2" in html and "How old are you?" in html and ">Next<" in html and "Submit my answers" not in html
    age, why = questions["How old are you?"], questions["Why do you come?"]
    data = {age.field_name: str(choice(age, "30 or over").pk), why.field_name: [str(choice(why, "Cafés").pk)], "action": "next"}
    response = client.post(form_action(html), data)
    assert response.url == reverse("surveys:answer", kwargs={"slug": survey.slug, "page": 2})
    assert Response.objects.count() == 0
    back = client.post(reverse("surveys:answer", kwargs={"slug": survey.slug, "page": 1}), data | {"action": "back"})
    assert back.url == survey.get_absolute_url()
    again = client.get(back.url).content.decode()  # the answers given so far are on the survey's page
    assert re.search(rf'value="{choice(age, "30 or over").pk}"[^>]*checked', again)


@pytest.mark.parametrize("opens, closes", [(-10, -1), (2, 10)], ids=["closed", "not yet open"])
def test_a_survey_that_takes_no_answers_shows_no_form(client, short_survey, opens, closes):
    now = timezone.now()
    Survey.objects.filter(pk=short_survey.pk).update(
        opens_at=now + datetime.timedelta(days=opens), closes_at=now + datetime.timedelta(days=closes)
    )
    html = client.get(short_survey.get_absolute_url()).content.decode()
    assert "<form method=\"post\" action" not in html and "More benches?" not in html
    assert "Start the survey" not in html


def test_an_invitation_survey_asks_for_the_code_first_then_offers_its_first_page(client, short_survey):
    Survey.objects.filter(pk=short_survey.pk).update(access=Survey.Access.INVITATION)
    (code,) = services.invitations_generate(survey=short_survey, count=1)
    html = client.get(short_survey.get_absolute_url()).content.decode()
    assert "Enter your code and start" in html and "More benches?" not in html
    assert reverse("surveys:invitation", kwargs={"slug": short_survey.slug}) in html
    entered = client.post(reverse("surveys:invitation", kwargs={"slug": short_survey.slug}), {"code": code})
    assert entered.url == reverse("surveys:answer", kwargs={"slug": short_survey.slug, "page": 1})
    html = client.get(short_survey.get_absolute_url()).content.decode()
    assert "More benches?" in html
    assert client.post(form_action(html), answers(short_survey)).url.endswith("/thanks/")
    assert Invitation.objects.get().is_used and Response.objects.count() == 1
    after = client.get(short_survey.get_absolute_url()).content.decode()  # answered: said so, another code a link away
    assert "You have answered this survey" in after and "Enter your code and start" not in after
    assert "More benches?" not in after and "enter another code" in after


def test_one_response_per_browser_holds_from_the_survey_page(client, short_survey):
    Survey.objects.filter(pk=short_survey.pk).update(access=Survey.Access.ONE_PER_BROWSER)
    html = client.get(short_survey.get_absolute_url()).content.decode()
    client.post(form_action(html), answers(short_survey))
    again = client.post(form_action(html), answers(short_survey, wanted="No"))  # a second click, or the back button
    assert "already answered this survey" in again.content.decode()
    assert Response.objects.count() == 1
    html = client.get(short_survey.get_absolute_url()).content.decode()
    assert "More benches?" not in html and "You have answered this survey" in html and "Start the survey" not in html


@pytest.mark.django_db(transaction=True)  # each request commits, as in production
def test_a_double_click_on_the_survey_page_stores_one_response(client, short_survey, settings):
    """The claim's secret comes with the page that carries the form: posts of that form at once
    from one browser share it, though none of them has stored anything yet."""
    settings.SURVEY_SUBMISSIONS_PER_MINUTE = 1000  # the limit is not what is tested here
    Survey.objects.filter(pk=short_survey.pk).update(access=Survey.Access.ONE_PER_BROWSER)
    html = client.get(short_survey.get_absolute_url()).content.decode()

    def submit():
        same_browser = Client()
        same_browser.cookies = SimpleCookie(client.cookies.output(header=""))
        return same_browser.post(form_action(html), answers(short_survey)).status_code

    outcomes = at_once(12, submit)
    assert Response.objects.count() == 1
    assert outcomes.count(302) >= 1 and set(outcomes) <= {200, 302}


def test_too_many_submissions_from_the_survey_page_get_the_clear_page(client, short_survey, settings):
    settings.SURVEY_SUBMISSIONS_PER_MINUTE = 1
    html = client.get(short_survey.get_absolute_url()).content.decode()
    client.post(form_action(html), answers(short_survey))
    again = client.get(short_survey.get_absolute_url()).content.decode()
    assert "You have answered this survey" in again  # answering again is a link away, to the same address
    response = client.post(form_action(html), answers(short_survey))
    assert response.status_code == 429 and Response.objects.count() == 1


def test_the_form_refuses_a_post_without_this_browsers_token(short_survey):
    browser = Client(enforce_csrf_checks=True)
    html = browser.get(short_survey.get_absolute_url()).content.decode()
    assert browser.post(form_action(html), answers(short_survey)).status_code == 403
    data = answers(short_survey) | {"csrfmiddlewaretoken": csrf_token(html)}
    assert browser.post(form_action(html), data).url.endswith("/thanks/")


def test_the_page_with_a_form_is_never_kept_for_another_visitor(short_survey):
    """Its token and its claim belong to one browser: each visitor gets a page of its own."""
    Survey.objects.filter(pk=short_survey.pk).update(access=Survey.Access.ONE_PER_BROWSER)
    one, other = Client(), Client()
    first = one.get(short_survey.get_absolute_url())
    second = other.get(short_survey.get_absolute_url())
    assert "X-Page-Cache" not in first and "X-Page-Cache" not in second
    assert "private" in first["Cache-Control"]  # nor may a proxy in front keep it
    assert csrf_token(first.content.decode()) != csrf_token(second.content.decode())
    assert one.session.session_key != other.session.session_key


@pytest.mark.parametrize(
    "access, most",
    [
        (Survey.Access.PUBLIC, 3),  # the survey, the content version, the session if the browser has one
        (Survey.Access.ONE_PER_BROWSER, 6),  # and the session saved with the claim (in a savepoint, by a database store)
    ],
)
def test_the_survey_page_takes_a_bounded_number_of_queries(client, survey, access, most, django_assert_max_num_queries):
    Survey.objects.filter(pk=survey.pk).update(access=access)
    for number in range(8):
        QuestionFactory(section=survey.sections.first(), text=f"Extra {number}", kind=K.MULTIPLE, options=["A", "B", "C"])
    client.get(survey.get_absolute_url())  # the questionnaire is loaded once and kept
    with django_assert_max_num_queries(most):
        assert "Extra 7" in Client().get(survey.get_absolute_url()).content.decode()
    with django_assert_max_num_queries(most):
        assert "Extra 7" in client.get(survey.get_absolute_url()).content.decode()
