"""A resident on a phone types a number as their language writes it into the demo's vision survey, in a
real browser (issue 13: a decimal comma was stored as 550.00, Persian digits as nothing)."""
from decimal import Decimal

import pytest
from django.urls import reverse

from committees.tests.factories import CommitteeFactory
from surveys import demo
from surveys.models import Answer, Question, Survey

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

SLUG = "vision-of-the-centre"


@pytest.fixture
def phone(browser, live_server, request):
    """A phone-sized page whose browser asks for the language given as the test's parameter."""
    context = browser.new_context(
        base_url=live_server.url, viewport={"width": 390, "height": 844}, locale=request.param,
    )
    page = context.new_page()
    yield page
    context.close()


def answer_required_questions(page, survey, section_order):
    """The first option of every required choice question of this page (the first options show no
    follow-up question)."""
    required = survey.questions.filter(section__order=section_order, required=True).exclude(kind=Question.Kind.NUMBER)
    for question in required:
        page.locator(f"#{question.field_name}-block input").first.check()


@pytest.mark.parametrize(("phone", "typed", "stored"), [
    ("sl-SI", "5,50", Decimal("5.50")),
    ("fa-IR", "۱۲", Decimal("12")),
], indirect=["phone"])
def test_a_resident_types_a_number_as_their_language_writes_it_and_it_is_stored_exactly(phone, typed, stored):
    CommitteeFactory(slug=demo.MARKETING, name="City Marketing Committee")
    demo.load({})
    survey = Survey.objects.get(slug=SLUG)
    number = survey.questions.get(kind=Question.Kind.NUMBER)
    before = set(Answer.objects.filter(question=number).values_list("pk", flat=True))

    phone.goto(reverse("surveys:detail", kwargs={"slug": SLUG}))
    answer_required_questions(phone, survey, 1)
    phone.locator("button[value=next]").click()
    phone.wait_for_url("**/answer/2/")
    answer_required_questions(phone, survey, 2)
    field = phone.locator(f"[name={number.field_name}]")
    assert field.get_attribute("type") == "text" and field.get_attribute("inputmode") == "decimal"
    field.press_sequentially(typed)
    assert field.input_value() == typed  # the browser keeps what was typed
    phone.locator("button[value=next]").click()
    phone.wait_for_url("**/thanks/")

    new = Answer.objects.filter(question=number).exclude(pk__in=before)
    assert list(new.values_list("number", flat=True)) == [stored]
