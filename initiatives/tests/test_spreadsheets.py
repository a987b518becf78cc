"""Imports and exports as people use spreadsheets: Excel in Slovenian or Polish saves "CSV" with
semicolons, decimal commas and its own dates, in Windows-1250 or UTF-8; Excel's own .xlsx.
A round trip through any of them changes nothing."""
import csv
import datetime
import io
import re
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import translation
from django.utils.translation import ngettext

from committees.tests.factories import OrganisationFactory
from initiatives.models import FundingLine, Initiative, Measurement, Milestone, ProgressUpdate
from initiatives.tests.factories import FundingLineFactory, InitiativeFactory, MilestoneFactory, ProgressUpdateFactory
from initiatives.tests.test_csv import confirm

pytestmark = pytest.mark.django_db

KINDS = ("initiatives", "milestones", "updates")
SLOVENIAN_DATE = "{day}. {month:02d}. {year}"  # Slovenian Windows' short date: "1. 03. 2026"
POLISH_DATE = "{day:02d}.{month:02d}.{year}"


def upload(client, kind, data, name="file.csv", language=""):
    url = reverse("initiatives:import", args=[kind])
    return client.post(url, {"file": SimpleUploadedFile(name, data), "language": language})


def export(client, kind, file_format="csv"):
    url_name = "initiatives:export" if file_format == "csv" else "initiatives:export-xlsx"
    response = client.get(reverse(url_name, args=[kind]))
    return b"".join(response.streaming_content) if response.streaming else response.content


def as_excel_saves(exported, *, encoding, date_style):
    """The canonical CSV opened and saved again by Excel set to Slovenian or Polish: semicolons, decimal
    commas, numbers in the General format (no trailing zeros), dates in the short date style, CRLF."""
    rows = csv.reader(io.StringIO(exported.decode("utf-8-sig"), newline=""))
    saved = io.StringIO()
    writer = csv.writer(saved, delimiter=";", lineterminator="\r\n")
    for row in rows:
        writer.writerow([_as_excel_shows(cell, date_style) for cell in row])
    text = saved.getvalue()
    return ("\ufeff" + text).encode("utf-8") if encoding == "utf-8-sig" else text.encode(encoding)


def _as_excel_shows(cell, date_style):
    if re.fullmatch(r"-?\d+\.\d+", cell):
        return cell.rstrip("0").rstrip(".").replace(".", ",")
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", cell):
        day = datetime.date.fromisoformat(cell)
        return date_style.format(day=day.day, month=day.month, year=day.year)
    return cell


@pytest.fixture
def programme(world):
    """An initiative with text Windows-1250 can hold (č, Ł, ź, an en dash), a text that looks like a
    formula, budget lines with cents, dates, a partner, a milestone and an update."""
    square = InitiativeFactory(
        slug="square", title="Čebelarski dan – Łódź", description='=1+2 is not a formula\nand "quotes"',
        lead_committee=world.committee, progress_override=40,
    )
    square.partners.add(OrganisationFactory(name="Obrtna zbornica"))
    FundingLineFactory(initiative=square, source=FundingLine.Source.EU, planned=Decimal("850000.50"), spent=Decimal("1.05"))
    FundingLineFactory(initiative=square, source=FundingLine.Source.MUNICIPAL, planned=Decimal("1200.00"), spent=Decimal("0.00"))
    MilestoneFactory(initiative=square, title="Gradbeno dovoljenje", done_on=square.start_on)
    ProgressUpdateFactory(initiative=square, text="Dela so se začela.", author=world.users["lead_manager"])
    return square


def _state():
    return (
        dict(Initiative.objects.values_list("slug", "version")),
        Initiative.history.count(),
        FundingLine.history.count(),
        Milestone.objects.count(),
        ProgressUpdate.objects.count(),
    )


def _import(client, kind, data, name="file.csv", language=""):
    preview = upload(client, kind, data, name, language).content.decode()
    assert "Nothing was imported" not in preview, preview
    response = confirm(client, kind)
    assert response.status_code == 302
    return preview


SAVED_AS = {
    "sl, Windows-1250": {"encoding": "cp1250", "date_style": SLOVENIAN_DATE, "language": "sl"},
    "sl, CSV UTF-8": {"encoding": "utf-8-sig", "date_style": SLOVENIAN_DATE, "language": "sl"},
    "pl, Windows-1250": {"encoding": "cp1250", "date_style": POLISH_DATE, "language": "pl"},
}


@pytest.mark.parametrize("saved_as", SAVED_AS, ids=list(SAVED_AS))
def test_an_export_saved_by_excel_in_slovenian_or_polish_imports_with_no_change(manager_client, programme, saved_as):
    options = dict(SAVED_AS[saved_as])
    language = options.pop("language")
    before = _state()
    exports = {kind: export(manager_client, kind) for kind in KINDS}
    for kind in KINDS:
        saved = as_excel_saves(exports[kind], **options)
        assert b";" in saved.splitlines()[0] and b"\r\n" in saved
        preview = _import(manager_client, kind, saved, language=language)
        assert "0 rows will be imported." in preview and "unchanged" in preview
    assert _state() == before

    Initiative.objects.all().delete()  # and from nothing, the files make the same programme again
    for kind in KINDS:
        _import(manager_client, kind, as_excel_saves(exports[kind], **options), language=language)
    assert {kind: export(manager_client, kind) for kind in KINDS} == exports


def test_an_xlsx_export_imports_with_no_change(manager_client, programme):
    before = _state()
    csv_exports = {kind: export(manager_client, kind) for kind in KINDS}
    workbooks = {kind: export(manager_client, kind, "xlsx") for kind in KINDS}
    for kind in KINDS:
        preview = _import(manager_client, kind, workbooks[kind], name=f"{kind}.xlsx")
        assert "0 rows will be imported." in preview
    assert _state() == before

    Initiative.objects.all().delete()
    for kind in KINDS:
        _import(manager_client, kind, workbooks[kind], name=f"{kind}.xlsx")
    assert {kind: export(manager_client, kind) for kind in KINDS} == csv_exports


def test_the_xlsx_export_has_typed_cells_and_no_formula(manager_client, programme):
    response = manager_client.get(reverse("initiatives:export-xlsx", args=["initiatives"]))
    assert response["Content-Type"] == "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    assert response["Content-Disposition"].startswith("attachment") and ".xlsx" in response["Content-Disposition"]
    sheet = openpyxl.load_workbook(io.BytesIO(b"".join(response.streaming_content))).active
    header = [cell.value for cell in sheet[1]]
    row = next(dict(zip(header, cells)) for cells in sheet.iter_rows(min_row=2) if cells[0].value == "square")
    assert row["title"].value == "Čebelarski dan – Łódź"
    assert row["description"].value.startswith("=1+2") and row["description"].data_type == "s"
    assert row["planned_eu"].value == 850000.5 and row["planned_eu"].data_type == "n"
    assert row["progress_override"].value == 40
    assert row["start_on"].is_date and row["start_on"].value.date() == programme.start_on
    assert row["is_public"].value == "yes"


def test_a_changed_decimal_comma_in_an_excel_file_is_imported_exactly(manager_client, programme):
    saved = as_excel_saves(export(manager_client, "initiatives"), encoding="cp1250", date_style=SLOVENIAN_DATE)
    changed = saved.replace(b"850000,5;", b"900000,75;")
    assert changed != saved
    preview = _import(manager_client, "initiatives", changed, language="sl")
    assert "1 row will be imported." in preview
    line = FundingLine.objects.get(initiative=programme, source=FundingLine.Source.EU)
    assert (line.planned, line.spent) == (Decimal("900000.75"), Decimal("1.05"))


POLISH_FILE = (
    "slug;title;summary;theme;status;lead_committee;start_on;is_public;planned_eu;spent_eu\r\n"
    "targ-nocny;Łódź: targ nocny;Stragany w piątki;vacant-premises;planned;city-marketing;01.05.2026;tak;12 000,50;0\r\n"
)


def test_a_polish_excel_file_in_windows_1250_imports_its_letters_and_decimal_commas(manager_client, world):
    data = POLISH_FILE.replace(";tak;", ";yes;").encode("cp1250")
    preview = upload(manager_client, "initiatives", data, language="pl").content.decode()
    assert "Łódź: targ nocny" in preview and "1 row will be imported." in preview
    assert confirm(manager_client, "initiatives").status_code == 302
    market = Initiative.objects.for_detail().get(slug="targ-nocny")
    assert market.title == "Łódź: targ nocny" and market.summary == "Stragany w piątki"
    assert market.start_on == datetime.date(2026, 5, 1) and market.planned_total == Decimal("12000.50")


def test_a_bad_cell_is_named_by_row_and_column_and_quoted(manager_client, world):
    page = upload(manager_client, "initiatives", POLISH_FILE.encode("cp1250"), language="pl").content.decode()
    assert "Row 2: column is_public, “tak”: Write “yes” or “no”." in page
    assert not Initiative.objects.filter(slug="targ-nocny").exists()


def test_a_decimal_point_in_a_file_of_decimal_commas_is_an_error_not_a_guess(manager_client, world):
    data = POLISH_FILE.replace(";tak;", ";yes;").replace("12 000,50", "12000.50").encode("cp1250")
    page = upload(manager_client, "initiatives", data, language="pl").content.decode()
    assert "Row 2: column planned_eu, “12000.50”: Enter a number." in page
    assert not Initiative.objects.filter(slug="targ-nocny").exists()


def test_a_file_the_chosen_code_page_cannot_read_is_refused_next_to_the_file(manager_client, world):
    data = POLISH_FILE.encode("cp1250") + b"\x98\r\n"  # neither UTF-8 nor a Windows-1250 character
    response = upload(manager_client, "initiatives", data, language="pl")
    assert "neither UTF-8 text nor Windows-1250 text" in str(response.context["form"].errors["file"])
    assert "Confirm the import" not in response.content.decode()


def test_utf8_is_read_as_utf8_whatever_language_is_chosen(manager_client, world):
    data = POLISH_FILE.replace(";tak;", ";yes;").encode("utf-8")  # no byte-order mark
    assert "Łódź: targ nocny" in upload(manager_client, "initiatives", data, language="fa").content.decode()


def test_a_slovenian_counter_export_and_a_workbook_import_measurements(manager_client, world):
    url = reverse("initiatives:measurement-import", args=[world.indicator.slug])
    slovenian = "datum;vrednost\r\n1. 03. 2025;3120,5\r\n2. 03. 2025;2987\r\n".encode("cp1250")
    manager_client.post(url, {"file": SimpleUploadedFile("f.csv", slovenian), "period": "day", "language": "sl"})
    response = manager_client.post(url, {"confirm": "1"})
    assert response.status_code == 302
    workbook = openpyxl.Workbook()
    workbook.active.append(["date", "value"])
    workbook.active.append([datetime.date(2025, 3, 3), 3301.25])
    data = io.BytesIO()
    workbook.save(data)
    manager_client.post(url, {"file": SimpleUploadedFile("f.xlsx", data.getvalue()), "period": "day"})
    response = manager_client.post(url, {"confirm": "1"})
    assert response.status_code == 302
    values = dict(Measurement.objects.filter(indicator=world.indicator).values_list("measured_on", "value"))
    assert values == {
        datetime.date(2025, 3, 1): Decimal("3120.5"), datetime.date(2025, 3, 2): Decimal(2987),
        datetime.date(2025, 3, 3): Decimal("3301.25"),
    }


def test_a_measurement_with_a_decimal_point_in_a_semicolon_file_is_refused(manager_client, world):
    url = reverse("initiatives:measurement-import", args=[world.indicator.slug])
    data = b"2025-03-01;3120.5\r\n"
    page = manager_client.post(url, {"file": SimpleUploadedFile("f.csv", data), "period": "day"}).content.decode()
    assert "row 1, column value, “3120.5”: not a number." in page and not Measurement.objects.exists()


def test_the_imported_rows_message_has_each_languages_plural_forms(manager_client, world):
    text = "initiative,title,due_on,done_on\nhomes-above-shops,A,2026-03-01,\nhomes-above-shops,B,2026-03-02,\n"
    upload(manager_client, "milestones", text.encode(), language="sl")
    response = manager_client.post(reverse("initiatives:import", args=["milestones"]), {"confirm": "1"},
                                   HTTP_ACCEPT_LANGUAGE="sl", follow=True)
    assert "2 vrstici uvoženi." in [str(message) for message in response.context["messages"]]
    expected = {
        "sl": {1: "1 vrstica uvožena.", 3: "3 vrstice uvožene.", 5: "5 vrstic uvoženih.", 101: "101 vrstica uvožena."},
        "pl": {1: "Zaimportowano 1 wiersz.", 3: "Zaimportowano 3 wiersze.", 5: "Zaimportowano 5 wierszy.",
               22: "Zaimportowano 22 wiersze."},
        "fa": {1: "1 ردیف وارد شد.", 5: "5 ردیف وارد شد."},
        "en": {1: "1 row imported.", 5: "5 rows imported."},
    }
    for language, by_count in expected.items():
        with translation.override(language):
            for count, message in by_count.items():
                shown = ngettext("%(count)s row imported.", "%(count)s rows imported.", count) % {"count": count}
                assert shown == message
