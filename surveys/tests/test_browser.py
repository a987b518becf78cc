"""A resident on a phone completes the demo survey with the keyboard only; axe checks the pages."""
import pytest
from django.urls import reverse

from committees.tests.factories import CommitteeFactory
from surveys import demo
from surveys.models import Answer, Question
from surveys.tests.factories import QuestionFactory, SectionFactory, SurveyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def tab_to(page, selector, limit=80):
    """Press Tab until the element matching `selector` has the focus."""
    for _press in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(selector) => document.activeElement === document.querySelector(selector)", selector):
            return
    raise AssertionError(f"Tab never reached {selector}")


def choose_radio(page, label, option_index):
    """Tab into the radio group whose legend is `label`, then arrow down to the wanted option."""
    group = page.locator("fieldset", has=page.locator("legend", has_text=label))
    first_id = group.locator("input[type=radio]").first.get_attribute("id")
    tab_to(page, f"#{first_id}")
    page.keyboard.press("Space")
    for _step in range(option_index):
        page.keyboard.press("ArrowDown")


def tick(page, label_text):
    box_id = page.locator("label", has_text=label_text).first.get_attribute("for")
    tab_to(page, f"#{box_id}")
    page.keyboard.press("Space")


def test_a_resident_completes_the_demo_survey_on_a_phone_with_the_keyboard_only(page, axe):
    CommitteeFactory(slug=demo.MARKETING, name="City Marketing Committee")
    demo.load({})
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(reverse("surveys:detail", kwargs={"slug": "vision-of-the-centre"}))
    assert page.get_by_text("Page 1 of 2").is_visible()  # the first page is on the survey's own page
    assert axe(page) == []

    tab_to(page, "button[value=next]")
    page.keyboard.press("Enter")  # nothing answered: the errors come back next to the fields
    page.wait_for_url("**/answer/1/")
    page.wait_for_selector("#error-summary")
    assert axe(page) == []

    choose_radio(page, "How old are you?", 1)  # 18–29
    choose_radio(page, "How often do you come to the town centre?", 4)  # Rarely: shows a question on page 2
    tick(page, "Culture and events")
    choose_radio(page, "Overall, how satisfied are you", 3)
    tab_to(page, "button[value=next]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/answer/2/")
    assert page.get_by_text("What keeps you away from the centre?").is_visible()
    assert axe(page) == []

    tick(page, "Prices are high")
    tick(page, "Evening events")
    tick(page, "Green spaces and shade")
    choose_radio(page, "Would you come more often if the Main Square were car-free?", 0)
    field_id = page.locator("label", has_text="In one sentence: what would bring you").get_attribute("for")
    tab_to(page, f"#{field_id}")
    page.keyboard.type("A night market on Fridays.")
    tab_to(page, "button[value=next]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/thanks/")
    assert page.get_by_role("heading", name="Thank you!").is_visible()
    assert axe(page) == []

    page.goto(reverse("surveys:results", kwargs={"slug": "vision-of-the-centre"}))
    assert page.get_by_text("401 residents answered.").is_visible()
    assert "A night market on Fridays." in page.content()
    page.wait_for_selector("[data-chart] canvas")  # the chart enhancement ran under the CSP
    assert axe(page) == []


def test_a_one_page_survey_is_answered_on_its_own_page_on_a_phone(page, axe):
    survey = SurveyFactory(title="Benches on the square", privacy_note="Nothing that names you is kept.")
    section = SectionFactory(survey=survey, title="Benches", order=1)
    QuestionFactory(section=section, text="More benches?", kind=Question.Kind.SINGLE, required=True, options=["Yes", "No"])
    QuestionFactory(section=section, text="Where?", kind=Question.Kind.SHORT_TEXT, order=2)
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(survey.get_absolute_url())
    assert page.get_by_role("heading", name="Benches", exact=True).is_visible()
    assert page.get_by_role("button", name="Submit my answers").is_visible()
    assert axe(page) == []

    choose_radio(page, "More benches?", 0)
    field_id = page.locator("label", has_text="Where?").get_attribute("for")
    tab_to(page, f"#{field_id}")
    page.keyboard.type("By the fountain")
    tab_to(page, "button[value=next]")
    page.keyboard.press("Enter")  # one post: from the survey's page to the thank-you page
    page.wait_for_url("**/thanks/")
    assert page.get_by_role("heading", name="Thank you!").is_visible()
    assert Answer.objects.get(response__survey=survey, question__text="Where?").text == "By the fountain"
