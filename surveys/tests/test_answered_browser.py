"""On a phone: a resident reads what a number allows before answering, answers, and coming back to
the survey's page is told she has answered instead of being offered the form again."""
import pytest

from surveys.models import Answer, Question
from surveys.tests.factories import QuestionFactory, SectionFactory, SurveyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_resident_answers_on_a_phone_and_coming_back_is_told_she_has_answered(page, axe):
    survey = SurveyFactory(title="Benches on the square")
    section = SectionFactory(survey=survey, title="Benches", order=1)
    QuestionFactory(section=section, text="More benches?", kind=Question.Kind.SINGLE, required=True, options=["Yes", "No"], order=1)
    QuestionFactory(section=section, text="How many?", kind=Question.Kind.NUMBER, min_value=0, max_value=100, order=2)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(survey.get_absolute_url())
    how_many = page.get_by_label("How many?")
    assert page.get_by_text("A number from 0 to 100.").is_visible()
    assert page.evaluate(
        "(id) => document.getElementById(id).textContent", how_many.get_attribute("aria-describedby")
    ) == "A number from 0 to 100."

    page.get_by_label("Yes").check()
    how_many.fill("12")
    page.get_by_role("button", name="Submit my answers").click()
    page.wait_for_url("**/thanks/")
    assert Answer.objects.get(question__text="How many?").number == 12

    page.goto(survey.get_absolute_url())
    answered = page.locator("#answered")
    assert answered.is_visible() and "You have answered this survey, on" in answered.inner_text()
    assert page.get_by_role("button", name="Submit my answers").count() == 0
    assert page.get_by_role("link", name="Start the survey").count() == 0
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")
    assert axe(page) == []
