"""Reading an uploaded spreadsheet: the canonical CSV, CSV as Excel saves it in each language, and .xlsx.

Slovenian and Polish Excel save "CSV" with semicolons between the cells and decimal commas, in
the Windows code page of the language unless "CSV UTF-8" is chosen. So:

- The encoding is decided strictly, never guessed: UTF-8 (with or without a byte-order mark),
  UTF-16 with its byte-order mark (Excel's "Unicode text"), else the Windows code page of the
  language chosen on upload. Bytes that code page cannot read are an error, not a silent
  replacement.
- The delimiter is read off the first line: a tab, else a semicolon, else a comma.
- The decimal separator follows from the delimiter, for the whole file, never cell by cell: a
  semicolon means a decimal comma, a comma a decimal point (a comma-separated file cannot hold
  unquoted decimal commas), a tab the decimal separator of the language chosen on upload.
- An .xlsx holds typed cells: numbers are written back as text with a decimal point, dates as
  ISO dates, so the row forms read them as they read the canonical CSV.

The result is a `Sheet`: numbered rows of text cells and the decimal separator to read numbers with.
"""
import codecs
import csv
import datetime
import io
import zipfile
from dataclasses import dataclass
from decimal import Decimal

from django.utils.formats import get_format
from django.utils.translation import gettext as _
from openpyxl import load_workbook

from core import number_input

# The code page Excel uses for "CSV" (not "CSV UTF-8") on Windows set to each language.
CODE_PAGES = {"en": "cp1252", "sl": "cp1250", "pl": "cp1250", "fa": "cp1256"}
CODE_PAGE_NAMES = {"cp1252": "Windows-1252", "cp1250": "Windows-1250", "cp1256": "Windows-1256"}
XLSX_SIGNATURE = b"PK\x03\x04"
# An .xlsx is a zip: what it may unpack to, against a zip bomb.
XLSX_MAX_UNPACKED_BYTES = 200 * 1024 * 1024


class SheetError(Exception):
    """The file cannot be read as a spreadsheet; the message says why."""

    def __init__(self, message):
        super().__init__(str(message))
        self.messages = [message]


@dataclass
class Sheet:
    rows: list  # [(row number as the spreadsheet shows it, [cell text, ...])], empty rows left out
    decimal_separator: str

    def as_session(self):
        return {"rows": self.rows, "decimal_separator": self.decimal_separator}

    @classmethod
    def from_session(cls, data):
        return cls(rows=[(number, cells) for number, cells in data["rows"]], decimal_separator=data["decimal_separator"])


def read_sheet(upload, language):
    """The uploaded file (CSV or .xlsx) as a Sheet; `language` chose the code page and tab files' decimals."""
    data = upload.read()
    if data.startswith(XLSX_SIGNATURE):
        return _read_xlsx(data)
    return read_csv_text(decode_csv(data, language), language)


def decode_csv(data, language):
    """The text of a CSV file: UTF-8, UTF-16 with a byte-order mark, or the language's code page."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16")
        except UnicodeDecodeError as error:
            raise SheetError(_("The file says it is UTF-16 text but is not.")) from error
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        pass
    code_page = CODE_PAGES.get(language, CODE_PAGES["en"])
    try:
        return data.decode(code_page)
    except UnicodeDecodeError as error:
        raise SheetError(_(
            "The file is neither UTF-8 text nor %(code_page)s text, the code page of the language chosen. "
            "Choose the language the spreadsheet program uses, or save the file as “CSV UTF-8”."
        ) % {"code_page": CODE_PAGE_NAMES[code_page]}) from error


def _delimiter(text):
    first_line = next((line for line in text.splitlines() if line.strip()), "")
    return next((delimiter for delimiter in ("\t", ";") if delimiter in first_line), ",")


def read_csv_text(text, language):
    delimiter = _delimiter(text)
    decimal_separator = {";": ",", ",": "."}.get(delimiter) or get_format("DECIMAL_SEPARATOR", language)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        rows = [(number, cells) for number, cells in enumerate(reader, start=1) if "".join(cells).strip()]
    except csv.Error as error:
        raise SheetError(_("The file is not readable as CSV: %(error)s.") % {"error": error}) from error
    return Sheet(rows=rows, decimal_separator=decimal_separator)


def _read_xlsx(data):
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            if sum(member.file_size for member in archive.infolist()) > XLSX_MAX_UNPACKED_BYTES:
                raise SheetError(_("The workbook is too large to read."))
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except SheetError:
        raise
    except Exception as error:  # openpyxl raises many kinds for a file that is not a workbook
        raise SheetError(_("The file is not an Excel workbook (.xlsx) that can be read.")) from error
    try:
        values = workbook.worksheets[0].iter_rows(values_only=True)
        rows = [(number, [xlsx_text(value) for value in cells]) for number, cells in enumerate(values, start=1)]
    finally:
        workbook.close()
    return Sheet(rows=[(number, cells) for number, cells in rows if "".join(cells).strip()], decimal_separator=".")


def xlsx_text(value):
    """A typed workbook cell as the canonical CSV would hold it."""
    if value is None:
        return ""
    if isinstance(value, datetime.datetime):
        return value.date().isoformat() if value.time() == datetime.time() else value.isoformat()
    if isinstance(value, (datetime.date, datetime.time)):
        return value.isoformat()
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else format(Decimal(repr(value)), "f")
    return str(value)


def read_number(text, decimal_separator):
    """The Decimal `text` writes with the file's `decimal_separator`, or None: read as a page reads a
    typed number (core.number_input), except that the other of "." and "," only groups thousands."""
    try:
        return number_input.read_number(text, decimal_separator=decimal_separator)
    except number_input.NumberNotRead:
        return None