"""Spreadsheets written (canonical CSV, xlsx) and read (CSV as Excel saves it in each language, xlsx)."""
import datetime
import io
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from core.spreadsheet import csv_lines, xlsx_file
from core.spreadsheet_reading import SheetError, read_number, read_sheet

ROWS = [
    ["title", "planned", "due on", "changed at"],
    ["=HYPERLINK(\"http://evil.example\")", Decimal("12000.50"), datetime.date(2026, 3, 1),
     datetime.datetime(2026, 3, 1, 14, 30)],
    ["Łódź, ul. Piotrkowska", 7, None, None],
]


def upload(data, name="file.csv"):
    return SimpleUploadedFile(name, data)


@pytest.mark.parametrize("text, separator, expected", [
    ("5,50", ",", Decimal("5.50")),
    ("1.234,50", ",", Decimal("1234.50")),
    ("1 234,5", ",", Decimal("1234.5")),
    ("1\u00a0000,50", ",", Decimal("1000.50")),
    ("-3,25", ",", Decimal("-3.25")),
    ("3301.5", ".", Decimal("3301.5")),
    ("1,234.5", ".", Decimal("1234.5")),
    ("۱۲٫۵", "٫", Decimal("12.5")),
    ("۱۲", ".", Decimal("12")),
])
def test_a_number_is_read_with_the_decimal_separator_it_is_given(text, separator, expected):
    assert read_number(text, separator) == expected


@pytest.mark.parametrize("text, separator", [
    ("12000.50", ","),  # a decimal point in a file of decimal commas: never guessed
    ("3,5", "."),
    ("1.23,5", ","),  # grouping only in threes
    ("lots", "."),
    ("", ","),
    ("1e5", "."),
])
def test_a_number_written_otherwise_is_not_read(text, separator):
    assert read_number(text, separator) is None


def test_the_canonical_csv_is_utf8_with_a_byte_order_mark_commas_and_a_decimal_point():
    data = "".join(csv_lines(ROWS)).encode("utf-8")
    assert data.startswith(b"\xef\xbb\xbf")
    lines = data.decode("utf-8-sig").split("\r\n")
    assert lines[1] == '"\'=HYPERLINK(""http://evil.example"")",12000.50,2026-03-01,2026-03-01T14:30:00'
    assert lines[2] == '"Łódź, ul. Piotrkowska",7,,'


def test_the_xlsx_holds_text_as_text_numbers_as_numbers_and_dates_as_dates():
    sheet = openpyxl.load_workbook(xlsx_file(ROWS, "Figures")).active
    assert sheet.title == "Figures"
    title, planned, due_on, changed_at = sheet[2]
    assert title.value == '=HYPERLINK("http://evil.example")' and title.data_type == "s"  # never a formula
    assert planned.value == 12000.5 and planned.data_type == "n"
    assert due_on.value == datetime.datetime(2026, 3, 1) and due_on.is_date
    assert changed_at.value == datetime.datetime(2026, 3, 1, 14, 30) and changed_at.is_date
    assert [cell.value for cell in sheet[3]] == ["Łódź, ul. Piotrkowska", 7, None, None]


def test_an_xlsx_reads_back_as_the_canonical_csv_would():
    sheet = read_sheet(upload(xlsx_file(ROWS, "x").read(), "file.xlsx"), "sl")
    assert sheet.decimal_separator == "."
    assert sheet.rows[1] == (2, ['=HYPERLINK("http://evil.example")', "12000.5", "2026-03-01", "2026-03-01T14:30:00"])
    assert sheet.rows[2] == (3, ["Łódź, ul. Piotrkowska", "7"])  # a workbook row ends at its last value


@pytest.mark.parametrize("data, language, delimiter_rows, decimal_separator", [
    ("\ufeffa,b\r\n1.5,x\r\n".encode("utf-8"), "sl", ["1.5", "x"], "."),  # canonical
    ("a;b\r\n1,5;Łódź\r\n".encode("utf-8"), "en", ["1,5", "Łódź"], ","),  # UTF-8 without a BOM wins over the language
    ("a;b\r\n1,5;Łódź\r\n".encode("cp1250"), "pl", ["1,5", "Łódź"], ","),  # Polish Excel's "CSV"
    ("a;b\r\n1,5;Čebelarska\r\n".encode("cp1250"), "sl", ["1,5", "Čebelarska"], ","),
    ("a;b\r\n1,5;بازار\r\n".encode("cp1256"), "fa", ["1,5", "بازار"], ","),
    ("a\tb\r\n1,5\tx\r\n".encode("utf-16"), "sl", ["1,5", "x"], ","),  # Excel's "Unicode text"
    ("a\tb\r\n1.5\tx\r\n".encode("utf-16"), "en", ["1.5", "x"], "."),
])
def test_csv_is_read_as_excel_saves_it_in_each_language(data, language, delimiter_rows, decimal_separator):
    sheet = read_sheet(upload(data), language)
    assert sheet.rows == [(1, ["a", "b"]), (2, delimiter_rows)]
    assert sheet.decimal_separator == decimal_separator


def test_bytes_the_chosen_code_page_cannot_read_are_an_error_not_mojibake():
    data = "a;b\r\nŁódź;1\r\n".encode("cp1250") + b"\x98\r\n"  # 0x98 is no character in Windows-1250
    with pytest.raises(SheetError) as error:
        read_sheet(upload(data), "pl")
    assert "neither UTF-8 text nor Windows-1250 text" in str(error.value)


def test_a_file_that_looks_like_a_workbook_but_is_not_is_an_error():
    with pytest.raises(SheetError) as error:
        read_sheet(upload(b"PK\x03\x04 not really a zip", "file.xlsx"), "en")
    assert "not an Excel workbook" in str(error.value)


def test_empty_rows_are_left_out_but_rows_keep_their_numbers():
    sheet = read_sheet(upload(io.BytesIO(b"a,b\n\n,\n1,2\n").read()), "en")
    assert sheet.rows == [(1, ["a", "b"]), (4, ["1", "2"])]
