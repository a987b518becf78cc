"""Survey results, computed in the database with a fixed number of queries however many responses
there are: counts per option (multiple choice counted per option, respondents as the base),
distribution, mean and median of scales, numeric summaries, free text, a cross-tabulation filter
and the change since the previous wave.

The figures themselves are running counts kept in the cache (surveys.figures): a read after new
responses counts only the answers of the new ones.

Small groups: the public never sees figures of fewer residents than PORTAL_MIN_GROUP_SIZE (the
whole survey, the residents a filter selects, those shown a follow-up question), nor written
answers of a filtered group; staff see them with a warning (`survey_results(for_public=...)`).
"""
from dataclasses import dataclass, field
from decimal import Decimal
from typing import NamedTuple

from django.conf import settings
from django.db.models import Count, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.utils.translation import gettext as _

from core.translated import shown
from surveys.figures import survey_figures, value_counts
from surveys.models import Answer, Question


@dataclass
class OptionRow:
    label: str
    count: int
    percent: float | None
    key: object = None  # choice id, scale value, or None for "other"
    change: float | None = None
    previous_percent: float | None = None


class NetPromoter(NamedTuple):
    """The promoter (9–10) / passive (7–8) / detractor (0–6) split of a 0–10 rating's answers, and
    its score: the share of promoters less the share of detractors, from −100 to +100 (points, not
    per cent)."""

    promoters: int
    passives: int
    detractors: int
    answered: int

    @property
    def promoter_share(self):
        return _percent(self.promoters, self.answered)

    @property
    def passive_share(self):
        return _percent(self.passives, self.answered)

    @property
    def detractor_share(self):
        return _percent(self.detractors, self.answered)

    @property
    def score(self):
        return round(100 * (self.promoters - self.detractors) / self.answered, 1)

    @property
    def score_places(self):
        """The decimal places the score is shown with: none when it is whole ("+15", "−37.5")."""
        return 0 if self.score == int(self.score) else 1

    def groups(self):
        """(label, residents, share) of promoters, passives and detractors, in that order."""
        return [
            (_("promoters (9–10)"), self.promoters, self.promoter_share),
            (_("passives (7–8)"), self.passives, self.passive_share),
            (_("detractors (0–6)"), self.detractors, self.detractor_share),
        ]


PROMOTERS_FROM, PASSIVES_FROM = 9, 7


def net_promoter(question, options):
    """The NetPromoter of a 0–10 rating question from its option rows (OptionRow, keyed ("n", value)),
    or None: another kind of question, or nobody answered it."""
    if question.kind != Question.Kind.RATING:
        return None
    groups = {"promoters": 0, "passives": 0, "detractors": 0}
    for option in options:
        value = option.key[1]
        group = "promoters" if value >= PROMOTERS_FROM else "passives" if value >= PASSIVES_FROM else "detractors"
        groups[group] += option.count
    answered = sum(groups.values())
    return NetPromoter(**groups, answered=answered) if answered else None


@dataclass
class QuestionResult:
    question: Question
    shown: int  # respondents who were shown the question (all, unless it is conditional)
    answered: int
    options: list = field(default_factory=list)
    mean: float | None = None
    median: float | None = None
    minimum: Decimal | None = None
    maximum: Decimal | None = None
    mean_change: float | None = None
    net_promoter_change: float | None = None  # of the score, in points, since the previous wave
    texts: list = field(default_factory=list)
    text_count: int = 0
    withheld: bool = False  # its figures were taken out: shown to a group too small for the public

    @property
    def small_group(self):
        """Only a few residents were shown the question (a follow-up to certain answers)."""
        return self.question.is_conditional and is_small_group(self.shown)

    @property
    def net_promoter(self):
        """The promoter / passive / detractor split of a 0–10 rating (None for other questions)."""
        return net_promoter(self.question, self.options)

    def withhold(self):
        self.options, self.texts, self.text_count, self.withheld = [], [], 0, True
        self.mean = self.median = self.minimum = self.maximum = self.mean_change = self.net_promoter_change = None

    @property
    def kind(self):
        return self.question.kind

    @property
    def has_options(self):
        return bool(self.options)

    @property
    def has_summary(self):
        return self.question.kind in Question.NUMERIC_KINDS and self.question.kind != Question.Kind.YES_NO

    @property
    def skipped(self):
        return max(self.shown - self.answered, 0)

    def chart(self):
        return {
            "id": self.question.pk,
            "horizontal": self.question.is_choice,
            "labels": [option.label for option in self.options],
            "values": [option.count for option in self.options],
        }


@dataclass
class SurveyResults:
    survey: object
    respondents: int
    total_respondents: int
    questions: list
    filter_label: str = ""
    previous_wave: object = None
    withheld: bool = False  # every figure taken out: the group is too small for the public
    texts_withheld: bool = False  # written answers left out: never shown filtered to the public
    splits_off: bool = False  # withheld: the filter's question splits off a small group (splits_off_a_small_group)
    for_public: bool = False

    @property
    def everybody_small(self):
        return is_small_group(self.total_respondents)

    @property
    def minimum_group(self):
        return minimum_group_size()

    @property
    def small_group(self):
        """The residents shown (everybody, or those the filter selects) are too few to publish."""
        return is_small_group(self.respondents)

    def charts(self):
        return [result.chart() for result in self.questions if result.options]

    def withhold_small_groups(self):
        """What the public may see: nothing of a small group, and no follow-up question shown to one."""
        if self.small_group:
            self.questions, self.previous_wave, self.withheld = [], None, True
            return
        for result in self.questions:
            if result.small_group:
                result.withhold()


def minimum_group_size():
    return settings.PORTAL_MIN_GROUP_SIZE


def is_small_group(residents):
    """Fewer residents than the public may see figures of (an empty group counts as small too)."""
    return residents < minimum_group_size()


class Selection(NamedTuple):
    """The residents a filter selects: those whose answer to `question` is `key` (a choice id,
    ("n", value), or None: the "other" of a single choice)."""

    condition: Q
    label: str
    question: Question
    key: object


# An "other" answer of a single choice: a text with no choice (surveys.services._answer_rows).
OTHER_ANSWER = Q(choice__isnull=True, number__isnull=True) & ~Q(text="")


def parse_filter(survey_questions, value):
    """"c<choice id>", "n<question id>:<value>" or "o<question id>" (its "other") -> the Selection, or None."""
    if not value:
        return None
    questions = {question.pk: question for question in survey_questions}
    if value.startswith("o") and value[1:].isdigit():
        question = questions.get(int(value[1:]))
        if question is not None and offers_other(question):
            return Selection(Q(question=question) & OTHER_ANSWER, f"{shown(question, 'text')}: {_('Other')}", question, None)
        return None
    if value.startswith("c") and value[1:].isdigit():
        for question in questions.values():
            for choice in question.choices.all():
                if choice.pk == int(value[1:]):
                    return Selection(Q(question=question, choice=choice), f"{shown(question, 'text')}: {shown(choice, 'text')}", question, choice.pk)
    if value.startswith("n") and ":" in value:
        question_id, _sep, number = value[1:].partition(":")
        question = questions.get(int(question_id)) if question_id.isdigit() else None
        labels = dict(question.scale_values()) if question and question.kind in Question.SCALE_KINDS else {}
        if number.isdigit() and int(number) in labels:
            label = f"{shown(question, 'text')}: {labels[int(number)]}"
            return Selection(Q(question=question, number=int(number)), label, question, ("n", Decimal(number)))
    return None


def splits_off_a_small_group(figures, selection):
    """Whether a filter's question splits everybody (`figures` of all responses) into a small group
    that the public could work out by difference even where each filter's own group is large enough:
    everybody minus the other answers' groups of a single-choice or scale question is the small one,
    and everybody minus those who chose an option of a multiple-choice question is those who did not."""
    counts = figures.value_counts.get(selection.question.pk, {})
    if selection.question.kind == Question.Kind.MULTIPLE:
        chosen = counts.get(selection.key, 0)
        groups = [chosen, figures.respondents - chosen]
    else:
        # "Other" is a group of its own: it can be filtered by too, so the rest is those who did not answer.
        answers = list(counts.values())
        groups = [*answers, figures.respondents - sum(answers)]
    return any(group and is_small_group(group) for group in groups)


def filter_options(survey_questions):
    """[(question text, [(value, label), ...])] for the cross-tabulation select."""
    groups = []
    for question in survey_questions:
        if question.is_choice:
            options = [(f"c{choice.pk}", shown(choice, "text")) for choice in question.choices.all()]
            if offers_other(question):
                options.append((f"o{question.pk}", _("Other")))
            groups.append((shown(question, "text"), options))
        elif question.kind in Question.SCALE_KINDS:
            groups.append((shown(question, "text"), [(f"n{question.pk}:{value}", label) for value, label in question.scale_values()]))
    return groups


def survey_results(survey, *, filter_value="", with_texts=False, search="", compare=True, questions=None, for_public=False):
    """The survey's figures (over the residents the filter selects). `for_public`: as the public
    may see them: small groups withheld, no written answers of a filtered group, no comparison with
    a previous wave whose results are not public."""
    questions = questions if questions is not None else list(survey.questions.for_form())
    selection = parse_filter(questions, filter_value)
    if selection is None:
        condition, filter_label, filter_value = None, "", ""
    else:
        condition, filter_label = selection.condition, selection.label
    if for_public and selection is not None:
        refused = _refused_filter(survey, questions, selection, with_texts)
        if refused is not None:
            return refused
    texts_withheld = with_texts and for_public and condition is not None
    with_texts = with_texts and not texts_withheld
    figures, everyone = survey_figures(survey, questions, condition, filter_value, with_texts, search)
    results = []
    for question in questions:
        result = QuestionResult(
            question, figures.shown.get(question.pk, figures.respondents), figures.answered.get(question.pk, 0)
        )
        _fill_options(result, figures.value_counts.get(question.pk, {}))
        _fill_stats(result, figures)
        results.append(result)
    if with_texts:
        _fill_texts(results, figures)
    outcome = SurveyResults(
        survey, figures.respondents, everyone, results, filter_label, texts_withheld=texts_withheld, for_public=for_public
    )
    if compare and survey.previous_wave_id and condition is None:
        _compare_with_previous_wave(outcome, for_public)
    if for_public:
        outcome.withhold_small_groups()
    return outcome


def _refused_filter(survey, questions, selection, with_texts):
    """Withheld results when the filter's question splits off a small group (the figures of all
    responses are read as the unfiltered page reads them: from the same cache entry); else None."""
    everybody, _total = survey_figures(survey, questions, None, "", with_texts, "")
    if not splits_off_a_small_group(everybody, selection):
        return None
    selected = everybody.value_counts.get(selection.question.pk, {}).get(selection.key, 0)
    return SurveyResults(
        survey, selected, everybody.respondents, [], selection.label, withheld=True,
        splits_off=not is_small_group(selected), for_public=True,
    )


def _compare_with_previous_wave(outcome, for_public):
    previous_wave = outcome.survey.previous_wave
    if for_public and not previous_wave.results_are_public:
        return
    previous = survey_results(previous_wave, compare=False, for_public=for_public)
    if not previous.withheld:
        outcome.previous_wave = previous_wave
        _compare_with(outcome, previous)


def _percent(count, base):
    return round(100 * count / base, 1) if base else None


def option_keys(question):
    """[(key, label)] of the answers a choice or scale question counts (value_counts' keys: a choice
    id, ("n", value), or None for the "other" of a single choice); [] for other kinds."""
    if question.is_choice:
        keys = [(choice.pk, shown(choice, "text")) for choice in question.choices.all()]
        if offers_other(question):
            keys.append((None, _("Other")))
        return keys
    if question.kind in Question.SCALE_KINDS:
        return [(("n", Decimal(value)), label) for value, label in question.scale_values()]
    return []


def offers_other(question):
    return question.allow_other and question.kind == Question.Kind.SINGLE


def _fill_options(result, counts):
    for key, label in option_keys(result.question):
        count = counts.get(key, 0)
        result.options.append(OptionRow(label, count, _percent(count, result.answered), key=key))


def _median_from_distribution(counts):
    """The median from the counts per value (the running counts keep no list of the numbers): the
    middle value, or the mean of the two middle ones, as PostgreSQL's PERCENTILE_CONT(0.5) gives it."""
    values = sorted((key[1], n) for key, n in counts.items() if isinstance(key, tuple))
    total = sum(n for _value, n in values)
    if not total:
        return None
    wanted = {(total - 1) // 2, total // 2}
    found, seen = [], 0
    for value, n in values:
        found += [value for position in sorted(wanted) if seen <= position < seen + n]
        seen += n
    return float(sum(found) / len(found))


def _fill_stats(result, figures):
    question_id = result.question.pk
    if question_id not in figures.stats:
        return
    count, total, result.minimum, result.maximum = figures.stats[question_id]
    result.mean = float(total / count)
    if question_id in figures.medians:
        result.median = figures.medians[question_id]
    else:
        result.median = _median_from_distribution(figures.value_counts.get(question_id, {}))


def _fill_texts(results, figures):
    for result in results:
        result.texts = [text for _answer_id, text in figures.latest_texts.get(result.question.pk, [])]
        result.text_count = figures.text_counts.get(result.question.pk, 0)


def _compare_with(outcome, previous):
    """Percentage-point change per option and change of the mean, against the wave before."""
    previous_by_question = {result.question.pk: result for result in previous.questions}
    for result in outcome.questions:
        earlier = previous_by_question.get(result.question.copied_from_id)
        if earlier is None:
            continue
        if result.mean is not None and earlier.mean is not None:
            result.mean_change = round(result.mean - earlier.mean, 2)
        if result.net_promoter and earlier.net_promoter:
            result.net_promoter_change = round(result.net_promoter.score - earlier.net_promoter.score, 1)
        earlier_options = {option.key: option for option in earlier.options}
        copied_from = {choice.pk: choice.copied_from_id for choice in result.question.choices.all()}
        for option in result.options:
            key = copied_from.get(option.key) if result.question.is_choice and option.key else option.key
            _set_change(option, earlier_options.get(key))


def _set_change(option, before):
    if before is None or before.percent is None or option.percent is None:
        return
    option.previous_percent = before.percent
    option.change = round(option.percent - before.percent, 1)


class Headline(QuestionResult):
    """A survey's headline result: its question's options, the most chosen first (ties in the
    questionnaire's order), and what the mayor's summary says of it in one line: the share of "Yes"
    of a yes/no question or of the most chosen choice (`top`, `top_share`), else the `mean`."""

    @property
    def top_option(self):
        if not self.answered:
            return None
        if self.question.kind == Question.Kind.YES_NO:
            return next(option for option in self.options if option.key == ("n", Decimal(1)))
        chosen = [option for option in self.options if option.key is not None and option.count]
        return chosen[0] if self.question.is_choice and chosen else None

    @property
    def top(self):
        return self.top_option and self.top_option.label

    @property
    def top_share(self):
        """In percent of the residents who answered, unrounded."""
        return self.top_option and Decimal(self.top_option.count) * 100 / self.answered


def headlines(surveys, for_public=False):
    """The surveys of the queryset `surveys`, each with its `response_count`, `headline` and
    `small_group` (attach_headlines): what an initiative's page shows as "what residents said"."""
    return attach_headlines(surveys.annotate(response_count=Count("responses", distinct=True)), for_public=for_public)


def attach_headlines(surveys, for_public=False):
    """Give each of `surveys` (which carry `response_count`) its `headline` (a Headline of its headline
    question, Question.objects.headline_candidates: the one flagged, else its first unconditional
    choice or scale question; None without one) and `small_group` (see `headline_is_small`);
    `for_public`: a small group's headline is left out. Returns them as a list.

    Three queries for any number of surveys, reading the headline questions' answers only, through the
    (question, choice) and (question, number) indexes (all of a survey's answers cost ~80 ms a survey on
    a large town, see bench/README.md). Both the initiative pages and the mayor's summary take it from here.
    """
    surveys = list(surveys)
    first = Question.objects.filter(survey__in=surveys).headline_candidates().distinct("survey_id")
    answered = Answer.objects.filter(question=OuterRef("pk")).order_by().values("question")
    questions = {
        question.survey_id: question
        for question in Question.objects.filter(pk__in=first.values("pk"))
        .annotate(answered=Coalesce(Subquery(answered.annotate(n=Count("response_id", distinct=True)).values("n")), 0))
        .select_related("section")
        .prefetch_related("choices")
    }
    counts = value_counts(Answer.objects.filter(question__in=list(questions.values())))
    for survey in surveys:
        question = questions.get(survey.pk)
        survey.headline = None
        answered_headline = question.answered if question else 0
        survey.small_group = headline_is_small(survey.response_count, question, answered_headline)
        if question is None or (survey.small_group and for_public):
            continue
        survey.headline = Headline(question, survey.response_count, answered_headline)
        _fill_options(survey.headline, counts.get(question.pk, {}))
        survey.headline.options.sort(key=lambda option: -option.count)
        survey.headline.mean = _mean(counts.get(question.pk, {}))
    return surveys


def _mean(counts):
    """The mean of the numbers counted in `counts` (value_counts of one question), or None."""
    numbers = [(key[1], n) for key, n in counts.items() if isinstance(key, tuple)]
    answered = sum(n for _value, n in numbers)
    return sum(value * n for value, n in numbers) / answered if answered else None


def headline_is_small(respondents, question, answered):
    """Whether a survey's headline figures are of too few residents for the public: fewer
    respondents than the minimum, or a follow-up headline question answered by fewer (those it was
    shown to are not counted for a headline; they are at least as many as answered it)."""
    return is_small_group(respondents) or (question is not None and question.is_conditional and is_small_group(answered))


def responses_key(responses):
    """What a cached page showing these responses' figures is keyed by (core.page_cache): their
    fingerprint, so that any new or deleted response makes it another page."""
    return "{}:{}".format(*responses.fingerprint())
