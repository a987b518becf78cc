"""Survey exports as rows for core.spreadsheet (CSV or .xlsx): every response, and the summary.

The response export reads a server-side cursor in chunks and yields its rows as it goes, so memory
stays flat however many responses a survey has.

Each cell says what the resident saw and did, as the questionnaire showed it:
- a follow-up question whose condition the resident's earlier answers did not meet was not shown
  to them: its cells say NOT_SHOWN ("not shown");
- a question shown and left blank is an empty cell (for a multiple choice: every option's cell);
- a question and a choice read as on the page in the language of the export (its translation, or
  the original where there is none);
- a choice is its text on the page, a yes/no question "Yes" or "No", the single choice's
  "other" the page's "Other (please specify)"; numbers are numbers, the time a date-time.
"""
from itertools import groupby

from django.utils import timezone
from django.utils.translation import gettext as _

from core.translated import shown
from surveys.models import Question, Response

CHUNK_SIZE = 2000
OTHER = "other"


def _columns(questions):
    """(header, question, choice) per column: one per question, one per option of a multiple choice."""
    columns = []
    for question in questions:
        if question.kind == Question.Kind.MULTIPLE:
            columns += [(f"{shown(question, 'text')}: {shown(choice, 'text')}", question, choice)
                        for choice in question.choices.all()]
        else:
            columns.append((shown(question, "text"), question, None))
            if question.kind == Question.Kind.SINGLE and question.allow_other:
                columns.append((f"{shown(question, 'text')}: {_('other (specified)')}", question, OTHER))
    return columns


class _Spelling:
    """How answers read on the page, in the language of the export."""

    def __init__(self, questions):
        self.choices = {choice.pk: shown(choice, "text") for question in questions for choice in question.choices.all()}
        self.yes_no = {1: _("Yes"), 0: _("No")}
        self.other = _("Other (please specify)")
        self.not_shown = _("not shown")

    def value(self, kind, choice_id, number, text):
        if kind == Question.Kind.SINGLE:
            return self.choices.get(choice_id, "") if choice_id else self.other
        if kind == Question.Kind.YES_NO and number is not None:
            return self.yes_no.get(int(number), number)
        return number if number is not None else text


def _answers(answer_rows, spelling):
    """({question id: value}, {question id: chosen choice ids}, {question id: "other" text}) of one response."""
    values, chosen, other_texts = {}, {}, {}
    for _pk, _at, _language, question_id, choice_id, number, text, kind in answer_rows:
        if question_id is None:
            continue
        if choice_id:
            chosen.setdefault(question_id, set()).add(choice_id)
        if kind == Question.Kind.MULTIPLE:
            values.setdefault(question_id, True)
            continue
        values[question_id] = spelling.value(kind, choice_id, number, text)
        if kind == Question.Kind.SINGLE and text:
            other_texts[question_id] = text
    return values, chosen, other_texts


def _conditions(questions):
    """(question id, id of the question it follows or None, choice ids that show it), in questionnaire
    order: the question a follow-up depends on comes first."""
    return [
        (question.pk, question.show_if_question_id, {choice.pk for choice in question.show_if_choices.all()})
        for question in questions
    ]


def _shown(conditions, values, chosen):
    """{question id: whether the response was shown it}: a follow-up only if the question it follows
    was shown and answered with one of its choices (as surveys.answering decides on the page). A
    question with an answer was shown, whatever its condition says now."""
    shown = {}
    for question_id, follows, choice_ids in conditions:
        shown[question_id] = question_id in values or follows is None or (
            shown.get(follows, False) and bool(chosen.get(follows, set()) & choice_ids)
        )
    return shown


def _cell_keys(columns):
    """(question id, what the column holds: None for the answer, OTHER, or a choice id) per column."""
    return [(question.pk, choice if choice in (None, OTHER) else choice.pk) for _header, question, choice in columns]


def _cells(keys, shown, answers, spelling):
    values, chosen, other_texts = answers
    cells = []
    for question_id, holds in keys:
        if not shown[question_id]:
            cells.append(spelling.not_shown)
        elif question_id not in values:
            cells.append(None)
        elif holds is None:
            cells.append(values[question_id])
        elif holds == OTHER:
            cells.append(other_texts.get(question_id))
        else:
            cells.append(1 if holds in chosen.get(question_id, ()) else 0)
    return cells


def response_rows(survey, questions):
    """Header, then one row per response: a generator over a chunked server-side cursor."""
    columns = _columns(questions)
    spelling = _Spelling(questions)
    conditions = _conditions(questions)
    keys = _cell_keys(columns)
    yield [_("response"), _("submitted at"), _("language"), *(header for header, _q, _c in columns)]
    rows = (
        Response.objects.filter(survey=survey)
        .order_by("pk")
        .values_list(
            "pk", "submitted_at", "language", "answers__question_id", "answers__choice_id",
            "answers__number", "answers__text", "answers__question__kind",
        )
        .iterator(chunk_size=CHUNK_SIZE)
    )
    for response_id, answer_rows in groupby(rows, key=lambda row: row[0]):
        answer_rows = list(answer_rows)
        answers = _answers(answer_rows, spelling)
        shown = _shown(conditions, answers[0], answers[1])
        submitted_at = timezone.localtime(answer_rows[0][1])
        yield [response_id, submitted_at, answer_rows[0][2], *_cells(keys, shown, answers, spelling)]


def summary_rows(results):
    """Header, then one row per option (or per statistic) of every question; a 0–10 rating's
    promoters, passives and detractors, and its net promoter score (in points, in the count column
    as a mean is)."""
    yield [_("question"), _("kind"), _("option"), _("count"), _("percent"), _("answered"), _("shown to")]
    for result in results.questions:
        question = result.question
        base = [shown(question, "text"), question.get_kind_display()]
        for option in result.options:
            yield [*base, option.label, option.count, option.percent, result.answered, result.shown]
        if (nps := result.net_promoter) is not None:
            for label, count, share in nps.groups():
                yield [*base, label, count, share, result.answered, result.shown]
            yield [*base, _("net promoter score"), nps.score, None, result.answered, result.shown]
        if result.has_summary:
            for label, value in ((_("mean"), result.mean), (_("median"), result.median), (_("minimum"), result.minimum), (_("maximum"), result.maximum)):
                yield [*base, label, None if value is None else round(value, 2), None, result.answered, result.shown]
        if question.is_text:
            yield [*base, _("written answers"), result.answered, None, result.answered, result.shown]
