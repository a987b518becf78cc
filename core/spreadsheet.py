"""Spreadsheet exports: one canonical CSV and an Excel workbook (.xlsx), from the same rows.

Every export of the portal is a sequence of rows (the header row first) of typed values: text,
numbers (int, Decimal), dates and date-times, None for an empty cell. They leave as

- CSV, one canonical format whatever the reader's language: UTF-8 with a byte-order mark (so
  Excel reads it as UTF-8), comma-separated, decimal point, ISO dates. A text cell that could
  start a formula is written through `safe_cell` (CSV/formula injection): spreadsheets show
  the text as typed and do not run it.
- .xlsx, written by openpyxl in write-only mode into a temporary file that the response then
  streams, so memory stays flat however many rows there are. Numbers are numbers, dates are
  dates, and text is always a text cell, even one that starts with "=": the workbook holds no
  formula, so no spreadsheet evaluates one.
"""
import csv
import datetime
import tempfile
from decimal import Decimal

from django.http import FileResponse, HttpResponse, StreamingHttpResponse
from django.utils import timezone
from django.utils.http import content_disposition_header
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
FORMATS = ("csv", "xlsx")
CSV_CONTENT_TYPE = "text/csv; charset=utf-8"
XLSX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
BYTE_ORDER_MARK = "\ufeff"
SHEET_TITLE_LENGTH = 31  # Excel's limit
SHEET_TITLE_FORBIDDEN = str.maketrans({character: " " for character in "[]:*?/\\"})


def safe_cell(value):
    """Text that could start a formula, prefixed with an apostrophe; numbers and dates unchanged."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value


def unquote_cell(text):
    """The text `safe_cell` was given, for a cell read back from one of our exports."""
    if text.startswith("'") and text[1:].startswith(FORMULA_STARTS):
        return text[1:]
    return text


# CSV

def csv_cell(value):
    """A value as the canonical CSV writes it: ISO dates, decimal point, text made safe."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.isoformat(timespec="seconds")
    if isinstance(value, datetime.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    if isinstance(value, (int, float)):
        return str(value)
    return safe_cell(str(value))


class _Echo:
    """A file-like object whose write returns the line, for csv.writer inside a generator."""

    def write(self, value):
        return value


def csv_lines(rows):
    """The canonical CSV, line by line (the byte-order mark first), as a generator."""
    writer = csv.writer(_Echo())
    yield BYTE_ORDER_MARK
    for row in rows:
        yield writer.writerow([csv_cell(value) for value in row])


# xlsx

def _local_naive(moment):
    """Excel has no time zones: a date-time is written as the town's local time."""
    return timezone.make_naive(moment) if timezone.is_aware(moment) else moment


def xlsx_cell(sheet, value):
    """A value as an xlsx cell: text always a text cell (never a formula), numbers and dates typed."""
    if value is None or isinstance(value, (int, float, Decimal, datetime.date)):
        return _local_naive(value) if isinstance(value, datetime.datetime) else value
    text = ILLEGAL_CHARACTERS_RE.sub("", str(value))  # control characters XML cannot hold
    if not text.startswith("="):
        return text
    cell = WriteOnlyCell(sheet, value=text)
    cell.data_type = "s"  # openpyxl would store text that starts with "=" as a formula
    return cell


def _sheet_title(title):
    return (str(title).translate(SHEET_TITLE_FORBIDDEN).strip() or "Sheet")[:SHEET_TITLE_LENGTH]


def xlsx_file(rows, title):
    """The rows as a workbook of one sheet, in a temporary file (deleted when closed), at its start."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(title))
    for row in rows:
        sheet.append([xlsx_cell(sheet, value) for value in row])
    file = tempfile.TemporaryFile()
    workbook.save(file)
    file.seek(0)
    return file


# Responses

def spreadsheet_response(rows, *, filename, file_format="csv", title="", stream=False):
    """A download of the rows as `filename`.csv or .xlsx. `stream`: the CSV leaves line by line as the
    rows are made (for exports that can be large); the xlsx always streams from its temporary file."""
    if file_format == "xlsx":
        return FileResponse(
            xlsx_file(rows, title or filename), as_attachment=True, filename=f"{filename}.xlsx",
            content_type=XLSX_CONTENT_TYPE,
        )
    lines = csv_lines(rows)
    response = StreamingHttpResponse(lines, content_type=CSV_CONTENT_TYPE) if stream else HttpResponse(
        "".join(lines), content_type=CSV_CONTENT_TYPE
    )
    response["Content-Disposition"] = content_disposition_header(True, f"{filename}.csv")
    return response
