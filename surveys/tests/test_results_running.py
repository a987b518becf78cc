"""Cached figures in two parts (the settled hours and the last ones): a read shows exactly what
counting everything again shows, and after new responses counts only those of the last hours."""
import datetime
import random
import statistics
from decimal import Decimal
from unittest import mock

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from surveys import figures as running
from surveys import services
from surveys.models import Response, Survey, submission_hour
from surveys.results import survey_results
from surveys.tests.conftest import choice
from surveys.tests.test_results import HAND_BUILT, by_text, options, submit

pytestmark = pytest.mark.django_db

NO_CACHE = {"default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
WISHES = ["A skate park", "A climbing wall", "Late cinema"]
NOTES = ["More trees on the square", "Benches in the park", "Cheaper parking", "Quieter evenings"]


def page_figures(results):
    """Everything a results page shows, as plain values."""
    return (
        results.respondents,
        results.total_respondents,
        [
            (
                result.question.pk, result.shown, result.answered,
                [(option.label, option.count, option.percent, option.change) for option in result.options],
                result.mean, result.median, result.minimum, result.maximum, result.mean_change,
                result.texts, result.text_count,
            )
            for result in results.questions
        ],
    )


def recounted(survey, **view):
    """The same view counted from every answer, the cache left as it is."""
    with override_settings(CACHES=NO_CACHE):
        return page_figures(survey_results(survey, **view))


def random_row(rng):
    age = rng.choice(["Under 30", "30 or over"])
    reasons = rng.sample(["Shopping", "Cafés", "Events"], rng.randint(0, 2))
    wish = rng.choice([None, *WISHES]) if age == "Under 30" else None
    spend = rng.choice([None, rng.randint(0, 100), rng.randint(0, 100)])
    return age, reasons, wish, rng.randint(1, 5), spend, rng.choice(["", "", *NOTES])


def submit_hours_ago(hours, questions, *row):
    """A response stored `hours` ago (it keeps that hour)."""
    then = timezone.now() - datetime.timedelta(hours=hours)
    with mock.patch.object(timezone, "now", return_value=then):
        return submit(questions, *row)


class Spy:
    """Records which responses each counting of figures read."""

    def __init__(self, monkeypatch):
        self.counted = []
        count_figures = running._count_figures

        def spied_count_figures(responses, *args):
            self.counted.append(sorted(responses.values_list("pk", flat=True)))
            return count_figures(responses, *args)

        monkeypatch.setattr(running, "_count_figures", spied_count_figures)


def views(questions):
    young = choice(questions["How old are you?"], "Under 30")
    satisfaction = questions["How satisfied are you?"]
    return [
        {"with_texts": True},
        {"filter_value": f"c{young.pk}", "with_texts": True},
        {"filter_value": f"n{satisfaction.pk}:4"},
        {"with_texts": True, "search": "park"},
    ]


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_cached_figures_equal_a_full_recount_through_rounds_of_new_and_deleted_responses(survey, questions, seed):
    """Responses of the last hours and of earlier ones, some deleted, the hour moving on meanwhile."""
    rng = random.Random(seed)
    for round_number in range(8):
        for _number in range(rng.randint(0, 6)):
            submit_hours_ago(rng.choice([0, 0, 1, 2, 5]), questions, *random_row(rng))
        if round_number > 1 and rng.random() < 0.4:
            rng.choice(list(Response.objects.filter(survey=survey))).delete()
            if rng.random() < 0.5:  # and one more in its place: the count alone would not tell
                submit_hours_ago(rng.choice([0, 3]), questions, *random_row(rng))
        hour = submission_hour() + datetime.timedelta(hours=rng.choice([0, 0, 1]))
        with mock.patch.object(running, "submission_hour", return_value=hour):
            for view in views(questions):
                cached_figures = page_figures(survey_results(survey, **view))
                assert cached_figures == recounted(survey, **view), (round_number, view)
                assert page_figures(survey_results(survey, **view)) == cached_figures  # and again, from the cache


def test_a_read_after_new_responses_counts_only_those_of_this_hour(survey, questions, monkeypatch):
    for row in HAND_BUILT:
        submit_hours_ago(3, questions, *row)
    survey_results(survey, with_texts=True)
    spy = Spy(monkeypatch)
    survey_results(survey, with_texts=True)
    assert spy.counted == []  # nothing changed: nothing counted
    new = [submit(questions, *row).pk for row in HAND_BUILT[:2]]
    results = survey_results(survey, with_texts=True)
    assert spy.counted == [sorted(new)]
    assert options(by_text(results)["How old are you?"]) == {"Under 30": (4, 57.1), "30 or over": (3, 42.9)}


def test_a_response_deleted_from_an_earlier_hour_makes_the_next_read_count_those_hours_again(survey, questions, monkeypatch):
    responses = [submit_hours_ago(3, questions, *row) for row in HAND_BUILT]
    survey_results(survey)
    spy = Spy(monkeypatch)
    responses[0].delete()
    submit_hours_ago(3, questions, "Under 30", ["Events"], None, 1, None, "")  # as many responses as before
    results = survey_results(survey)
    assert len(spy.counted) == 2 and len(spy.counted[0]) == 5  # the earlier hours, then this one (none)
    assert options(by_text(results)["How old are you?"]) == {"Under 30": (2, 40.0), "30 or over": (3, 60.0)}
    assert by_text(results)["How satisfied are you?"].mean == pytest.approx((5 + 2 + 3 + 3 + 1) / 5)


def test_the_latest_texts_come_latest_hour_first(survey, questions):
    submit_hours_ago(5, questions, "30 or over", [], None, 3, None, "Benches in the park")
    submit_hours_ago(3, questions, "30 or over", [], None, 3, None, "Cheaper parking")
    survey_results(survey, with_texts=True)
    submit(questions, "30 or over", [], None, 3, None, "Quieter evenings")
    texts = by_text(survey_results(survey, with_texts=True))["Anything else?"].texts
    assert texts == ["Quieter evenings", "Cheaper parking", "Benches in the park"]


def test_the_query_count_of_a_read_after_new_responses_does_not_grow_with_them(survey, questions):
    rng = random.Random(7)
    questionnaire = list(survey.questions.for_form())
    for _number in range(20):
        submit(questions, *random_row(rng))

    def queries_after(new_responses):
        survey_results(survey, with_texts=True, questions=questionnaire)
        for _number in range(new_responses):
            submit(questions, *random_row(rng))
        with CaptureQueriesContext(connection) as context:
            survey_results(survey, with_texts=True, questions=questionnaire)
        return len(context)

    # the fingerprints, then the recent responses: shown, answered, counts per value, two for the texts
    assert queries_after(1) == queries_after(40) == 6


def test_a_reader_storing_older_figures_last_leaves_them_to_be_counted_again(survey, questions):
    """Two readers bring the figures up to date at once; the one that saw fewer responses writes
    last. Its figures are stored with the fingerprint of the responses they count, so the next read
    counts again."""
    for row in HAND_BUILT:
        submit(questions, *row)
    key = running.figures_cache_key(survey, list(survey.questions.for_form()), "", False)
    survey_results(survey)
    submit(questions, *HAND_BUILT[0])
    survey_results(survey)
    slower = cache.get(key)
    submit(questions, *HAND_BUILT[1])
    survey_results(survey)
    cache.set(key, slower)
    submit(questions, *HAND_BUILT[2])
    assert page_figures(survey_results(survey)) == recounted(survey)
    assert survey_results(survey).respondents == 8


def percentile_cont(question):
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY number) FROM surveys_answer WHERE question_id = %s",
            [question.pk],
        )
        return cursor.fetchone()[0]


@pytest.mark.parametrize("kept", [1000, 3])
def test_the_median_of_a_number_question_is_exact_from_the_counts_per_value_or_from_the_database(
    survey, questions, monkeypatch, kept
):
    """Up to DISTINCT_NUMBERS_KEPT values the median comes from the counts per value; beyond, it is
    asked from the database."""
    monkeypatch.setattr(running, "DISTINCT_NUMBERS_KEPT", kept)
    rng = random.Random(3)
    spends = []
    for round_number in range(4):
        for _number in range(round_number + 2):
            row = random_row(rng)
            row = (*row[:4], rng.randint(0, 100), row[5])
            spends.append(row[4])
            submit(questions, *row)
        spend = by_text(survey_results(survey))["How much do you spend?"]
        assert spend.median == statistics.median(spends) == percentile_cont(questions["How much do you spend?"])
        assert spend.mean == pytest.approx(statistics.mean(spends))
        assert (spend.minimum, spend.maximum) == (min(spends), max(spends))
        assert page_figures(survey_results(survey)) == recounted(survey)


def test_the_previous_wave_comparison_follows_a_response_deleted_from_the_closed_wave(survey, questions):
    for row in HAND_BUILT:
        submit(questions, *row)
    wave = services.survey_copy_as_wave(survey=survey)
    Survey.objects.filter(pk=wave.pk).update(is_published=True, opens_at=survey.opens_at, closes_at=survey.closes_at)
    wave_questions = {question.text: question for question in wave.questions.for_form()}
    submit(wave_questions, "Under 30", ["Events"], None, 5, 40, "", survey=wave)
    wave.refresh_from_db()
    assert by_text(survey_results(wave))["How satisfied are you?"].mean_change == pytest.approx(5 - 3.4)
    Response.objects.filter(survey=survey, answers__number=Decimal(2)).delete()  # staff remove one of the old wave
    assert by_text(survey_results(wave))["How satisfied are you?"].mean_change == pytest.approx(5 - 3.75)
    assert page_figures(survey_results(wave)) == recounted(wave)


@pytest.mark.django_db(transaction=True)
def test_outside_a_transaction_each_read_counts_in_one_snapshot(survey, questions):
    """The path a real request takes: its own REPEATABLE READ transaction for the counting."""
    for row in HAND_BUILT:
        submit(questions, *row)
    assert not connection.in_atomic_block
    assert survey_results(survey, with_texts=True).respondents == 5
    submit(questions, "Under 30", ["Events"], "A climbing wall", 5, None, "")
    results = by_text(survey_results(survey, with_texts=True))
    assert options(results["How old are you?"]) == {"Under 30": (3, 50.0), "30 or over": (3, 50.0)}
    assert sorted(results["What would young people like?"].texts) == ["A climbing wall", "A skate park"]
    assert page_figures(survey_results(survey, with_texts=True)) == recounted(survey, with_texts=True)
