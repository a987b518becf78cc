"""The figures of a survey's results, counted in the database and kept in the cache together with
the fingerprint of the responses they count (their number and the sum of their random ids): a read
asks the fingerprint (one indexed query) and counts everything again only when it changed.

Responses carry no order (random ids, the hour only), so there is no "responses since the last
count" to add up: any new or deleted response makes the next read count every answer again, in
one snapshot (bench/README.md measures what that costs).
"""
import hashlib
from contextlib import contextmanager
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Window
from django.db.models.functions import RowNumber

from surveys.models import Answer, Question, Response

TEXTS_PER_QUESTION = 25
RESULTS_CACHE_SECONDS = 60 * 60 * 24
# A number question's answers are kept as counts per distinct value (exact median from them) up to
# this many values; beyond, its median is asked from the database.
DISTINCT_NUMBERS_KEPT = 1_000
FIGURES_VERSION = 3  # part of the cache key: move it on when Figures change shape


@dataclass
class Figures:
    """What the database counts over a set of responses, as plain numbers (kept in the cache)."""

    respondents: int = 0
    shown: dict = field(default_factory=dict)  # {conditional question id: respondents who were shown it}
    answered: dict = field(default_factory=dict)  # {question id: respondents who answered it}
    value_counts: dict = field(default_factory=dict)  # {question id: {choice id, ("n", value) or None (other): n}}
    stats: dict = field(default_factory=dict)  # {question id: (count, sum, minimum, maximum)} of numbers
    medians: dict = field(default_factory=dict)  # {question id: median} of number questions with too many values
    text_counts: dict = field(default_factory=dict)
    latest_texts: dict = field(default_factory=dict)  # {question id: [(answer id, text), ...]} latest hour first


@contextmanager
def _one_snapshot():
    """A transaction in which every query sees the same responses (REPEATABLE READ on PostgreSQL;
    SQLite's transactions see one state anyway), so that the figures count exactly the responses
    the fingerprint stored with them names while others keep arriving. Inside a caller's
    transaction, that one is used. Yields whether a new snapshot was taken."""
    if connection.in_atomic_block:
        yield False
        return
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield True


def survey_figures(survey, questions, condition, filter_value, with_texts, search):
    """The figures over every response (those the filter selects), and the number of all responses.

    Kept in the cache with the fingerprint of the survey's responses: unchanged, the cached figures
    are the answer (one query); changed, everything is counted again in one snapshot with the
    fingerprint it counts. Two readers counting at once each store figures with the fingerprint of
    exactly the responses they counted, so a stale pair is recounted by the next read, never shown
    as current.
    """
    key = figures_cache_key(survey, questions, filter_value, with_texts, search)
    cached = cache.get(key)
    fingerprint = None
    if cached is not None:  # nothing cached: no fingerprint to compare, straight to counting
        fingerprint = Response.objects.filter(survey=survey).fingerprint()
        if cached[0] == fingerprint:
            return cached[1], fingerprint[0]
    with _one_snapshot() as taken:
        if fingerprint is None or taken:
            fingerprint = Response.objects.filter(survey=survey).fingerprint()
        figures = _Counter(survey, questions, condition, with_texts, search).count_all()
    cache.set(key, (fingerprint, figures), RESULTS_CACHE_SECONDS)
    return figures, fingerprint[0]


def figures_cache_key(survey, questions, filter_value, with_texts, search):
    """One entry per survey, questionnaire shape, filter and search (not per state of the responses:
    the entry says which responses it counts)."""
    shape = [(q.pk, q.kind, q.show_if_question_id, *(c.pk for c in q.show_if_choices.all())) for q in questions]
    key_source = repr((FIGURES_VERSION, survey.pk, filter_value, with_texts, search, shape))
    return f"surveys:results:{survey.pk}:{hashlib.sha256(key_source.encode()).hexdigest()}"


class _Counter:
    """Counts the figures of one survey, filter, search and questionnaire."""

    def __init__(self, survey, questions, condition, with_texts, search):
        self.survey, self.questions, self.with_texts, self.search = survey, questions, with_texts, search
        self.responses = Response.objects.filter(survey=survey)
        if condition is not None:
            self.responses = self.responses.filter(Exists(Answer.objects.filter(condition, response=OuterRef("pk"))))

    def count_all(self):
        """Every answer counted (inside the caller's snapshot)."""
        figures = _count_figures(self.responses, self.questions, self.with_texts, self.search)
        return self.with_medians(figures)

    def with_medians(self, figures):
        """Number questions with more distinct values than are kept: their counts per value go, and
        their median is asked from the database."""
        for question in self.questions:
            values = figures.value_counts.get(question.pk, ())
            if question.kind == Question.Kind.NUMBER and len(values) > DISTINCT_NUMBERS_KEPT:
                del figures.value_counts[question.pk]
                figures.medians[question.pk] = None
        if figures.medians:
            answers = Answer.objects.filter(response__in=self.responses.values("pk"))
            for question_id in figures.medians:
                count = figures.stats[question_id][0]
                figures.medians[question_id] = _asked_median(answers.filter(question_id=question_id), count)
        return figures


def _asked_median(answers, count):
    """The middle number (the mean of the two middle ones for an even count), through the answers'
    (question, number) index."""
    numbers = answers.exclude(number=None).order_by("number").values_list("number", flat=True)
    middle = list(numbers[(count - 1) // 2 : count // 2 + 1])
    return float(sum(middle) / len(middle)) if middle else None


def _count_figures(responses, questions, with_texts, search):
    """The figures of `responses` (a queryset), in three queries (five with the free texts)."""
    answers = Answer.objects.filter(response__in=responses.values("pk"))
    answered = answers.values("question_id").annotate(n=Count("response_id", distinct=True)).order_by()
    answered = {row["question_id"]: row["n"] for row in answered}
    counts = value_counts(answers)
    respondents, shown = _shown_counts(responses, questions)
    text_counts, latest_texts = _texts(answers, search) if with_texts else ({}, {})
    return Figures(respondents, shown, answered, counts, _numeric_stats(counts), {}, text_counts, latest_texts)


def _shown_counts(responses, questions):
    """Respondents in the set, and who of them were shown each conditional question."""
    aggregates = {"total": Count("pk")}
    for question in questions:
        if question.show_if_question_id:
            saw = Answer.objects.filter(
                response=OuterRef("pk"),
                question_id=question.show_if_question_id,
                choice__in=[choice.pk for choice in question.show_if_choices.all()],
            )
            aggregates[f"q{question.pk}"] = Count("pk", filter=Q(Exists(saw)))
    counts = responses.aggregate(**aggregates)
    return counts.pop("total"), {int(key[1:]): value for key, value in counts.items()}


def value_counts(answers):
    """{question id: {choice id or ("n", value) or None (other): count}} of choice and numeric
    questions, in one GROUP BY: the options' counts, and the distribution numbers' figures come from."""
    rows = (
        answers.filter(question__kind__in=[*Question.CHOICE_KINDS, *Question.NUMERIC_KINDS])
        .values("question_id", "choice_id", "number")
        .annotate(n=Count("pk"))
        .order_by()
    )
    counts = {}
    for row in rows:
        key = row["choice_id"] if row["number"] is None else ("n", row["number"])
        counts.setdefault(row["question_id"], {})[key] = row["n"]
    return counts


def _numeric_stats(counts_by_question):
    """{question id: (count, sum, minimum, maximum)} of the numbers, from their distribution."""
    stats = {}
    for question_id, counts in counts_by_question.items():
        numbers = [(key[1], n) for key, n in counts.items() if isinstance(key, tuple)]
        if numbers:
            values = [value for value, _n in numbers]
            count, total = sum(n for _value, n in numbers), sum(value * n for value, n in numbers)
            stats[question_id] = (count, total, min(values), max(values))
    return stats


def _texts(answers, search):
    """({question id: number of texts}, {question id: [(answer id, text), ...] the latest, those
    of the latest hour first}) of the free-text answers. Within an hour the order is the random
    ids': responses keep no finer time."""
    texts = answers.exclude(text="")
    if search:
        texts = texts.filter(text__icontains=search)
    counts = dict(texts.values("question_id").annotate(n=Count("pk")).order_by().values_list("question_id", "n"))
    latest_first = [F("response__submitted_at").desc(), F("pk").desc()]
    ranked = (
        texts.annotate(rank=Window(RowNumber(), partition_by=F("question_id"), order_by=latest_first))
        .filter(rank__lte=TEXTS_PER_QUESTION)
        .order_by("question_id", "rank")
        .values_list("question_id", "pk", "text")
    )
    by_question = {}
    for question_id, answer_id, text in ranked:
        by_question.setdefault(question_id, []).append((answer_id, text))
    return counts, by_question
