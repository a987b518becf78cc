import csv
import io
import random
from decimal import Decimal

import pytest
from django.db import connection
from django.http import StreamingHttpResponse
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from core.roles import MANAGERS
from surveys import services
from surveys.models import Answer, Question, Response, Survey
from surveys.results import _median_from_distribution, headlines, survey_results
from surveys.tests.conftest import choice

pytestmark = pytest.mark.django_db

# age, reasons, young people's wish, satisfaction, spend, anything else
HAND_BUILT = [
    ("Under 30", ["Shopping", "Cafés"], "A skate park", 4, 10, ""),
    ("Under 30", ["Cafés"], None, 5, 20, ""),
    ("30 or over", ["Shopping", "Events"], None, 2, 30, ""),
    ("30 or over", ["Cafés", "Events"], None, 3, None, ""),
    ("30 or over", [], None, 3, None, "More trees on the square"),
]


def submit(questions, age, reasons, wish, satisfaction, spend, note, survey=None):
    q = questions
    answers = {q["How old are you?"]: choice(q["How old are you?"], age), q["How satisfied are you?"]: Decimal(satisfaction)}
    if reasons:
        answers[q["Why do you come?"]] = [choice(q["Why do you come?"], text) for text in reasons]
    if wish:
        answers[q["What would young people like?"]] = wish
    if spend is not None:
        answers[q["How much do you spend?"]] = Decimal(spend)
    if note:
        answers[q["Anything else?"]] = note
    return services.response_submit(survey=survey or q["How old are you?"].survey, answers=answers)


@pytest.fixture
def answered(survey, questions):
    for row in HAND_BUILT:
        submit(questions, *row)
    return survey


def by_text(results):
    return {result.question.text: result for result in results.questions}


def options(result):
    return {option.label: (option.count, option.percent) for option in result.options}


def test_results_count_multiple_choice_per_option_with_respondents_as_the_base(answered):
    results = by_text(survey_results(answered, with_texts=True))
    assert options(results["How old are you?"]) == {"Under 30": (2, 40.0), "30 or over": (3, 60.0)}
    reasons = results["Why do you come?"]
    assert reasons.answered == 4 and reasons.shown == 5
    assert options(reasons) == {"Shopping": (2, 50.0), "Cafés": (3, 75.0), "Events": (2, 50.0)}


def test_a_conditional_question_is_counted_over_those_who_were_shown_it(answered):
    wish = by_text(survey_results(answered, with_texts=True))["What would young people like?"]
    assert (wish.shown, wish.answered, wish.skipped) == (2, 1, 1)
    assert wish.texts == ["A skate park"]


def test_scales_and_numbers_get_distribution_mean_and_median(answered):
    results = by_text(survey_results(answered))
    satisfaction = results["How satisfied are you?"]
    assert [option.count for option in satisfaction.options] == [0, 1, 2, 1, 1]
    assert satisfaction.options[0].label == "1 – not at all"
    assert satisfaction.mean == pytest.approx(3.4) and satisfaction.median == 3
    spend = results["How much do you spend?"]
    assert (spend.answered, spend.mean, spend.median, spend.minimum, spend.maximum) == (3, 20.0, 20.0, 10, 30)


def test_the_median_from_the_counts_per_value_is_the_continuous_median():
    assert _median_from_distribution({("n", Decimal(2)): 1, ("n", Decimal(3)): 2, ("n", Decimal(5)): 1}) == 3
    assert _median_from_distribution({("n", Decimal(1)): 1, ("n", Decimal(4)): 1}) == 2.5
    assert _median_from_distribution({}) is None


def test_the_cross_tab_filter_narrows_the_whole_page(answered, questions):
    under_30 = choice(questions["How old are you?"], "Under 30")
    results = survey_results(answered, filter_value=f"c{under_30.pk}")
    assert (results.respondents, results.total_respondents) == (2, 5)
    assert results.filter_label == "How old are you?: Under 30"
    filtered = by_text(results)
    assert options(filtered["Why do you come?"]) == {"Shopping": (1, 50.0), "Cafés": (2, 100.0), "Events": (0, 0.0)}
    assert filtered["How satisfied are you?"].mean == pytest.approx(4.5)
    assert filtered["What would young people like?"].shown == 2
    satisfied_3 = survey_results(answered, filter_value=f"n{questions['How satisfied are you?'].pk}:3")
    assert satisfied_3.respondents == 2
    assert survey_results(answered, filter_value="c999999").filter_label == ""  # unknown filters are ignored


def test_free_text_search(answered):
    results = by_text(survey_results(answered, with_texts=True, search="TREES"))
    assert results["Anything else?"].texts == ["More trees on the square"]
    assert results["What would young people like?"].texts == []


def test_the_results_page_search_reads_only_the_first_words_as_typed(client, make_user, answered, questions):
    submit(questions, "30 or over", [], None, 3, None, "Please plant more trees on the main square soon")
    client.force_login(make_user("manager", role=MANAGERS, committees=[answered.committee]))
    url = reverse("surveys:results", kwargs={"slug": answered.slug})
    # The ninth word on is ignored: the first eight, as typed, are found.
    page = client.get(url, {"q": "Please plant more trees on the main square, and a fountain"}).content.decode()
    assert "Please plant more trees on the main square soon" in page and "More trees on the square" not in page
    # A word past the bound finds nothing.
    page = client.get(url, {"q": " ".join(["fountain"] * 19 + ["trees"])}).content.decode()
    assert "trees on the" not in page


def test_a_new_wave_shows_the_change_per_option_since_the_previous_one(answered, questions):
    wave = services.survey_copy_as_wave(survey=answered)
    Survey.objects.filter(pk=wave.pk).update(is_published=True, opens_at=answered.opens_at, closes_at=answered.closes_at)
    wave_questions = {question.text: question for question in wave.questions.for_form()}
    for row in [("Under 30", ["Events"], None, 5, 40, ""), ("30 or over", ["Events"], None, 5, None, "")]:
        submit(wave_questions, *row, survey=wave)
    results = survey_results(wave)
    assert results.previous_wave == answered
    changes = {option.label: option.change for option in by_text(results)["Why do you come?"].options}
    assert changes == {"Shopping": -50.0, "Cafés": -75.0, "Events": 50.0}
    assert by_text(results)["How satisfied are you?"].mean_change == pytest.approx(1.6)


def test_the_public_results_page_shows_tables_with_captions_but_no_free_text_unless_published(client, answered):
    Survey.objects.filter(pk=answered.pk).update(results_public=True)
    html = client.get(reverse("surveys:results", kwargs={"slug": answered.slug})).content.decode()
    assert "<caption>" in html and "add up to more than 100%" in html and "75.0%" in html
    assert "More trees on the square" not in html
    survey = Survey.objects.get(pk=answered.pk)
    survey.publish_free_text = True
    survey.save()  # as the survey editor saves it: the cached public page is replaced at once
    assert "More trees on the square" in client.get(reverse("surveys:results", kwargs={"slug": answered.slug})).content.decode()


def add_responses(survey, questions, count, seed=1):
    """Bulk-made responses: every question answered, multiple choice with one or two options."""
    rng = random.Random(seed)
    responses = Response.objects.bulk_create([Response(survey=survey) for _ in range(count)])
    rows = []
    for response in responses:
        for question in questions.values():
            options_ = list(question.choices.all())
            if question.kind == "multiple":
                rows += [Answer(response=response, question=question, choice=c) for c in rng.sample(options_, 2)]
            elif options_:
                rows.append(Answer(response=response, question=question, choice=rng.choice(options_)))
            elif question.is_text:
                rows.append(Answer(response=response, question=question, text=f"idea {rng.random()}"))
            else:
                rows.append(Answer(response=response, question=question, number=rng.randint(1, 5)))
    Answer.objects.bulk_create(rows, batch_size=5000)


def count_queries(client, url):
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context)


def test_results_page_queries_do_not_grow_with_responses(client, make_user, survey, questions, django_assert_max_num_queries):
    client.force_login(make_user("manager", role=MANAGERS, committees=[survey.committee]))
    url = reverse("surveys:results", kwargs={"slug": survey.slug})
    add_responses(survey, questions, 10)
    with_ten = count_queries(client, url)
    filtered_url = f"{url}?filter=c{choice(questions['How old are you?'], 'Under 30').pk}&q=idea"
    filtered_ten = count_queries(client, filtered_url)
    add_responses(survey, questions, 990, seed=2)
    with django_assert_max_num_queries(with_ten):
        response = client.get(url)
    assert "1,000 residents answered" in response.content.decode()
    with django_assert_max_num_queries(filtered_ten):
        client.get(filtered_url)


def test_headlines_for_an_initiative_page_take_a_fixed_number_of_queries(survey, questions, django_assert_num_queries):
    add_responses(survey, questions, 50)
    with django_assert_num_queries(4):
        (headline,) = headlines(Survey.objects.filter(pk=survey.pk))
    assert headline.response_count == 50 and headline.headline.question.text == "How old are you?"
    assert sum(option.count for option in headline.headline.options) == 50


def test_the_question_flagged_as_headline_is_the_headline_instead_of_the_first_one(survey, questions):
    add_responses(survey, questions, 20)
    Question.objects.filter(pk=questions["How satisfied are you?"].pk).update(is_headline=True)
    (headline,) = headlines(Survey.objects.filter(pk=survey.pk))
    assert headline.headline.question.text == "How satisfied are you?"
    assert sum(option.count for option in headline.headline.options) <= 20 and headline.headline.answered == 20


def test_the_csv_export_streams_one_row_per_response_and_one_column_per_option(client, make_user, answered):
    client.force_login(make_user("manager", role=MANAGERS))
    response = client.get(reverse("surveys:export", kwargs={"slug": answered.slug}))
    assert isinstance(response, StreamingHttpResponse)
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(b"".join(response.streaming_content).decode())))
    header, body = rows[0], rows[1:]
    assert header[3:7] == ["How old are you?", "Why do you come?: Shopping", "Why do you come?: Cafés", "Why do you come?: Events"]
    assert len(body) == 5
    assert [int(row[0]) for row in body] == sorted(int(row[0]) for row in body)  # by the random id, not in submission order
    first = next(dict(zip(header, row)) for row in body if "A skate park" in row)
    assert first["How old are you?"] == "Under 30" and first["Why do you come?: Cafés"] == "1" and first["Why do you come?: Events"] == "0"
    assert first["How satisfied are you?"] == "4.00" and first["What would young people like?"] == "A skate park"


def test_the_summary_csv_has_a_row_per_option(client, make_user, answered):
    client.force_login(make_user("mayor", role=MANAGERS))
    content = client.get(reverse("surveys:summary-export", kwargs={"slug": answered.slug})).content.decode()
    rows = list(csv.reader(io.StringIO(content)))
    assert ["Why do you come?", "multiple choice", "Cafés", "3", "75.0", "4", "5"] in rows
    assert ["How much do you spend?", "number", "mean", "20.0", "", "3", "5"] in rows


def test_a_scale_value_is_written_in_the_reader_s_digits():
    from django.utils import translation

    from core.translated import Shown
    from surveys.models import scale_label

    with translation.override("fa"):
        assert scale_label(5, Shown("بسیار مهم", "fa")) == "۵ – بسیار مهم"
        assert scale_label(10, "") == "۱۰"
