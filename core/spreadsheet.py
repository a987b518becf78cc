"""CSV cells that a spreadsheet opens as text, never as a formula (CSV/formula injection).

A cell that starts with = + - @ (or a tab or carriage return, which some spreadsheets skip
before reading a formula) gets a leading apostrophe: spreadsheets show the text as typed and
do not run it. Every CSV export of the portal writes its text cells through `safe_cell`; an
import of our own exports reads them back through `unquote_cell`.
"""
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


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
