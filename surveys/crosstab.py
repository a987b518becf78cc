"""A cross-tabulation: one choice or scale question's answers (rows) against another's (columns),
among the residents who answered both: counts, column percentages and the totals.

Small groups are hidden as on the public results (surveys.results): a cell of fewer residents than
the minimum group size, and a row or column whose total is below it. Hiding one figure where the
totals it adds up to are shown would only hide it from the careless (the total less the shown
figures gives it back), so more figures are hidden until none of the hidden ones can be worked out
from what is shown ("secondary suppression"):

A table with its totals is a set of sums. Where every resident gives one answer to the column
question, each row (its totals too) adds up to its total; where every resident gives one answer to
the row question, each column does. Read the rows and the columns as the two sides of a graph and
each hidden figure as an edge between its row and its column: the hidden figures of a row add up
to a known number, and so do those of a column. A hidden figure can be worked out exactly if and
only if its edge is a bridge of that graph (no cycle of hidden figures runs through it; along a
cycle, one can add to every other figure what one takes from the next, and every sum stays the
same). A multiple-choice question's sums do not hold (a resident may count in several rows), so its
rows or columns are no constraint: they are one node that takes any value. Complementary figures
are hidden, the smallest first, until no hidden figure is a bridge.
"""
from dataclasses import dataclass, field

from django import forms
from django.db.models import Count, Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from core.translated import shown
from surveys.models import Answer, Question
from surveys.results import is_small_group, minimum_group_size, option_keys

TOTAL = "total"
CROSS_KINDS = (*Question.CHOICE_KINDS, *Question.SCALE_KINDS)


def can_cross(question):
    return question.kind in CROSS_KINDS


def _key(choice_id, number):
    """The key value_counts and option_keys use: a choice id, ("n", value), or None ("other")."""
    return choice_id if number is None else ("n", number)


@dataclass
class Cell:
    count: int
    column_total: int | None = None  # the base of its column percentage (None: a total itself)
    hidden: bool = False

    @property
    def percent(self):
        """Its share of its column, or None where either is hidden."""
        if self.column_total is None or self.hidden or not self.column_total:
            return None
        return round(100 * self.count / self.column_total, 1)


@dataclass
class CrossTable:
    row_question: Question
    column_question: Question
    rows: list  # [(label, [Cell per column], total Cell)]
    columns: list  # [(label, total Cell)]
    total: Cell
    hidden_count: int = 0
    grid: dict = field(default_factory=dict, repr=False)

    @property
    def minimum_group(self):
        return minimum_group_size()

    @property
    def several_per_row(self):
        """Residents could give several answers to the row question: the column percentages add up to more than 100."""
        return self.row_question.kind == Question.Kind.MULTIPLE

    def figure(self, row_key, column_key):
        """The Cell of a row (or TOTAL) and a column (or TOTAL), by their keys."""
        return self.grid[row_key, column_key]


def _answers_of(question):
    return Answer.objects.filter(question=question)


def _counts(row_question, column_question):
    """({(row key, column key): residents}, {row key: residents}, {column key: residents}, residents),
    among the residents who answered both: four GROUP BY queries."""
    rows = _answers_of(row_question).filter(response__answers__question=column_question)
    both = Exists(_answers_of(column_question).filter(response=OuterRef("response")))
    cells = (
        rows.values("choice_id", "number", "response__answers__choice_id", "response__answers__number")
        .annotate(n=Count("response_id", distinct=True)).order_by()
    )
    grid = {
        (_key(row["choice_id"], row["number"]), _key(row["response__answers__choice_id"], row["response__answers__number"])): row["n"]
        for row in cells
    }
    row_totals = _totals(_answers_of(row_question).filter(both))
    column_totals = _totals(_answers_of(column_question).filter(Exists(_answers_of(row_question).filter(response=OuterRef("response")))))
    total = _answers_of(row_question).filter(both).aggregate(n=Count("response_id", distinct=True))["n"]
    return grid, row_totals, column_totals, total


def _totals(answers):
    rows = answers.values("choice_id", "number").annotate(n=Count("response_id", distinct=True)).order_by()
    return {_key(row["choice_id"], row["number"]): row["n"] for row in rows}


def cross_table(row_question, column_question):
    """The CrossTable of the two questions' answers, small groups and what would give them away hidden."""
    grid, row_totals, column_totals, total = _counts(row_question, column_question)
    row_keys = [key for key, _label in option_keys(row_question)]
    column_keys = [key for key, _label in option_keys(column_question)]
    figures = {(r, c): grid.get((r, c), 0) for r in row_keys for c in column_keys}
    figures |= {(r, TOTAL): row_totals.get(r, 0) for r in row_keys}
    figures |= {(TOTAL, c): column_totals.get(c, 0) for c in column_keys}
    figures[TOTAL, TOTAL] = total
    hidden = _suppressed_either_way(figures, row_question, column_question, row_keys, column_keys)
    cells = {
        position: Cell(count, None if position[0] == TOTAL else figures[TOTAL, position[1]], position in hidden)
        for position, count in figures.items()
    }
    # A column's percentages are of its total: hidden with it.
    for (r, c), cell in cells.items():
        if cell.column_total is not None and (TOTAL, c) in hidden:
            cell.column_total = None
    return CrossTable(
        row_question, column_question,
        rows=[(label, [cells[key, c] for c in column_keys], cells[key, TOTAL]) for key, label in option_keys(row_question)],
        columns=[(label, cells[TOTAL, key]) for key, label in option_keys(column_question)],
        total=cells[TOTAL, TOTAL], hidden_count=len(hidden), grid=cells,
    )


def _suppressed_either_way(figures, row_question, column_question, row_keys, column_keys):
    """suppressed() of the table, worked out the same whichever question is its rows: the complements
    it picks follow the table's order, and a table and its transpose hiding different figures would
    together show what each hides. The question made first is the rows of the table worked out."""
    rows_add_up, columns_add_up = column_question.kind != Question.Kind.MULTIPLE, row_question.kind != Question.Kind.MULTIPLE
    if row_question.pk < column_question.pk:
        return suppressed(figures, rows_add_up=rows_add_up, columns_add_up=columns_add_up)
    order = [*((c, r) for c in column_keys for r in row_keys), *((c, TOTAL) for c in column_keys),
             *((TOTAL, r) for r in row_keys), (TOTAL, TOTAL)]
    transposed = {(first, second): figures[second, first] for first, second in order}
    hidden = suppressed(transposed, rows_add_up=columns_add_up, columns_add_up=rows_add_up)
    return {(second, first) for first, second in hidden}


def primary_suppressions(figures):
    """The figures of a small group: a cell, a row's or a column's total of fewer residents than the
    minimum (none is not a group), with every cell of such a row or column; everything when all of
    them together are too few."""
    if is_small_group(figures[TOTAL, TOTAL]):
        return set(figures)
    hidden = {position for position, count in figures.items() if count and is_small_group(count)}
    small_rows = {r for (r, c) in hidden if c == TOTAL}
    small_columns = {c for (r, c) in hidden if r == TOTAL}
    return hidden | {(r, c) for (r, c) in figures if r in small_rows or c in small_columns}


def suppressed(figures, *, rows_add_up, columns_add_up):
    """The positions to hide of `figures` ({(row key or TOTAL, column key or TOTAL): count}): the
    small groups and, the smallest first, enough others that none of them can be worked out from
    the rest (see the module's docstring). `rows_add_up`: each row's cells add up to its total (one
    answer per resident to the column question); `columns_add_up` likewise."""
    hidden = primary_suppressions(figures)
    while True:  # `figures` in the table's order (row by row, then the totals): the same table, the same choice
        bridge = next((position for position in figures if position in hidden and _is_bridge(position, hidden, rows_add_up, columns_add_up)), None)
        if bridge is None:
            return hidden
        hidden.add(_complement(bridge, figures, hidden, rows_add_up, columns_add_up))


def _nodes(position, rows_add_up, columns_add_up):
    """The two ends of a figure's edge: its row and its column, or FREE where its sums do not hold."""
    row, column = position
    return ("row", row) if rows_add_up else FREE, ("column", column) if columns_add_up else FREE


FREE = ("free",)


def _is_bridge(position, hidden, rows_add_up, columns_add_up):
    start, end = _nodes(position, rows_add_up, columns_add_up)
    return end not in _reachable(start, hidden - {position}, rows_add_up, columns_add_up)


def _reachable(start, hidden, rows_add_up, columns_add_up):
    neighbours = {}
    for position in hidden:
        first, second = _nodes(position, rows_add_up, columns_add_up)
        neighbours.setdefault(first, set()).add(second)
        neighbours.setdefault(second, set()).add(first)
    seen, waiting = {start}, [start]
    while waiting:
        for node in neighbours.get(waiting.pop(), ()):
            if node not in seen:
                seen.add(node)
                waiting.append(node)
    return seen


def _complement(bridge, figures, hidden, rows_add_up, columns_add_up):
    """A shown figure to hide so that `bridge` comes nearer to lying on a cycle: one that joins the
    two sides the bridge alone joins where there is one, else one that reaches a new row or column
    from the bridge's side; of those, the smallest (not an empty one where another will do, cells
    before totals)."""
    start, end = _nodes(bridge, rows_add_up, columns_add_up)
    others = hidden - {bridge}
    near = _reachable(start, others, rows_add_up, columns_add_up)
    far = _reachable(end, others, rows_add_up, columns_add_up)
    candidates = []
    for place, (position, count) in enumerate(figures.items()):
        if position in hidden:
            continue
        ends = set(_nodes(position, rows_add_up, columns_add_up))
        if ends & near and not ends <= near:
            closes = bool(ends & far)
            candidates.append(((not closes, count == 0, count, TOTAL in position, place), position))
    return min(candidates)[1]


class CrossTabForm(forms.Form):
    """Which question's answers are the rows and which the columns (choice and scale questions)."""

    rows = forms.TypedChoiceField(label=_("Rows: the answers to"), coerce=int)
    columns = forms.TypedChoiceField(label=_("Columns: the answers to"), coerce=int)

    def __init__(self, questions, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.questions = {question.pk: question for question in questions if can_cross(question)}
        options = [(pk, shown(question, "text")) for pk, question in self.questions.items()]
        for name in ("rows", "columns"):
            self.fields[name].choices = options

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("rows") is not None and cleaned.get("rows") == cleaned.get("columns"):
            self.add_error("columns", _("Choose another question for the columns than for the rows."))
        return cleaned

    def table(self):
        """The CrossTable of the chosen questions (the form is valid)."""
        return cross_table(self.questions[self.cleaned_data["rows"]], self.questions[self.cleaned_data["columns"]])
