"""Results a committee reads, on a hand-built dataset: the promoter / passive / detractor split of a
0–10 rating and its score, the cross-tabulation with its small groups hidden (and nothing hidden
that the totals give back), the filter by an "other" answer, and a copied wave's initiatives."""
import csv
import io
import random
from decimal import Decimal
from fractions import Fraction

import pytest
from django.urls import reverse
from django.utils.html import strip_tags

from core.roles import MANAGERS, MAYORS
from initiatives.tests.factories import InitiativeFactory
from surveys import services
from surveys.crosstab import TOTAL, cross_table, suppressed
from surveys.models import Question, Survey
from surveys.results import survey_results
from surveys.tests.factories import QuestionFactory, SectionFactory, SurveyFactory

pytestmark = pytest.mark.django_db
K = Question.Kind

# (age, how often, "other" text, recommend 0–10, reasons): 36 residents.
# How often by age:   Daily  Weekly  Other | All
#   Under 30            6      2       0   |  8
#   30 to 60            5      7       1   | 13
#   Over 60             9      6       0   | 15
#   All                20     15       1   | 36
# Recommend: 9 promoters (9–10), 5 passives (7–8), 6 detractors (0–6) of the 20 who answered.
PLAN = (
    [("Under 30", "Daily")] * 6 + [("Under 30", "Weekly")] * 2
    + [("30 to 60", "Daily")] * 5 + [("30 to 60", "Weekly")] * 7 + [("30 to 60", None)]
    + [("Over 60", "Daily")] * 9 + [("Over 60", "Weekly")] * 6
)
RATINGS = [10, 10, 10, 9, 9, 9, 9, 9, 10, 8, 8, 7, 7, 7, 6, 5, 0, 3, 6, 2]


@pytest.fixture
def town(db):
    survey = SurveyFactory(title="The centre", slug="centre")
    page = SectionFactory(survey=survey, order=1)
    questions = {
        "age": QuestionFactory(section=page, text="Your age?", options=["Under 30", "30 to 60", "Over 60"], order=1),
        "often": QuestionFactory(section=page, text="How often do you come?", options=["Daily", "Weekly"], allow_other=True, order=2),
        "recommend": QuestionFactory(section=page, text="Would you recommend the centre?", kind=K.RATING, order=3),
        "reasons": QuestionFactory(section=page, text="Why do you come?", kind=K.MULTIPLE, options=["Shops", "Cafés"], order=4),
        "note": QuestionFactory(section=page, text="Anything else?", kind=K.LONG_TEXT, order=5),
    }
    for number, (age, often) in enumerate(PLAN):
        answers = {
            questions["age"]: questions["age"].choices.get(text=age),
            questions["often"]: questions["often"].choices.get(text=often) if often else "Twice a year",
            questions["reasons"]: list(questions["reasons"].choices.all()) if number % 2 else [questions["reasons"].choices.get(text="Cafés")],
        }
        if number < len(RATINGS):
            answers[questions["recommend"]] = Decimal(RATINGS[number])
        services.response_submit(survey=survey, answers=answers)
    return survey, questions


def by_question(results):
    return {result.question.text: result for result in results.questions}


def test_a_0_to_10_rating_gets_its_promoters_passives_detractors_and_score(town):
    survey, _questions = town
    nps = by_question(survey_results(survey))["Would you recommend the centre?"].net_promoter
    assert (nps.promoters, nps.passives, nps.detractors, nps.answered) == (9, 5, 6, 20)
    assert (nps.promoter_share, nps.passive_share, nps.detractor_share) == (45.0, 25.0, 30.0)
    assert nps.score == 15.0
    assert by_question(survey_results(survey))["Your age?"].net_promoter is None


def test_the_results_page_shows_the_split_and_the_score_as_a_signed_number(client, make_user, town):
    survey, _questions = town
    client.force_login(make_user("mayor", role=MAYORS))
    html = " ".join(client.get(reverse("surveys:results", kwargs={"slug": survey.slug})).content.decode().split())
    assert "Promoters (9–10)</th><td class=\"text-end\">9</td><td class=\"text-end\">45.0%</td>" in html
    assert "Detractors (0–6)</th><td class=\"text-end\">6</td><td class=\"text-end\">30.0%</td>" in html
    assert 'Net promoter score: <span class="nps-score">+15</span>' in html


def test_a_score_below_zero_is_shown_with_a_minus_sign(client, make_user):
    survey = SurveyFactory(results_public=True)
    rating = QuestionFactory(section=SectionFactory(survey=survey), kind=K.RATING)
    for value in [0, 3, 6, 6, 8, 9, 10, 2]:  # 2 promoters, 1 passive, 5 detractors of 8: 25.0 − 62.5
        services.response_submit(survey=survey, answers={rating: Decimal(value)})
    html = client.get(reverse("surveys:results", kwargs={"slug": survey.slug})).content.decode()
    assert '<span class="nps-score">−37.5</span>' in html


def test_the_summary_export_has_the_split_and_the_score(client, make_user, town):
    survey, _questions = town
    client.force_login(make_user("manager", role=MANAGERS))
    rows = list(csv.reader(io.StringIO(client.get(reverse("surveys:summary-export", kwargs={"slug": survey.slug})).content.decode())))
    question = ["Would you recommend the centre?", "rating 0–10"]
    assert [*question, "promoters (9–10)", "9", "45.0", "20", "36"] in rows
    assert [*question, "passives (7–8)", "5", "25.0", "20", "36"] in rows
    assert [*question, "detractors (0–6)", "6", "30.0", "20", "36"] in rows
    assert [*question, "net promoter score", "15.0", "", "20", "36"] in rows


def test_a_new_wave_shows_how_the_score_moved(client, make_user, town):
    survey, q = town
    wave = services.survey_copy_as_wave(survey=survey)
    Survey.objects.filter(pk=wave.pk).update(is_published=True, opens_at=survey.opens_at, closes_at=survey.closes_at)
    rating = wave.questions.get(kind=K.RATING)
    for value in [10, 9, 9, 8, 2]:  # 3 promoters, 1 detractor of 5: +40.0, against +15.0
        services.response_submit(survey=Survey.objects.get(pk=wave.pk), answers={rating: Decimal(value)})
    result = by_question(survey_results(Survey.objects.get(pk=wave.pk)))["Would you recommend the centre?"]
    assert result.net_promoter.score == 40.0 and result.net_promoter_change == 25.0
    client.force_login(make_user("mayor", role=MAYORS))
    html = client.get(reverse("surveys:results", kwargs={"slug": wave.slug})).content.decode()
    assert '<span class="nps-score">+40</span></strong> (+25.0 since the previous wave)' in html


def figures_of(table):
    """{(row label, column label): (count, percent) or "hidden"}, the totals under "All"."""
    labels = [str(label) for label, _total in table.columns] + ["All"]
    shown = {}
    for label, cells, total in table.rows:
        for column, cell in zip(labels, [*cells, total]):
            shown[str(label), column] = "hidden" if cell.hidden else (cell.count, cell.percent)
    for column, (_label, cell) in zip(labels, [*table.columns, (None, table.total)]):
        shown["All", column] = "hidden" if cell.hidden else (cell.count, cell.percent)
    return shown


def test_the_cross_tab_hides_small_groups_and_every_figure_that_would_give_them_back(town):
    survey, q = town
    table = cross_table(q["age"], q["often"])
    assert figures_of(table) == {
        ("Under 30", "Daily"): (6, 30.0), ("Under 30", "Weekly"): "hidden", ("Under 30", "Other"): "hidden", ("Under 30", "All"): (8, 22.2),
        ("30 to 60", "Daily"): (5, 25.0), ("30 to 60", "Weekly"): "hidden", ("30 to 60", "Other"): "hidden", ("30 to 60", "All"): (13, 36.1),
        ("Over 60", "Daily"): (9, 45.0), ("Over 60", "Weekly"): "hidden", ("Over 60", "Other"): "hidden", ("Over 60", "All"): (15, 41.7),
        ("All", "Daily"): (20, None), ("All", "Weekly"): "hidden", ("All", "Other"): "hidden", ("All", "All"): (36, None),
    }
    # Weekly plus Other of each row is known (its total less Daily), but not how it divides.
    assert not determined_figures(table)


def test_a_multiple_choice_cross_tab_counts_a_resident_in_each_row_she_chose(town):
    survey, q = town
    table = cross_table(q["reasons"], q["age"])  # a multiple choice as rows: a resident counts in several
    assert table.several_per_row
    # Shops by Under 30 (4) is small; Shops by 30 to 60 is hidden too, else the row's total gives it back.
    assert figures_of(table) == {
        ("Shops", "Under 30"): "hidden", ("Shops", "30 to 60"): "hidden", ("Shops", "Over 60"): (8, 53.3), ("Shops", "All"): (18, 50.0),
        ("Cafés", "Under 30"): (8, 100.0), ("Cafés", "30 to 60"): (13, 100.0), ("Cafés", "Over 60"): (15, 100.0), ("Cafés", "All"): (36, 100.0),
        ("All", "Under 30"): (8, None), ("All", "30 to 60"): (13, None), ("All", "Over 60"): (15, None), ("All", "All"): (36, None),
    }
    assert not determined_figures(table)
    assert table.hidden_count == 2


def test_a_small_row_total_hides_the_row_and_its_complement(town):
    survey, q = town
    table = cross_table(q["often"], q["age"])
    shown = figures_of(table)
    assert shown["Other", "All"] == "hidden" and shown["Other", "30 to 60"] == "hidden"
    assert shown["Daily", "Under 30"] == (6, 75.0) and shown["Daily", "All"] == (20, 55.6)
    assert not determined_figures(table)


def test_a_scale_cross_tab_counts_by_value(town):
    survey, q = town
    table = cross_table(q["recommend"], q["age"])
    assert table.total.count == 20  # those who answered both
    assert table.figure(("n", Decimal(9)), TOTAL).count == 5 and table.figure(("n", Decimal(9)), q["age"].choices.first().pk).count == 5
    assert table.figure(TOTAL, q["age"].choices.last().pk).count == 0  # nobody over 60 rated
    assert not determined_figures(table)


def determined_figures(table):
    """The hidden figures that the shown ones pin down exactly: solved by linear algebra over the sums
    a table keeps (each row, each column and the totals), independently of how they were chosen."""
    grid = table.grid
    rows = sorted({row for row, _column in grid}, key=str)
    columns = sorted({column for _row, column in grid}, key=str)
    hidden = [position for position, cell in grid.items() if cell.hidden]
    equations = []
    if table.column_question.kind != K.MULTIPLE:
        equations += [{(row, column): 1 for column in columns if column != TOTAL} | {(row, TOTAL): -1} for row in rows]
    if table.row_question.kind != K.MULTIPLE:
        equations += [{(row, column): 1 for row in rows if row != TOTAL} | {(TOTAL, column): -1} for column in columns]
    matrix = [[Fraction(equation.get(position, 0)) for position in hidden] for equation in equations]
    rank = _rank(matrix)
    return [position for index, position in enumerate(hidden)
            if _rank(matrix + [[Fraction(int(i == index)) for i in range(len(hidden))]]) == rank]


def _rank(matrix):
    rows, rank = [list(row) for row in matrix], 0
    for column in range(len(rows[0]) if rows else 0):
        pivot = next((r for r in range(rank, len(rows)) if rows[r][column]), None)
        if pivot is None:
            continue
        rows[rank], rows[pivot] = rows[pivot], rows[rank]
        for r in range(len(rows)):
            if r != rank and rows[r][column]:
                factor = rows[r][column] / rows[rank][column]
                rows[r] = [a - factor * b for a, b in zip(rows[r], rows[rank])]
        rank += 1
    return rank


@pytest.mark.parametrize("seed", range(40))
def test_no_hidden_figure_of_any_table_can_be_worked_out_from_the_shown_ones(seed):
    """Random tables of small and large counts, each kind of question: what is hidden stays hidden."""
    generator = random.Random(seed)
    row_keys, column_keys = range(generator.randint(1, 5)), range(10, 10 + generator.randint(1, 5))
    figures = {(r, c): generator.choice([0, 1, 2, 3, 4, 5, 8, 13, 40]) for r in row_keys for c in column_keys}
    figures |= {(r, TOTAL): sum(figures[r, c] for c in column_keys) for r in row_keys}
    figures |= {(TOTAL, c): sum(figures[r, c] for r in row_keys) for c in column_keys}
    figures[TOTAL, TOTAL] = sum(figures[r, TOTAL] for r in row_keys)
    hidden = suppressed(figures, rows_add_up=True, columns_add_up=True)
    assert {p for p, count in figures.items() if 0 < count < 5} <= hidden
    table = type("Table", (), {})()
    table.grid = {p: type("Cell", (), {"hidden": p in hidden})() for p in figures}
    table.row_question = table.column_question = Question(kind=K.SINGLE)
    assert determined_figures(table) == []


def test_the_cross_tab_page_lets_staff_pick_the_questions(client, make_user, town, django_assert_max_num_queries):
    survey, q = town
    client.force_login(make_user("mayor", role=MAYORS))
    url = reverse("surveys:crosstab", kwargs={"slug": survey.slug})
    assert "Show the table" in client.get(url).content.decode()
    with django_assert_max_num_queries(14):
        html = client.get(url, {"rows": q["age"].pk, "columns": q["often"].pk}).content.decode()
    text = " ".join(strip_tags(html).split())
    assert "“Your age?” by “How often do you come?”" in text and "36 residents answered both questions." in text
    assert "Under 30 6 (30.0%) –hidden –hidden 8 (22.2%)" in text
    assert "Residents who answered both 20 –hidden –hidden 36" in text
    assert "Figures of fewer than 5 residents are hidden" in text
    offered = html.split('name="rows"')[1].split("</select>")[0]
    assert "Your age?" in offered and "Would you recommend" in offered and "Anything else?" not in offered


def test_the_cross_tab_page_asks_for_two_different_questions(client, make_user, town):
    survey, q = town
    client.force_login(make_user("mayor", role=MAYORS))
    response = client.get(reverse("surveys:crosstab", kwargs={"slug": survey.slug}), {"rows": q["age"].pk, "columns": q["age"].pk})
    assert "Choose another question for the columns than for the rows." in response.content.decode()
    assert response.context["table"] is None


def test_results_can_be_filtered_by_an_other_answer(client, town):
    survey, q = town
    Survey.objects.filter(pk=survey.pk).update(results_public=True)
    url = reverse("surveys:results", kwargs={"slug": survey.slug})
    html = client.get(url).content.decode()
    assert f'<option value="o{q["often"].pk}">Other</option>' in html
    results = survey_results(survey, filter_value=f"o{q['often'].pk}")
    assert results.respondents == 1 and results.filter_label == "How often do you come?: Other"
    assert by_question(results)["Your age?"].options[1].count == 1  # the one "other" was 30 to 60
    public = client.get(url, {"filter": f"o{q['often'].pk}"}).content.decode()
    assert "results are shown only for groups of at least 5 residents" in public and "<table" not in public


def test_a_filter_by_other_of_a_large_group_is_shown_and_other_no_longer_hides_in_the_rest(town):
    survey, q = town
    for _more in range(5):
        services.response_submit(survey=survey, answers={q["often"]: "Now and then", q["age"]: q["age"].choices.first()})
    results = survey_results(survey, filter_value=f"o{q['often'].pk}", for_public=True)
    assert not results.withheld and results.respondents == 6
    assert by_question(results)["Your age?"].options[0].count == 5


def test_a_new_wave_keeps_the_initiatives_the_survey_informs(town):
    survey, _questions = town
    initiatives = [InitiativeFactory(), InitiativeFactory()]
    survey.informs.set(initiatives)
    wave = services.survey_copy_as_wave(survey=survey)
    assert set(wave.informs.all()) == set(initiatives)
    assert set(survey.informs.all()) == set(initiatives)


def test_copying_through_the_builder_keeps_the_initiatives(client, make_user, town):
    survey, _questions = town
    initiative = InitiativeFactory()
    survey.informs.add(initiative)
    client.force_login(make_user("manager", role=MANAGERS, committees=[survey.committee]))
    response = client.post(reverse("surveys:copy", kwargs={"slug": survey.slug}))
    wave = Survey.objects.get(previous_wave=survey)
    assert response.status_code == 302 and list(wave.informs.all()) == [initiative]


def hidden_positions(table, transpose=False):
    return {(column, row) if transpose else (row, column) for (row, column), cell in table.grid.items() if cell.hidden}


def test_a_table_whose_complements_depend_on_its_order_hides_the_same_figures_transposed(db, settings):
    """Rows A–C by columns X–Y: 3 and 10, 5 and 0, 8 and 12. Worked out in each table's own order,
    one orientation hid rows A and C and the other hid column X's first two cells and their row
    totals: together they gave back the 3."""
    settings.PORTAL_MIN_GROUP_SIZE = 5
    page = SectionFactory(survey=SurveyFactory(slug="order"), order=1)
    rows = QuestionFactory(section=page, text="Rows?", options=["A", "B", "C"], order=1)
    columns = QuestionFactory(section=page, text="Columns?", options=["X", "Y"], order=2)
    plan = {("A", "X"): 3, ("A", "Y"): 10, ("B", "X"): 5, ("C", "X"): 8, ("C", "Y"): 12}
    for (row, column), count in plan.items():
        for _ in range(count):
            services.response_submit(survey=page.survey, answers={
                rows: rows.choices.get(text=row), columns: columns.choices.get(text=column),
            })
    table, transposed = cross_table(rows, columns), cross_table(columns, rows)
    assert hidden_positions(table) == hidden_positions(transposed, transpose=True)
    assert table.figure(rows.choices.get(text="A").pk, columns.choices.get(text="X").pk).hidden
