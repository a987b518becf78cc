"""CSV exports. The response export streams: rows come from a server-side cursor in chunks and
leave as they are written, so memory stays flat however many responses a survey has."""
import csv
from itertools import groupby

from django.utils import timezone
from django.utils.translation import gettext as _, pgettext

from core.spreadsheet import safe_cell
from surveys.models import Question, Response

CHUNK_SIZE = 2000


class _Echo:
    """A file-like object whose write returns the line, for csv.writer inside a generator."""

    def write(self, value):
        return value


def _columns(questions):
    """(header, question, choice) per column: one per question, one per option of a multiple choice."""
    columns = []
    for question in questions:
        if question.kind == Question.Kind.MULTIPLE:
            columns += [(f"{question.text}: {choice.text}", question, choice) for choice in question.choices.all()]
        else:
            columns.append((question.text, question, None))
            if question.kind == Question.Kind.SINGLE and question.allow_other:
                columns.append((f"{question.text}: {_('other (specified)')}", question, "other"))
    return columns


def _cell_keys(columns):
    """For each column, the key its value is stored under in a row's answer map."""
    keys = []
    for _header, question, choice in columns:
        if choice == "other":
            keys.append((question.pk, "other"))
        elif choice is not None:
            keys.append((question.pk, choice.pk))
        else:
            keys.append((question.pk, None))
    return keys


def _answer_map(answer_rows, choice_text):
    values = {}
    for _pk, _at, _language, question_id, choice_id, number, text, kind in answer_rows:
        if question_id is None:
            continue
        if kind == Question.Kind.MULTIPLE:
            values[(question_id, choice_id)] = 1
        elif kind == Question.Kind.SINGLE:
            values[(question_id, None)] = choice_text.get(choice_id, "") if choice_id else pgettext("answer to a survey question", "other")
            if text:
                values[(question_id, "other")] = text
        else:
            values[(question_id, None)] = number if number is not None else text
    return values


def response_rows(survey, questions):
    """Header, then one row per response: a generator over a chunked server-side cursor."""
    columns = _columns(questions)
    keys = _cell_keys(columns)
    multiple = {(question.pk, choice.pk) for _h, question, choice in columns if question.kind == Question.Kind.MULTIPLE}
    choice_text = {choice.pk: choice.text for question in questions for choice in question.choices.all()}
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
        values = _answer_map(answer_rows, choice_text)
        submitted_at = timezone.localtime(answer_rows[0][1]).isoformat(timespec="seconds")
        cells = [values.get(key, 0 if key in multiple else "") for key in keys]
        yield [response_id, submitted_at, answer_rows[0][2], *cells]


def summary_rows(results):
    """Header, then one row per option (or per statistic) of every question."""
    yield [_("question"), _("kind"), _("option"), _("count"), _("percent"), _("answered"), _("shown to")]
    for result in results.questions:
        question = result.question
        base = [question.text, question.get_kind_display()]
        for option in result.options:
            yield [*base, option.label, option.count, option.percent if option.percent is not None else "", result.answered, result.shown]
        if result.has_summary:
            for label, value in ((_("mean"), result.mean), (_("median"), result.median), (_("minimum"), result.minimum), (_("maximum"), result.maximum)):
                yield [*base, label, "" if value is None else round(value, 2), "", result.answered, result.shown]
        if question.is_text:
            yield [*base, _("written answers"), result.answered, "", result.answered, result.shown]


def csv_lines(rows):
    """Text cells go through safe_cell: answers are residents' free text and must not run as formulas."""
    writer = csv.writer(_Echo())
    return (writer.writerow([safe_cell(cell) for cell in row]) for row in rows)
