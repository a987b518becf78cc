"""Running counts: after new responses a read counts only the new ones' answers and adds them to the
cached figures, and what it shows is exactly what counting everything again shows."""
import random
import statistics
from decimal import Decimal

import pytest
from django.core.cache import cache
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from surveys import figures as running
from surveys import services
from surveys.models import Answer, Response, Survey
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


def reserve_ids(count):
    """Response ids taken now by submissions that commit later (concurrent submitters commit out of order)."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT nextval(pg_get_serial_sequence('surveys_response', 'id')) FROM generate_series(1, %s)", [count])
        return [row[0] for row in cursor.fetchall()]


def commit_late(questions, rng, reserved_id):
    """A response stored with an id that was taken before the responses read already."""
    response = submit(questions, *random_row(rng))
    Response.objects.filter(pk=response.pk).update(id=reserved_id)  # the answers' key is checked at commit
    Answer.objects.filter(response_id=response.pk).update(response_id=reserved_id)


class Spy:
    """Counts full recounts, and records which responses each counting of figures read."""

    def __init__(self, monkeypatch):
        self.full, self.counted = 0, []
        count_all, count_figures = running._Counter.count_all, running._count_figures

        def spied_count_all(counter, state):
            self.full += 1
            return count_all(counter, state)

        def spied_count_figures(responses, *args):
            self.counted.append(sorted(responses.values_list("pk", flat=True)))
            return count_figures(responses, *args)

        monkeypatch.setattr(running._Counter, "count_all", spied_count_all)
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


@pytest.mark.parametrize("seed, tail", [(1, 256), (2, 256), (3, 3), (4, 3), (5, 1)])
def test_running_counts_equal_a_full_recount_through_rounds_of_new_late_and_deleted_responses(
    survey, questions, monkeypatch, seed, tail
):
    monkeypatch.setattr(running, "TAIL_IDS", tail)
    rng = random.Random(seed)
    spy = Spy(monkeypatch)
    reserved = []
    for round_number in range(8):
        reserved += reserve_ids(rng.randint(0, 2))
        for _number in range(rng.randint(0, 6)):
            submit(questions, *random_row(rng))
        late = [reserved.pop(rng.randrange(len(reserved))) for _n in range(rng.randint(0, len(reserved)))]
        for reserved_id in late:
            commit_late(questions, rng, reserved_id)
        deleted = round_number > 1 and rng.random() < 0.25
        if deleted:
            rng.choice(list(Response.objects.filter(survey=survey))).delete()
        full_counts = 0
        for view in views(questions):
            before = spy.full
            running_figures = page_figures(survey_results(survey, **view))
            full_counts += spy.full - before
            assert running_figures == recounted(survey, **view), (round_number, view)
            assert page_figures(survey_results(survey, **view)) == running_figures  # and again, from the cache
        if round_number and not deleted and (not late or tail == 256):
            assert full_counts == 0  # only the new responses were counted


def test_a_read_after_new_responses_counts_only_their_answers(survey, questions, monkeypatch):
    for row in HAND_BUILT:
        submit(questions, *row)
    survey_results(survey, with_texts=True)
    spy = Spy(monkeypatch)
    new = [submit(questions, *row).pk for row in HAND_BUILT[:2]]
    results = survey_results(survey, with_texts=True)
    assert spy.full == 0 and spy.counted == [new]
    assert options(by_text(results)["How old are you?"]) == {"Under 30": (4, 57.1), "30 or over": (3, 42.9)}


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

    # the state, the ids over the horizon, shown, answered, counts per value, two for the texts
    assert queries_after(1) == queries_after(40) == 7


def test_a_deleted_response_makes_the_next_read_count_everything_again(survey, questions, monkeypatch):
    responses = [submit(questions, *row) for row in HAND_BUILT]
    survey_results(survey)
    spy = Spy(monkeypatch)
    responses[0].delete()
    submit(questions, "Under 30", ["Events"], None, 1, None, "")
    results = survey_results(survey)
    assert spy.full == 1
    assert options(by_text(results)["How old are you?"]) == {"Under 30": (2, 40.0), "30 or over": (3, 60.0)}
    assert by_text(results)["How satisfied are you?"].mean == pytest.approx((5 + 2 + 3 + 3 + 1) / 5)


def test_more_new_responses_than_are_added_up_at_once_are_counted_from_scratch(survey, questions, monkeypatch):
    monkeypatch.setattr(running, "MAX_NEW_RESPONSES", 2)
    rng = random.Random(5)
    submit(questions, *random_row(rng))
    survey_results(survey)
    spy = Spy(monkeypatch)
    for _number in range(3):
        submit(questions, *random_row(rng))
    running_figures = page_figures(survey_results(survey))
    assert spy.full == 1
    assert running_figures == recounted(survey)


def test_a_response_deleted_among_the_newest_is_noticed_too(survey, questions, monkeypatch):
    monkeypatch.setattr(running, "TAIL_IDS", 2)
    responses = [submit(questions, *row) for row in HAND_BUILT]
    survey_results(survey)
    responses[-1].delete()  # in the tail, listed by id
    submit(questions, *HAND_BUILT[-1])
    assert page_figures(survey_results(survey)) == recounted(survey)
    assert survey_results(survey).respondents == 5


def test_a_reader_storing_older_figures_last_leaves_nothing_counted_twice(survey, questions):
    """Two readers bring the figures up to date at once; the one that saw fewer responses writes
    last. Its figures and the responses they count are stored together, so the next read adds the rest."""
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
    """Up to DISTINCT_NUMBERS_KEPT values the median comes from the running counts per value;
    beyond, it is asked from the database whenever responses are added."""
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
    assert results["What would young people like?"].texts == ["A climbing wall", "A skate park"]
    assert page_figures(survey_results(survey, with_texts=True)) == recounted(survey, with_texts=True)
