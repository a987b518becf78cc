"""A manager on a phone builds a question with six choices in one save and publishes the survey once the
problems the publish check lists are fixed."""
import re

import pytest
from django.urls import reverse

from core.roles import MANAGERS
from surveys.models import Question, Survey
from surveys.tests.factories import QuestionFactory, SectionFactory, SurveyFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in(page, username):
    page.goto(reverse("login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def test_a_manager_on_a_phone_builds_six_choices_in_one_save_and_publishes_after_fixing_the_problems(page, make_user, axe):
    survey = SurveyFactory(title="Parking", slug="parking", is_published=False)
    first = SectionFactory(survey=survey, title="You", order=1)
    second = SectionFactory(survey=survey, title="Getting here", order=2)
    QuestionFactory(section=first, text="Why do you come?", kind=Question.Kind.MULTIPLE, min_choices=4,
                    options=["Shopping", "Cafés"])
    make_user("manager", role=MANAGERS, committees=[survey.committee])
    page.set_viewport_size({"width": 390, "height": 844})
    sign_in(page, "manager")

    page.goto(reverse("surveys:builder", kwargs={"slug": "parking"}))
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url("**/manage/parking/#publish-check")
    assert page.get_by_text("The survey was not published: fix the problems listed first.").is_visible()
    problems = page.locator(".publish-problems li")
    assert problems.all_inner_texts() == [
        "“Why do you come?” (page 1) asks for at least 4 selections but offers 2 choices.",
        "Page 2 “Getting here” has no questions.",
    ]
    assert axe(page) == []

    # The empty page: a question with six choices, in one save.
    page.locator(f"#section-{second.pk}").get_by_role("link", name="Add a question to this page").click()
    page.locator("#id_text").fill("How do you come to the centre?")
    page.locator("#id_kind").select_option("number")  # the settings follow the kind at once
    assert page.locator("#id_min_value").is_visible() and not page.locator("#id_allow_other").is_visible()
    assert not page.locator("#choices").is_visible()
    page.locator("#id_kind").select_option("single")
    assert page.locator("#id_allow_other").is_visible() and not page.locator("#id_min_value").is_visible()
    assert page.get_by_role("button", name="Show the settings of this kind").count() == 0
    page.locator("#id_required").check()
    more = page.get_by_role("button", name="More rows")
    more.click()
    more.click()
    assert page.locator("[data-choice-rows] [data-choice-row]").count() == 6
    for index, text in enumerate(["On foot", "Bike", "Bus", "Car", "Train", "Scooter"]):
        page.locator(f"#id_choices-{index}-text").fill(text)
    assert axe(page) == []
    page.get_by_role("button", name="Save").last.click()
    page.wait_for_url(re.compile(r".*/manage/parking/#question-\d+"))
    assert page.get_by_text("The question was saved.").is_visible()
    created = survey.questions.get(text="How do you come to the centre?")
    assert [choice.text for choice in created.choices.all()] == ["On foot", "Bike", "Bus", "Car", "Train", "Scooter"]
    assert problems.all_inner_texts() == [
        "“Why do you come?” (page 1) asks for at least 4 selections but offers 2 choices.",
    ]

    # The other problem's link leads to the field to fix.
    page.get_by_role("link", name=re.compile("asks for at least 4 selections")).click()
    page.wait_for_url(re.compile(r".*/questions/\d+/edit/#id_min_choices"))
    page.locator("#id_min_choices").fill("1")
    page.get_by_role("button", name="Save").last.click()
    page.wait_for_url(re.compile(r".*/manage/parking/#question-\d+"))
    assert page.get_by_text("No problems found: residents can answer every page.").is_visible()
    page.get_by_role("button", name="Publish").click()
    page.wait_for_url("**/manage/parking/#publish-check")
    assert page.get_by_text("The survey was published.").is_visible()
    assert Survey.objects.get(pk=survey.pk).is_published
