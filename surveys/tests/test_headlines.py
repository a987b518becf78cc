"""A survey's headline, computed once (surveys.results.attach_headlines) for the initiative pages and
the mayor's summary."""
from decimal import Decimal

import pytest
from django.db.models import Count

from surveys.models import Answer, Question, Response, Survey
from surveys.results import attach_headlines, headlines
from surveys.tests.factories import QuestionFactory, SurveyFactory

pytestmark = pytest.mark.django_db
K = Question.Kind


def answer(question, *values):
    """One response per value: a choice's text, or a number."""
    for value in values:
        response = Response.objects.create(survey=question.survey)
        if isinstance(value, str):
            Answer.objects.create(response=response, question=question, choice=question.choices.get(text=value))
        else:
            Answer.objects.create(response=response, question=question, number=value)


def headline_of(survey):
    (counted,) = Survey.objects.filter(pk=survey.pk).annotate(response_count=Count("responses"))
    (attached,) = attach_headlines([counted])
    return attached.headline


def test_the_most_chosen_choice_leads_and_a_tie_goes_to_the_questionnaire_order():
    question = QuestionFactory(kind=K.SINGLE, options=["Walk", "Bus", "Car"], allow_other=True)
    answer(question, "Car", "Bus", "Car", "Bus", "Walk")
    headline = headline_of(question.survey)
    assert [(option.label, option.count) for option in headline.options] == [("Bus", 2), ("Car", 2), ("Walk", 1), ("Other", 0)]
    assert (headline.top, headline.top_share, headline.mean) == ("Bus", Decimal(40), None)
    (on_the_initiative_page,) = headlines(Survey.objects.filter(pk=question.survey_id))
    assert on_the_initiative_page.headline.top == "Bus"


def test_a_yes_no_headline_gives_the_share_of_yes_even_when_no_leads():
    question = QuestionFactory(kind=K.YES_NO)
    answer(question, 0, 0, 1, 0)
    headline = headline_of(question.survey)
    assert (headline.top, headline.top_share, headline.answered) == ("Yes", Decimal(25), 4)


def test_a_scale_headline_gives_its_mean_and_no_top_share():
    question = QuestionFactory(kind=K.SCALE)
    answer(question, 2, 5, 5)
    headline = headline_of(question.survey)
    assert (headline.top, headline.top_share, headline.mean) == (None, None, Decimal(4))


def test_a_headline_without_answers_says_nothing_and_a_survey_without_a_question_has_none():
    question = QuestionFactory(kind=K.SINGLE, options=["Walk"])
    headline = headline_of(question.survey)
    assert (headline.top, headline.top_share, headline.mean, headline.answered) == (None, None, None, 0)
    assert headline_of(SurveyFactory()) is None
