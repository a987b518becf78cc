"""The figures of a survey's results as running counts: counted once in the database, kept in the
cache with a note of exactly which responses they count, and brought up to date by counting only
the answers of the responses that came since (see `survey_figures`).

Counting every answer costs time in proportion to the responses (seconds at 100,000 of them); the
first read after a new response costs in proportion to the new responses instead, and adds nothing
to the submission itself (no counter rows that concurrent submitters would queue on).
"""
import hashlib
import re
from contextlib import contextmanager
from dataclasses import dataclass, field, replace

from django.core.cache import cache
from django.db import connection, transaction
from django.db.models import Count, Exists, F, Max, OuterRef, Q, Sum, Window
from django.db.models.functions import RowNumber

from surveys.models import Answer, Question, Response

TEXTS_PER_QUESTION = 25
RESULTS_CACHE_SECONDS = 60 * 60 * 24
# The newest counted responses are remembered by id. A submission that commits after others with
# higher ids (concurrent submitters) is still found as new while fewer than this many of the
# survey's responses commit before it; a later one is noticed by the check and everything recounted.
TAIL_IDS = 256
# More new responses than this since the last read: count everything again (keeps the id list short).
MAX_NEW_RESPONSES = 10_000
# A number question's answers are kept as counts per distinct value (exact median, and the counts
# add up) up to this many values; beyond, its median is asked from the database when responses are added.
DISTINCT_NUMBERS_KEPT = 1_000
FIGURES_VERSION = 2  # part of the cache key: move it on when Figures or Coverage change shape


def _added(first, second):
    return {key: first.get(key, 0) + second.get(key, 0) for key in first.keys() | second.keys()}


@dataclass
class Figures:
    """What the database counts over a set of responses, as plain numbers (kept in the cache).

    Everything but `medians` is a sum over the responses (or a minimum or maximum), so the figures
    of the responses counted before plus those of the new ones are the figures of all of them.
    """

    respondents: int = 0
    shown: dict = field(default_factory=dict)  # {conditional question id: respondents who were shown it}
    answered: dict = field(default_factory=dict)  # {question id: respondents who answered it}
    value_counts: dict = field(default_factory=dict)  # {question id: {choice id, ("n", value) or None (other): n}}
    stats: dict = field(default_factory=dict)  # {question id: (count, sum, minimum, maximum)} of numbers
    medians: dict = field(default_factory=dict)  # {question id: median} of number questions with too many values
    text_counts: dict = field(default_factory=dict)
    latest_texts: dict = field(default_factory=dict)  # {question id: [(answer id, text), ...]} newest first

    def __add__(self, other):
        stats = {
            key: _combined_stats(self.stats.get(key), other.stats.get(key))
            for key in self.stats.keys() | other.stats.keys()
        }
        values = {
            key: _added(self.value_counts.get(key, {}), other.value_counts.get(key, {}))
            for key in self.value_counts.keys() | other.value_counts.keys()
            if key not in self.medians  # its counts per value were dropped; the median is asked again
        }
        texts = {
            key: sorted(self.latest_texts.get(key, []) + other.latest_texts.get(key, []), reverse=True)
            for key in self.latest_texts.keys() | other.latest_texts.keys()
        }
        return Figures(
            self.respondents + other.respondents,
            _added(self.shown, other.shown),
            _added(self.answered, other.answered),
            values,
            stats,
            dict.fromkeys(self.medians),
            _added(self.text_counts, other.text_counts),
            {key: latest[:TEXTS_PER_QUESTION] for key, latest in texts.items()},
        )


def _combined_stats(first, second):
    if first is None or second is None:
        return first or second
    return (first[0] + second[0], first[1] + second[1], min(first[2], second[2]), max(first[3], second[3]))


@dataclass(frozen=True)
class Coverage:
    """Which of the survey's responses a set of figures counts: every response with an id up to
    `horizon` (their number and the sum of their ids are kept, to notice one deleted or committed
    late), and the newer ones, listed by id in `tail`."""

    horizon: int = 0
    count_below: int = 0
    sum_below: int = 0
    tail: tuple = ()

    @classmethod
    def of_all(cls, state, newest):
        """Every response of `state`; `newest` are the highest ids among them (all, if fewer than TAIL_IDS)."""
        tail = tuple(sorted(newest))
        if len(tail) < TAIL_IDS:
            return cls(tail=tail)
        return cls(tail[0] - 1, state["count"] - len(tail), state["id_sum"] - sum(tail), tail)

    @property
    def total(self):
        return self.count_below + len(self.tail)

    def below_unchanged(self, state):
        return (state["count_below"], state["sum_below"]) == (self.count_below, self.sum_below)

    def counts_exactly(self, state):
        above = (state["count"] - state["count_below"], state["id_sum"] - state["sum_below"], state["last"])
        return self.below_unchanged(state) and above == (len(self.tail), sum(self.tail), max(self.tail, default=0))

    def extended(self, above):
        """Also every response in `above`: all of the survey's ids over the horizon, tail included."""
        moved = above[: max(len(above) - TAIL_IDS, 0)]
        if not moved:
            return replace(self, tail=tuple(above))
        below = (self.count_below + len(moved), self.sum_below + sum(moved))
        return Coverage(moved[-1], *below, tuple(above[len(moved):]))


def _response_state(survey, horizon):
    """The survey's responses in one query: their number, latest id and id sum, in all and up to `horizon`."""
    below = Q(pk__lte=horizon)
    state = Response.objects.filter(survey=survey).aggregate(
        count=Count("pk"), last=Max("pk"), id_sum=Sum("pk"), count_below=Count("pk", filter=below),
        sum_below=Sum("pk", filter=below),
    )
    return {key: int(value or 0) for key, value in state.items()}


@contextmanager
def _one_snapshot():
    """A transaction in which every query sees the same responses (REPEATABLE READ), so that
    counting everything counts exactly the responses the coverage names while others keep
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

    Counting every answer costs time in proportion to the responses (seconds at 100,000 of them), so
    the figures are kept in the cache with their `Coverage`. A read first asks the responses' state
    (one query): unchanged, the cached figures are the answer; if responses were only added, only
    the new ones' answers are counted and added; after a deletion (or anything else the state does
    not explain) everything is counted again. Answers are never changed after their response is
    stored (a submission is one transaction), which is what makes the sums hold. Two readers may
    bring the figures up to date at once: each stores figures together with the exact responses
    they count, as one value, so whichever writes last, nothing is counted twice or left out.
    """
    if search:
        return _searched(survey, questions, condition, filter_value, with_texts, search)
    key = figures_cache_key(survey, questions, filter_value, with_texts)
    cached = cache.get(key)
    counter = _Counter(survey, questions, condition, with_texts)
    added = state = None
    if cached is not None:  # nothing cached: no state to compare, straight to counting everything
        figures, coverage = cached
        state = _response_state(survey, coverage.horizon)
        if coverage.counts_exactly(state):
            return figures, coverage.total
        added = counter.add_new(figures, coverage, state)
    if added is None:
        with _one_snapshot() as taken:
            added = counter.count_all(state if state is not None and not taken else _response_state(survey, 0))
    figures, coverage = added
    cache.set(key, added, RESULTS_CACHE_SECONDS)
    return figures, coverage.total


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

    def count_all(self, state):
        """Every answer counted, in one snapshot with `state`."""
        newest = Response.objects.filter(survey=self.survey).order_by("-pk").values_list("pk", flat=True)[:TAIL_IDS]
        coverage = Coverage.of_all(state, list(newest))
        figures = _count_figures(self.responses, self.questions, self.with_texts)
        return self.with_medians(figures, coverage), coverage

    def add_new(self, figures, coverage, state):
        """The figures with the new responses' added, or None when responses went (or one came too
        late, or too many came) and everything must be counted again.

        No snapshot is needed: the new responses are named by id, and each came with all its answers.
        A response that commits below the horizon or is deleted meanwhile is noticed by the next read.
        """
        new_count = state["count"] - state["count_below"] - len(coverage.tail)
        if not coverage.below_unchanged(state) or new_count > MAX_NEW_RESPONSES:
            return None
        above = Response.objects.filter(survey=self.survey, pk__gt=coverage.horizon).order_by("pk")
        above = list(above.values_list("pk", flat=True))
        new = sorted(set(above) - set(coverage.tail))
        if len(above) - len(new) != len(coverage.tail) or len(new) > MAX_NEW_RESPONSES:
            return None  # one of the tail was deleted
        coverage = coverage.extended(above)
        if new:
            delta = _count_figures(self.responses.filter(pk__in=new), self.questions, self.with_texts)
            figures = self.with_medians(figures + delta, coverage)
        return figures, coverage

    def with_medians(self, figures, coverage):
        """Number questions with more distinct values than are kept: their counts per value go, and
        their median (the one figure that is no sum) is asked from the database, over the responses
        the coverage names."""
        for question in self.questions:
            values = figures.value_counts.get(question.pk, ())
            if question.kind == Question.Kind.NUMBER and len(values) > DISTINCT_NUMBERS_KEPT:
                del figures.value_counts[question.pk]
                figures.medians[question.pk] = None
        if figures.medians:
            counted = self.responses.filter(Q(pk__lte=coverage.horizon) | Q(pk__in=coverage.tail))
            answers = Answer.objects.filter(response__in=counted.values("pk"))
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
    """({question id: number of texts}, {question id: [(answer id, text), ...] the latest, newest
    first}) of the free-text answers."""
    texts = answers.exclude(text="")
    if search:
        texts = texts.filter(text__icontains=search)
    counts = dict(texts.values("question_id").annotate(n=Count("pk")).order_by().values_list("question_id", "n"))
    ranked = (
        texts.annotate(rank=Window(RowNumber(), partition_by=F("question_id"), order_by=F("pk").desc()))
        .filter(rank__lte=TEXTS_PER_QUESTION)
        .values_list("question_id", "pk", "text")
    )
    by_question = {}
    for question_id, answer_id, text in ranked:
        by_question.setdefault(question_id, []).append((answer_id, text))
    return counts, {question_id: sorted(texts, reverse=True) for question_id, texts in by_question.items()}
