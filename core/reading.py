"""Numbers, percentages and dates as the reader's language writes them.

Every figure and date a page shows goes through these functions (the template filters in
core/templatetags/reading.py wrap them): grouping and decimal separators of the language, Persian
digits on Persian pages, the percent sign where the language puts it, and on Persian pages dates
in the Solar Hijri calendar (the Gregorian date stays available to the markup that wants it).
Only text for reading is made here; URLs, attributes such as `datetime=`, ids and form values keep
Latin digits and ISO dates.
"""
import datetime
from decimal import ROUND_HALF_UP, Decimal

import jdatetime
from django.utils import dateformat, timezone
from django.utils.formats import get_format, number_format
from django.utils.translation import get_language, get_language_bidi, pgettext_lazy

from core.numerals import native_digits, uses_persian_digits

# Where each language puts the percent sign (a no-break space keeps "50 %" on one line).
PERCENT_PATTERNS = {"en": "{}%", "sl": "{}\u00a0%", "pl": "{}\u00a0%", "fa": "{}\u066a"}
# Persian writes its own decimal and thousands separators next to Persian digits (as Intl does).
PERSIAN_SEPARATORS = str.maketrans({".": "\u066b", ",": "\u066c"})
MINUS = "\u2212"

# A month after a day or a preposition ("6. decembra", "do aprila 2028") takes the genitive: the
# date format character "E" looks these up. Django's own Slovenian catalog gives the nominative, so
# ours supplies them; listed here so that makemessages keeps them in our catalogs.
MONTHS_AFTER_PREPOSITION = [
    pgettext_lazy("alt. month", "January"), pgettext_lazy("alt. month", "February"),
    pgettext_lazy("alt. month", "March"), pgettext_lazy("alt. month", "April"),
    pgettext_lazy("alt. month", "May"), pgettext_lazy("alt. month", "June"),
    pgettext_lazy("alt. month", "July"), pgettext_lazy("alt. month", "August"),
    pgettext_lazy("alt. month", "September"), pgettext_lazy("alt. month", "October"),
    pgettext_lazy("alt. month", "November"), pgettext_lazy("alt. month", "December"),
]
# The Solar Hijri months in Persian.
JALALI_MONTHS = [
    "فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی", "بهمن", "اسفند",
]


def _language():
    return (get_language() or "en").split("-")[0]


def listed(items):
    """Items as one run of text, separated as the reader's language writes a list ("a, b" ; in
    Persian "a، b")."""
    return list_separator().join(str(item) for item in items)


def list_separator():
    """What separates the items of a list in the reader's language (", "; in Persian "، ")."""
    return str(pgettext_lazy("separator between the items of a list", ", "))


def rounded(value, decimal_places=None):
    """`value` as a Decimal rounded half up to `decimal_places` (None: as it is)."""
    value = Decimal(str(value))
    if decimal_places is None:
        return value
    return value.quantize(Decimal(1).scaleb(-int(decimal_places)), rounding=ROUND_HALF_UP)


def number(value, decimal_places=None):
    """`value` grouped by thousands, with `decimal_places` (None: as stored; negative, as for
    `floatformat`: that many only when the value is not whole), in the reader's digits."""
    if value in (None, ""):
        return ""
    if decimal_places is not None and int(decimal_places) < 0:
        value = rounded(value, -int(decimal_places))
        decimal_places = 0 if value == value.to_integral_value() else -int(decimal_places)
    decimal_places = None if decimal_places is None else int(decimal_places)
    value = rounded(value, decimal_places)
    text = number_format(abs(value), decimal_pos=decimal_places, use_l10n=True, force_grouping=True)
    if uses_persian_digits():
        text = text.translate(PERSIAN_SEPARATORS)
    text = native_digits(text)
    if value < 0:  # written as `signed` writes a fall: a true minus, kept before the figure in right-to-left text
        text = f"{MINUS}{text}"
        return f"\u2066{text}\u2069" if get_language_bidi() else text
    return text


def signed(value, decimal_places=None):
    """A change: "+3", "−2" (a true minus sign), "0". On a right-to-left page the figure is isolated
    left to right (U+2066 … U+2069, as `<bdi dir="ltr">` does), so its sign stays before it."""
    if value in (None, ""):
        return ""
    value = rounded(value, decimal_places)
    text = number(abs(value), decimal_places)
    if value:
        text = f"{'+' if value > 0 else MINUS}{text}"
    return f"\u2066{text}\u2069" if value and get_language_bidi() else text


def percent(value, decimal_places=0, sign=False):
    """`value` per cent with the sign where the reader's language puts it: "50%", "50 %", "۵۰٪";
    with `sign`, a change: "+3%"."""
    if value in (None, ""):
        return ""
    figure = signed(value, decimal_places) if sign else number(value, decimal_places)
    return PERCENT_PATTERNS.get(_language(), "{}%").format(figure)


def _local(value):
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def gregorian(value, format_name="DATE_FORMAT"):
    """`value` in the Gregorian calendar with the language's date format, in the reader's digits."""
    if value in (None, ""):
        return ""
    return native_digits(dateformat.format(_local(value), get_format(format_name)))


def _jalali(value, format_name):
    value = _local(value)
    day = value.date() if isinstance(value, datetime.datetime) else value
    jalali = jdatetime.date.fromgregorian(date=day)
    month_year = f"{JALALI_MONTHS[jalali.month - 1]} {jalali.year}"
    text = month_year if format_name == "YEAR_MONTH_FORMAT" else f"{jalali.day} {month_year}"
    if format_name in ("DATETIME_FORMAT", "SHORT_DATETIME_FORMAT") and isinstance(value, datetime.datetime):
        text = f"{text}، ساعت {value:%H:%M}"
    return native_digits(text)


def date(value, format_name="DATE_FORMAT"):
    """A date (or date and time) as the reader reads it: the language's format, and on Persian pages
    the Solar Hijri calendar ("۱۵ آذر ۱۴۰۵"). `format_name` is one of Django's date format names;
    "YEAR_MONTH_FORMAT_AFTER_PREPOSITION" is the month and year after "by", "since" ("do aprila 2028")."""
    if value in (None, ""):
        return ""
    after_preposition = format_name == "YEAR_MONTH_FORMAT_AFTER_PREPOSITION"
    if after_preposition:
        format_name = "YEAR_MONTH_FORMAT"
    if uses_persian_digits():
        return _jalali(value, format_name)
    if after_preposition:  # "E": the month name with the context "alt. month" (see above)
        return native_digits(dateformat.format(_local(value), "E Y"))
    return gregorian(value, format_name)


def iso(value):
    """The machine-readable form for `<time datetime>`: a day, or a time to the second with its offset."""
    value = _local(value)
    if isinstance(value, datetime.datetime):
        return value.replace(microsecond=0).isoformat()
    return value.isoformat()
