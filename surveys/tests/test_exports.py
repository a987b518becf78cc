"""The survey exports as CSV and .xlsx: a question not shown is told from one left blank, and
answers read as the questionnaire showed them."""
import csv
import io
from decimal import Decimal

import openpyxl
import pytest
from django.http import StreamingHttpResponse
from django.urls import reverse

from core.roles import MANAGERS
from surveys import services
from surveys.models import Question
from surveys.tests.conftest import choice
from surveys.tests.factories import QuestionFactory

pytestmark = pytest.mark.django_db

AGE, WISH, REASONS = "How old are you?", "What would young people like?", "Why do you come?"
PARKING, ARRIVAL = "Did you find parking?", "How did you come?"


@pytest.fixture
def exported(survey, questions, client, make_user):
    """Three residents: under 30 with a wish; under 30 with none (shown, left blank); 30 or over (the
    wish not shown). A yes/no question, a single choice with "other", a text that looks like a formula."""
    section = questions[AGE].section
    parking = QuestionFactory(section=section, text=PARKING, kind=Question.Kind.YES_NO, order=3)
    arrival = QuestionFactory(section=section, text=ARRIVAL, kind=Question.Kind.SINGLE, options=["On foot", "By bus"],
                              allow_other=True, order=4)
    q = questions

    def submit(age, reasons, wish, answers):
        given = {q[AGE]: choice(q[AGE], age), q["How satisfied are you?"]: Decimal(4), **answers}
        if reasons:
            given[q[REASONS]] = [choice(q[REASONS], text) for text in reasons]
        if wish is not None:
            given[q[WISH]] = wish
        services.response_submit(survey=survey, answers=given)

    submit("Under 30", ["Cafés"], "=1+1 a skate park", {parking: Decimal(1), arrival: choice(arrival, "By bus")})
    submit("Under 30", [], None, {parking: Decimal(0), arrival: "By bicycle"})
    submit("30 or over", ["Shopping", "Events"], None, {q["How much do you spend?"]: Decimal("12.50")})
    client.force_login(make_user("manager", role=MANAGERS))
    return client


def _body(response):
    assert isinstance(response, StreamingHttpResponse)  # both formats stream
    return b"".join(response.streaming_content)


def csv_rows(client, survey):
    text = _body(client.get(reverse("surveys:export", kwargs={"slug": survey.slug}))).decode("utf-8-sig")
    header, *body = list(csv.reader(io.StringIO(text)))
    return [dict(zip(header, row)) for row in body]


def xlsx_rows(client, survey):
    response = client.get(reverse("surveys:export-xlsx", kwargs={"slug": survey.slug}))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    header, *body = openpyxl.load_workbook(io.BytesIO(_body(response))).active.iter_rows(values_only=True)
    return [dict(zip(header, row)) for row in body]


def by_wish_and_age(rows):
    return {(row["How old are you?"], row[WISH]): row for row in rows}


@pytest.mark.parametrize("read", [csv_rows, xlsx_rows], ids=["csv", "xlsx"])
def test_a_question_not_shown_is_told_from_one_left_blank(exported, survey, read):
    rows = read(exported, survey)
    assert len(rows) == 3
    wishes = sorted(str(row[WISH]) for row in rows)
    assert wishes == sorted(["=1+1 a skate park" if read is xlsx_rows else "'=1+1 a skate park", "not shown",
                             "" if read is csv_rows else "None"])
    older = next(row for row in rows if row[AGE] == "30 or over")
    assert older[WISH] == "not shown"
    blank = next(row for row in rows if row[AGE] == "Under 30" and row[WISH] in ("", None))
    # shown a multiple choice and chose nothing: blank, not "0" for every option
    assert [blank[f"{REASONS}: {option}"] for option in ("Shopping", "Cafés", "Events")] == [None] * 3 \
        if read is xlsx_rows else ["", "", ""]


@pytest.mark.parametrize("read", [csv_rows, xlsx_rows], ids=["csv", "xlsx"])
def test_answers_are_spelled_as_the_page_shows_them(exported, survey, read):
    rows = read(exported, survey)
    first = next(row for row in rows if row[PARKING] == "Yes")
    assert first[ARRIVAL] == "By bus" and first[AGE] == "Under 30"
    assert first[f"{REASONS}: Cafés"] in (1, "1") and first[f"{REASONS}: Shopping"] in (0, "0")
    cyclist = next(row for row in rows if row[PARKING] == "No")
    assert cyclist[ARRIVAL] == "Other (please specify)"
    assert cyclist[f"{ARRIVAL}: other (specified)"] == "By bicycle"


def test_the_xlsx_has_numbers_and_times_typed_and_text_never_a_formula(exported, survey):
    response = exported.get(reverse("surveys:export-xlsx", kwargs={"slug": survey.slug}))
    sheet = openpyxl.load_workbook(io.BytesIO(_body(response))).active
    header = [cell.value for cell in sheet[1]]
    cells = [dict(zip(header, row)) for row in sheet.iter_rows(min_row=2)]
    older = next(row for row in cells if row[AGE].value == "30 or over")
    assert older["How much do you spend?"].value == 12.5 and older["How much do you spend?"].data_type == "n"
    assert older["response"].data_type == "n" and older["submitted at"].is_date
    young = next(row for row in cells if str(row[WISH].value).startswith("=1+1"))
    assert young[WISH].data_type == "s"


def test_the_exports_read_in_the_staff_members_language(exported, survey):
    text = _body(exported.get(reverse("surveys:export", kwargs={"slug": survey.slug}), HTTP_ACCEPT_LANGUAGE="sl"))
    assert "ni bilo prikazano" in text.decode("utf-8-sig")


def test_the_summary_is_offered_as_xlsx_too(exported, survey):
    response = exported.get(reverse("surveys:summary-export-xlsx", kwargs={"slug": survey.slug}))
    rows = list(openpyxl.load_workbook(io.BytesIO(_body(response))).active.iter_rows(values_only=True))
    assert rows[0] == ("question", "kind", "option", "count", "percent", "answered", "shown to")
    assert ("How old are you?", "single choice", "Under 30", 2) == rows[1][:4]


def test_the_results_page_offers_both_formats(exported, survey):
    page = exported.get(reverse("surveys:results", kwargs={"slug": survey.slug})).content.decode()
    assert reverse("surveys:export-xlsx", kwargs={"slug": survey.slug}) in page
    assert reverse("surveys:summary-export-xlsx", kwargs={"slug": survey.slug}) in page
