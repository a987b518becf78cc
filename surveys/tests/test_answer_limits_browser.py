"""A resident refused by the submission limit, on a phone: every answer is kept, and "Try again" sends them."""
import pytest

from surveys.models import Answer, Response
from surveys.tests.conftest import choice
from surveys.tests.test_answering import page_url

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_on_a_phone_a_refused_resident_sends_every_answer_with_try_again(page, axe, survey, questions, settings):
    settings.SURVEY_SUBMISSIONS_PER_MINUTE = 0  # every submission is refused until the limit is lifted below
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(page_url(survey, 1))
    page.check(f"#id_{questions['How old are you?'].field_name}_0")
    page.get_by_label("Shopping").check()
    page.get_by_role("button", name="Next").click()
    page.wait_for_url("**/answer/2/")
    page.get_by_label("What would young people like?").fill("A skate park by the river")
    page.check(f"input[name={questions['How satisfied are you?'].field_name}][value='4']")
    page.get_by_role("button", name="Submit my answers").click()

    assert page.get_by_role("heading", name="Too many submissions").is_visible()
    try_again = page.get_by_role("button", name="Try again")
    try_again.scroll_into_view_if_needed()
    assert try_again.is_visible() and try_again.bounding_box()["width"] <= 390
    assert axe(page) == []
    assert Response.objects.count() == 0

    settings.SURVEY_SUBMISSIONS_PER_MINUTE = 10  # a minute later
    try_again.click()
    page.wait_for_url("**/thanks/")
    stored = Response.objects.get()
    assert Answer.objects.get(response=stored, question=questions["How old are you?"]).choice == choice(questions["How old are you?"], "Under 30")
    assert Answer.objects.get(response=stored, question=questions["What would young people like?"]).text == "A skate park by the river"
    assert Answer.objects.get(response=stored, question=questions["How satisfied are you?"]).number == 4
