"""Checking the rows of an uploaded spreadsheet before anything is written: the upload form (read
into a core.spreadsheet_reading.Sheet), the row forms' cells (numbers with the file's decimal
separator, dates as spreadsheets write them, yes/no), and the messages that name a bad cell with
the text the file has in it. Every import of the portal (initiatives, premises) reads its rows
with these."""
import datetime

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.number_input import format_number
from core.numerals import latin_digits
from core.spreadsheet_reading import SheetError, read_number, read_sheet

# ISO, and dates as Slovenian ("1. 03. 2026") and Polish ("01.03.2026") Excel save them. Never with
# slashes: Excel writes 12/6/2026 for 6 December in the US and for 12 June in Britain, and no language
# of the portal writes its own dates day first with slashes (Django's DATE_INPUT_FORMATS: en and fa
# read them month first), so the language chosen on upload cannot tell which is meant.
DATE_FORMATS = ["%Y-%m-%d", "%d.%m.%Y", "%d. %m. %Y"]
DATE_EXAMPLES = {"iso": "2026-12-06", "spaced": "6. 12. 2026", "dotted": "06.12.2026"}


class CsvError(SheetError):
    """The file cannot be imported; `messages` says why (one per bad row where rows are to blame)."""

    def __init__(self, *messages):
        super().__init__(" ".join(str(m) for m in messages))
        self.messages = list(messages)


class SheetNumberMixin:
    """A number written with the file's decimal separator (set per form by RowForm), never guessed."""

    decimal_separator = "."

    def to_python(self, value):
        if value not in self.empty_values:
            number = read_number(str(value), self.decimal_separator)
            if number is None:
                raise ValidationError(self.error_messages["invalid"], code="invalid")
            value = str(number)
        return super().to_python(value)


class SheetDecimalField(SheetNumberMixin, forms.DecimalField):
    pass


class SheetIntegerField(SheetNumberMixin, forms.IntegerField):
    pass


class RowForm(forms.Form):
    def __init__(self, data, decimal_separator="."):
        super().__init__(data)
        for form_field in self.fields.values():
            if isinstance(form_field, SheetNumberMixin):
                form_field.decimal_separator = decimal_separator


class YesNoField(forms.CharField):
    def to_python(self, value):
        value = (value or "").strip().lower()
        if value in ("yes", "true", "1", "y"):
            return True
        if value in ("", "no", "false", "0", "n"):
            return False
        raise ValidationError(_("Write “yes” or “no”."))


def date_message(text):
    """Why `text` is not a date of a spreadsheet, and the forms that are."""
    if "/" in text:
        return _(
            "A date with slashes is not read, as spreadsheets write the day first in some countries and the month "
            "first in others: write it as %(iso)s, %(spaced)s or %(dotted)s."
        ) % DATE_EXAMPLES
    return _("Not a date: write it as %(iso)s, %(spaced)s or %(dotted)s.") % DATE_EXAMPLES


def parse_date(text):
    """The date a spreadsheet cell writes in one of DATE_FORMATS (Persian digits too), or None."""
    for date_format in DATE_FORMATS:
        try:
            return datetime.datetime.strptime(latin_digits(text.strip()), date_format).date()
        except ValueError:
            continue
    return None


class CsvDateField(forms.DateField):
    input_formats = DATE_FORMATS

    def to_python(self, value):
        if isinstance(value, str):
            value = latin_digits(value)
        try:
            return super().to_python(value)
        except ValidationError:
            raise ValidationError(date_message(value), code="invalid") from None


QUOTED_LENGTH = 60


def cell_message(column, cell, message):
    """An error about one cell: its column, the cell as the file has it (shortened), and what is wrong."""
    if not cell:
        return _("column %(column)s, empty: %(message)s") % {"column": column, "message": message}
    quoted = cell if len(cell) <= QUOTED_LENGTH else cell[:QUOTED_LENGTH] + "…"
    return _("column %(column)s, “%(cell)s”: %(message)s") % {"column": column, "cell": quoted, "message": message}


def row_messages(error, row, column_names=None):
    """The messages of a row's ValidationError, each naming its cell (`column_names`: {field: the
    column's name as the file has it}, else the field's own name)."""
    column_names = column_names or {}
    if hasattr(error, "message_dict"):
        return [
            cell_message(column_names.get(name, name), row.get(name, ""), " ".join(messages)) if name in row
            else " ".join(messages)
            for name, messages in error.message_dict.items()
        ]
    return error.messages


def validate_csv_size(upload):
    if upload.size > settings.MAX_UPLOAD_MB * 1024 * 1024:
        raise forms.ValidationError(_("The file is too large (at most %(limit)s MB)."), params={"limit": format_number(settings.MAX_UPLOAD_MB, grouping=True)})


class SpreadsheetUploadForm(forms.Form):
    """A spreadsheet to import, read into `cleaned_data["sheet"]`; a file that cannot be read is an
    error on the file field."""

    file = forms.FileField(
        label=gettext_lazy("Spreadsheet file"), validators=[validate_csv_size],
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,.txt,.xlsx,text/csv"}),
        help_text=gettext_lazy(
            "CSV or an Excel workbook (.xlsx), with a header row. CSV as Excel saves it in any of the "
            "portal's languages is read as it is: separated by commas or semicolons, with decimal commas "
            "after semicolons, in UTF-8 or the language's Windows code page."
        ),
    )
    language = forms.ChoiceField(
        label=gettext_lazy("Language of the spreadsheet program"), choices=settings.LANGUAGES, required=False,
        help_text=gettext_lazy(
            "Only for CSV that is not UTF-8: its text is read in this language's Windows code page "
            "(Slovenian and Polish: Windows-1250; Persian: Windows-1256; English: Windows-1252)."
        ),
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["language"].initial = get_language()

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("file"):
            try:
                cleaned_data["sheet"] = read_sheet(cleaned_data["file"], cleaned_data.get("language") or get_language())
            except SheetError as error:
                self.add_error("file", error.messages[0])
        return cleaned_data
