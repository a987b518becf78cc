"""Script-like text typed into every free-text field comes out as text on every page that shows
it, and CSV exports neither carry markup problems nor let a spreadsheet run a formula."""
import csv
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from initiatives.models import ProgressUpdate
from core.spreadsheet import safe_cell, unquote_cell
from portal.tests.security.conftest import escaped, evil
from surveys.models import Answer

pytestmark = pytest.mark.django_db

# field marker → the pages (url name, kwargs from the world, role) that show it.
A = {"slug": lambda w: w.committee_a.slug}
PUBLIC_INITIATIVE = {"slug": lambda w: w.public.slug}
WHERE_SHOWN = {
    "committee-A-name": [("committees:list", {}, "anonymous"), ("committees:detail", A, "anonymous"),
                         ("committees:detail", A, "secretary_a"), ("initiatives:detail", PUBLIC_INITIATIVE, "anonymous"),
                         ("portal:summary", {}, "mayor"), ("portal:my-work", {}, "secretary_a")],
    "committee-A-mandate": [("committees:detail", A, "anonymous"), ("committees:list", {}, "anonymous")],
    "person-A": [("committees:detail", A, "anonymous"), ("committees:detail", A, "secretary_a"),
                 ("committees:person-list", {}, "secretary_a"), ("committees:person-list", {}, "mayor")],
    "organisation-A": [("committees:detail", A, "anonymous"), ("initiatives:detail", PUBLIC_INITIATIVE, "anonymous")],
    "agenda-A": [("committees:meeting-detail", {**A, "pk": lambda w: w.a.meeting.pk}, "anonymous")],
    "minutes-A": [("committees:meeting-detail", {**A, "pk": lambda w: w.a.meeting.pk}, "anonymous"),
                  ("committees:meeting-record", {**A, "pk": lambda w: w.a.meeting.pk}, "secretary_a")],
    "recommendation-A": [("committees:recommendation-detail", {**A, "pk": lambda w: w.a.recommendation.pk}, "anonymous"),
                         ("committees:recommendation-update", {**A, "pk": lambda w: w.a.recommendation.pk}, "secretary_a")],
    "initiative-title": [("initiatives:list", {}, "anonymous"), ("initiatives:detail", PUBLIC_INITIATIVE, "anonymous"),
                         ("portal:home", {}, "anonymous"), ("portal:summary", {}, "mayor"),
                         ("initiatives:update", PUBLIC_INITIATIVE, "manager_a")],
    "initiative-summary": [("initiatives:list", {}, "anonymous"), ("initiatives:detail", PUBLIC_INITIATIVE, "anonymous"),
                           ("portal:home", {}, "anonymous")],
    "initiative-description": [("initiatives:detail", PUBLIC_INITIATIVE, "anonymous"),
                               ("initiatives:update", PUBLIC_INITIATIVE, "manager_a")],
    "update-text": [("initiatives:detail", PUBLIC_INITIATIVE, "anonymous")],
    "milestone-title": [("initiatives:detail", PUBLIC_INITIATIVE, "anonymous")],
    "funding-note": [("initiatives:funding", PUBLIC_INITIATIVE, "manager_a")],
    "indicator-name": [("initiatives:indicator-list", {}, "anonymous"),
                       ("initiatives:indicator-detail", {"slug": lambda w: w.indicator.slug}, "anonymous")],
    "survey-introduction": [("surveys:detail", {"slug": lambda w: w.surveys.open.slug}, "anonymous")],
    "answer-other": [("surveys:results", {"slug": lambda w: w.surveys.results.slug}, "anonymous"),
                     ("surveys:results", {"slug": lambda w: w.surveys.open.slug}, "mayor")],
    "answer-text": [("surveys:results", {"slug": lambda w: w.surveys.results.slug}, "anonymous"),
                    ("surveys:results", {"slug": lambda w: w.surveys.open.slug}, "manager_a")],
}
CASES = [
    pytest.param(field, name, kwargs, role, id=f"{field}-on-{name}-as-{role}")
    for field, places in WHERE_SHOWN.items()
    for name, kwargs, role in places
]


@pytest.mark.parametrize("field, name, kwargs, role", CASES)
def test_script_like_text_comes_out_escaped(clients, world, field, name, kwargs, role):
    url = reverse(name, kwargs={key: build(world) for key, build in kwargs.items()})
    page = clients[role].get(url).content.decode()
    assert escaped(field) in page
    assert evil(field) not in page
    assert f'onerror=alert("{field}")' not in page


@pytest.mark.parametrize("query", ["Pop-up shops", "Committee A"])
def test_search_results_show_script_like_text_escaped(clients, world, query):
    for role in ("anonymous", "mayor"):
        page = clients[role].get(reverse("portal:search"), {"q": query}).content.decode()
        assert "&lt;script&gt;alert(&quot;" in page
        assert "<script>alert(" not in page and "onerror=alert(" not in page.replace("onerror=alert(&quot;", "")


def test_the_search_box_gives_back_the_query_escaped(clients, world):
    page = clients["anonymous"].get(reverse("portal:search"), {"q": evil("query")}).content.decode()
    assert evil("query") not in page
    assert escaped("query").split("&lt;img")[0] in page


FORMULAS = ['=HYPERLINK("http://evil.example","click")', "+SUM(1,2)", "-2+3+cmd|' /C calc'!A0", "@SUM(1)"]


def rows(response):
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def cells(response):
    return [cell for row in rows(response) for cell in row]


def test_initiative_exports_write_formulas_as_text(clients, world):
    world.public.description = FORMULAS[0]
    world.public.summary = FORMULAS[1]
    world.public.save()
    ProgressUpdate.objects.create(initiative=world.public, text=FORMULAS[2])
    client = clients["anonymous"]
    exported = cells(client.get(reverse("initiatives:export", kwargs={"kind": "initiatives"})))
    assert "'" + FORMULAS[0] in exported and "'" + FORMULAS[1] in exported
    assert evil("initiative-title").join(["Pop-up shops ", ""]) in exported  # text in CSV is data, not HTML
    updates = cells(client.get(reverse("initiatives:export", kwargs={"kind": "updates"})))
    assert "'" + FORMULAS[2] in updates
    assert not [cell for cell in exported + updates if cell.startswith(("=", "+", "-", "@"))]


def test_survey_exports_write_residents_formulas_as_text(clients, world):
    answer = Answer.objects.filter(question__survey=world.surveys.open, text=evil("answer-text")).get()
    answer.text = FORMULAS[3]
    answer.save()
    Answer.objects.filter(question__survey=world.surveys.open, text=evil("answer-other")).update(text=FORMULAS[0])
    for name in ("surveys:export", "surveys:summary-export"):
        response = clients["mayor"].get(reverse(name, kwargs={"slug": world.surveys.open.slug}))
        assert response["Content-Disposition"].startswith("attachment;")
        exported = cells(response)
        assert not [cell for cell in exported if cell.startswith(("=", "+", "-", "@"))]
    exported = cells(clients["mayor"].get(reverse("surveys:export", kwargs={"slug": world.surveys.open.slug})))
    assert "'" + FORMULAS[3] in exported and "'" + FORMULAS[0] in exported


def test_the_summary_export_writes_formulas_as_text(clients, world):
    world.committee_a.name = FORMULAS[0]
    world.committee_a.save()
    response = clients["mayor"].get(reverse("portal:summary-csv"), {"committee": world.committee_a.pk})
    exported = cells(response)
    assert not [cell for cell in exported if cell.startswith(("=", "+", "@"))]


def test_an_exported_formula_imports_back_as_the_text_that_was_typed(clients, world):
    world.private.description = FORMULAS[0]
    world.private.save()
    client = clients["superuser"]
    exported = client.get(reverse("initiatives:export", kwargs={"kind": "initiatives"})).content
    url = reverse("initiatives:import", kwargs={"kind": "initiatives"})
    client.post(url, {"file": SimpleUploadedFile("initiatives.csv", exported, "text/csv")})
    client.post(url, {"confirm": "1"})
    world.private.refresh_from_db()
    assert world.private.description == FORMULAS[0]


@pytest.mark.parametrize("text", [*FORMULAS, "plain text", "", "'quoted", "\tTabbed", "12.5"])
def test_safe_cell_round_trips_through_unquote_cell(text):
    assert unquote_cell(safe_cell(text)) == text
    assert not safe_cell(text).startswith(("=", "+", "-", "@", "\t"))
    assert safe_cell(7) == 7
