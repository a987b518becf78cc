"""The results' figures are kept in the cache (running counts, see test_results_running.py): a read
between two submissions reads no answer, and a new or deleted response is seen at once."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from surveys.results import survey_results
from surveys.tests.test_results import HAND_BUILT, by_text, options, submit

pytestmark = pytest.mark.django_db


def answer_queries(function):
    """The outcome of function() and how many of its queries read the answers table."""
    with CaptureQueriesContext(connection) as context:
        outcome = function()
    return outcome, sum(1 for query in context.captured_queries if "surveys_answer" in query["sql"])


def test_a_second_read_takes_the_counted_figures_from_the_cache(survey, questions):
    for row in HAND_BUILT:
        submit(questions, *row)
    first, counted = answer_queries(lambda: survey_results(survey, with_texts=True))
    again, cached = answer_queries(lambda: survey_results(survey, with_texts=True))
    assert counted >= 4 and cached == 0
    assert options(by_text(again)["How old are you?"]) == options(by_text(first)["How old are you?"])
    assert by_text(again)["Anything else?"].texts == ["More trees on the square"]


def test_a_new_response_shows_in_the_results_at_once(survey, questions):
    for row in HAND_BUILT:
        submit(questions, *row)
    assert options(by_text(survey_results(survey))["How old are you?"]) == {"Under 30": (2, 40.0), "30 or over": (3, 60.0)}
    submit(questions, "Under 30", [], None, 5, None, "")
    assert options(by_text(survey_results(survey))["How old are you?"]) == {"Under 30": (3, 50.0), "30 or over": (3, 50.0)}


def test_a_deleted_response_leaves_the_results_at_once(survey, questions):
    responses = [submit(questions, *row) for row in HAND_BUILT]
    assert survey_results(survey).respondents == 5
    responses[-1].delete()
    assert survey_results(survey).respondents == 4


def test_a_filter_and_a_search_are_figures_of_their_own(survey, questions):
    for row in HAND_BUILT:
        submit(questions, *row)
    survey_results(survey, with_texts=True)
    young = next(c for c in questions["How old are you?"].choices.all() if c.text == "Under 30")
    filtered = survey_results(survey, filter_value=f"c{young.pk}", with_texts=True)
    assert filtered.respondents == 2
    searched = by_text(survey_results(survey, with_texts=True, search="skate"))
    assert searched["What would young people like?"].texts == ["A skate park"]
    assert searched["Anything else?"].texts == []
