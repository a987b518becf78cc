"""The figures of a survey's results, counted in the database and kept in the cache in two parts:
the responses of the hours before this one (settled: only a submission in flight at the turn of
the hour can still add to them) and those of this hour. Each part is kept with the fingerprint of the responses it
counts (their number and the sum of their random ids). A read asks both fingerprints (one query);
after new responses only this hour's part is counted again, so the cost of a read follows the
responses of the hour, not all of them. Any change to the settled part (a deletion, a submission
that committed just after the hour turned) and the hour moving on count the settled part again.

Responses carry no order but their hour (random ids, no exact time), so the hour is what splits
old from new: there is no "responses since the last count" finer than that.
"""
import datetime
import hashlib
import re
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, Exists, F, OuterRef, Q, Sum, Window
from django.db.models.functions import RowNumber

from surveys.models import Answer, Question, Response, submission_hour

TEXTS_PER_QUESTION = 25
RESULTS_CACHE_SECONDS = 60 * 60 * 24
# A number question's answers are kept as counts per distinct value (exact median from them) up to
# this many values; beyond, its median is asked from the database.
DISTINCT_NUMBERS_KEPT = 1_000
FIGURES_VERSION = 4  # part of the cache key: move it on when Figures or Counted change shape


def _added(first, second):
    return {key: first.get(key, 0) + second.get(key, 0) for key in first.keys() | second.keys()}


@dataclass
class Figures:
    """What the database counts over a set of responses, as plain numbers (kept in the cache).

    Everything but `medians` is a sum over the responses (or a minimum or maximum), so the figures
    of the settled responses plus those of the recent ones are the figures of all of them.
    """

    respondents: int = 0
    shown: dict = field(default_factory=dict)  # {conditional question id: respondents who were shown it}
    answered: dict = field(default_factory=dict)  # {question id: respondents who answered it}
    value_counts: dict = field(default_factory=dict)  # {question id: {choice id, ("n", value) or None (other): n}}
    stats: dict = field(default_factory=dict)  # {question id: (count, sum, minimum, maximum)} of numbers
    medians: dict = field(default_factory=dict)  # {question id: median} of number questions with too many values
    text_counts: dict = field(default_factory=dict)
    latest_texts: dict = field(default_factory=dict)  # {question id: [(answer id, text), ...]} latest hour first

    def __add__(self, later):
        """These figures and those of `later` responses (all of a later hour) together."""
        medians = dict.fromkeys(self.medians.keys() | later.medians.keys())
        stats = {
            key: _combined_stats(self.stats.get(key), later.stats.get(key))
            for key in self.stats.keys() | later.stats.keys()
        }
        values = {
            key: _added(self.value_counts.get(key, {}), later.value_counts.get(key, {}))
            for key in self.value_counts.keys() | later.value_counts.keys()
            if key not in medians  # its counts per value were dropped; the median is asked again
        }
        texts = {
            key: (later.latest_texts.get(key, []) + self.latest_texts.get(key, []))[:TEXTS_PER_QUESTION]
            for key in self.latest_texts.keys() | later.latest_texts.keys()
        }
        return Figures(
            self.respondents + later.respondents, _added(self.shown, later.shown), _added(self.answered, later.answered),
            values, stats, medians, _added(self.text_counts, later.text_counts), texts,
        )


def _combined_stats(first, second):
    if first is None or second is None:
        return first or second
    return (first[0] + second[0], first[1] + second[1], min(first[2], second[2]), max(first[3], second[3]))


@dataclass(frozen=True)
class Counted:
    """What the cache keeps: the figures of both parts, each with the fingerprint of the responses
    it counts, the hour that divides them, and their sum (what a read returns)."""

    settled_before: datetime.datetime
    settled: tuple
    settled_figures: Figures
    recent: tuple
    figures: Figures


def _response_state(survey, settled_before):
    """The fingerprints (count, id sum) of the survey's settled and recent responses, in one query."""
    settled = Q(submitted_at__lt=settled_before)
    state = Response.objects.filter(survey=survey).aggregate(
        settled_count=Count("pk", filter=settled), settled_ids=Sum("pk", filter=settled),
        recent_count=Count("pk", filter=~settled), recent_ids=Sum("pk", filter=~settled),
    )
    state = {key: int(value or 0) for key, value in state.items()}
    return (state["settled_count"], state["settled_ids"]), (state["recent_count"], state["recent_ids"])


@contextmanager
def _one_snapshot():
    """A transaction in which every query sees the same responses (REPEATABLE READ), so that the
    figures count exactly the responses the fingerprints stored with them name while others keep
    arriving. Inside a caller's transaction, that one is used. Yields whether a new snapshot was
    taken."""
    if connection.in_atomic_block:
        yield False
        return
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ")
        yield True


def survey_figures(survey, questions, condition, filter_value, with_texts, search):
    """The figures over every response (those the filter selects), and the number of all responses.

    A read asks the fingerprints of the settled and this hour's responses (one query): unchanged,
    the cached figures are the answer. Otherwise, in one snapshot, this hour's responses are counted
    again, and the settled ones too unless their part is cached under the same hour and
    fingerprint. Answers never change after their response is stored, which is what makes the
    sums hold. Two readers counting at once each store figures with the fingerprints of exactly
    the responses they counted, so whichever writes last, the next read sees what is missing.
    """
    if search:
        return _searched(survey, questions, condition, filter_value, with_texts, search)
    key = figures_cache_key(survey, questions, filter_value, with_texts)
    cached = cache.get(key)
    settled_before = submission_hour()
    state = None
    if cached is not None and cached.settled_before == settled_before:  # else nothing to compare with
        state = _response_state(survey, settled_before)
        if state == (cached.settled, cached.recent):
            return cached.figures, cached.settled[0] + cached.recent[0]
    with _one_snapshot() as taken:
        if state is None or taken:
            state = _response_state(survey, settled_before)
        counter = _Counter(survey, questions, condition, with_texts)
        if cached is not None and (cached.settled_before, cached.settled) == (settled_before, state[0]):
            settled_figures = cached.settled_figures
        else:
            settled_figures = counter.count(Q(submitted_at__lt=settled_before))
        figures = counter.with_medians(settled_figures + counter.count(Q(submitted_at__gte=settled_before)))
    cache.set(key, Counted(settled_before, state[0], settled_figures, state[1], figures), RESULTS_CACHE_SECONDS)
    return figures, state[0][0] + state[1][0]


def _searched(survey, questions, condition, filter_value, with_texts, search):
    """The figures with only the free texts that contain `search`. Anyone can type a search, so it
    is never part of a cache key: the counts are those kept without it, and the texts are searched
    every time."""
    figures, total = survey_figures(survey, questions, condition, filter_value, with_texts, "")
    if with_texts:
        responses = _Counter(survey, questions, condition, with_texts).responses
        text_counts, latest_texts = _texts(Answer.objects.filter(response__in=responses.values("pk")), search)
        figures = replace(figures, text_counts=text_counts, latest_texts=latest_texts)
    return figures, total


def figures_cache_key(survey, questions, filter_value, with_texts):
    """One entry per survey, questionnaire shape, filter (one of the questionnaire's own options)
    and whether free texts are counted: a bounded number, whatever visitors ask for (not per state
    of the responses either: the entry says which responses it counts)."""
    shape = [(q.pk, q.kind, q.show_if_question_id, *(c.pk for c in q.show_if_choices.all())) for q in questions]
    # The filter is one of the questionnaire's options; its numbers are read as numbers ("c012" is
    # "c12"), so one option is one entry however it is written.
    filter_value = re.sub(r"\d+", lambda digits: str(int(digits.group())), filter_value)
    key_source = repr((FIGURES_VERSION, survey.pk, filter_value, with_texts, shape))
    return f"surveys:results:{survey.pk}:{hashlib.sha256(key_source.encode()).hexdigest()}"


class _Counter:
    """Counts the figures of one survey, filter and questionnaire."""

    def __init__(self, survey, questions, condition, with_texts):
        self.survey, self.questions, self.with_texts = survey, questions, with_texts
        self.responses = Response.objects.filter(survey=survey)
        if condition is not None:
            self.responses = self.responses.filter(Exists(Answer.objects.filter(condition, response=OuterRef("pk"))))

    def count(self, hours):
        """The figures of the responses of `hours` (a condition on their time)."""
        return self._trimmed(_count_figures(self.responses.filter(hours), self.questions, self.with_texts))

    def _trimmed(self, figures):
        """Number questions with more distinct values than are kept lose their counts per value and
        are marked for a median asked from the database (the one figure that is no sum)."""
        for question in self.questions:
            values = figures.value_counts.get(question.pk, ())
            if question.kind == Question.Kind.NUMBER and len(values) > DISTINCT_NUMBERS_KEPT:
                del figures.value_counts[question.pk]
                figures.medians[question.pk] = None
        return figures

    def with_medians(self, figures):
        """The medians marked, asked from the database over every response."""
        figures = self._trimmed(figures)
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


def _count_figures(responses, questions, with_texts):
    """The figures of `responses` (a queryset), in three queries (five with the free texts)."""
    answers = Answer.objects.filter(response__in=responses.values("pk"))
    answered = answers.values("question_id").annotate(n=Count("response_id", distinct=True)).order_by()
    answered = {row["question_id"]: row["n"] for row in answered}
    counts = value_counts(answers)
    respondents, shown = _shown_counts(responses, questions)
    text_counts, latest_texts = _texts(answers) if with_texts else ({}, {})
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


def _texts(answers, search=""):
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
