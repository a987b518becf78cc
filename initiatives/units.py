"""The units an indicator can be measured in, each written so that it agrees with its number in
every language ("1 podjetje", "2 podjetji", "188 podjetij"; "200 firm").

An indicator takes one of these (`Indicator.standard_unit`) or, when none fits, a unit staff type
in themselves (`Indicator.unit`). A typed unit cannot agree with its number, so it is shown as a
label before the figure ("Businesses: 188") rather than after it.
"""
from django.db import models
from django.utils.translation import gettext, gettext_lazy as _, ngettext_lazy, npgettext_lazy, pgettext_lazy

from core import reading
from core.numerals import native_digits
from core.translated import reader_language
from initiatives.vocabulary import translated


class StandardUnit(models.TextChoices):
    PERCENT = "percent", _("per cent (%)")
    PEOPLE_A_DAY = "people_a_day", _("people a day")
    PEOPLE = "people", _("people")
    BUSINESSES = "businesses", pgettext_lazy("indicator unit", "businesses")
    PREMISES = "premises", _("units (premises)")
    EVENTS_A_MONTH = "events_a_month", _("events a month")
    MICROGRAMS_PER_CUBIC_METRE = "micrograms_per_cubic_metre", _("micrograms per cubic metre (µg/m³)")


# Each unit with its number: the plural form is chosen by "count" (the value), the figure shown is
# "number" (the value as the reader's language writes it).
WITH_NUMBER = {
    StandardUnit.PEOPLE_A_DAY: ngettext_lazy("%(number)s person a day", "%(number)s people a day", "count"),
    StandardUnit.PEOPLE: ngettext_lazy("%(number)s person", "%(number)s people", "count"),
    StandardUnit.BUSINESSES: npgettext_lazy("indicator unit", "%(number)s business", "%(number)s businesses", "count"),
    StandardUnit.PREMISES: ngettext_lazy("%(number)s unit", "%(number)s units", "count"),
    StandardUnit.EVENTS_A_MONTH: ngettext_lazy("%(number)s event a month", "%(number)s events a month", "count"),
}
SYMBOLS = {StandardUnit.MICROGRAMS_PER_CUBIC_METRE: "µg/m³"}
# A column header or a chart's legend names the unit without a number.
NAMES = {
    StandardUnit.PERCENT: "%",
    StandardUnit.PEOPLE_A_DAY: _("people a day"),
    StandardUnit.PEOPLE: _("people"),
    StandardUnit.BUSINESSES: pgettext_lazy("indicator unit", "businesses"),
    StandardUnit.PREMISES: _("units"),
    StandardUnit.EVENTS_A_MONTH: _("events a month"),
    **SYMBOLS,
}


# A fraction takes the noun's genitive singular in Polish ("2,5 osoby"), which for the portal's
# units is the form of 2-4; elsewhere it reads like many ("2,5 ljudi").
FRACTION_COUNT = {"pl": 2}


def _plural_count(value, decimal_places):
    """The number that picks the plural form: the figure as shown when whole; for a fraction, the
    count whose form a fraction takes in the reader's language."""
    shown = abs(reading.rounded(value, decimal_places))
    return int(shown) if shown == int(shown) else FRACTION_COUNT.get(reader_language(), 5)


def unit_name(*, standard_unit, typed_unit):
    """The unit on its own, for a column header or a legend: "people a day", "µg/m³", a typed unit."""
    if standard_unit:
        return str(NAMES[standard_unit])
    return translated(typed_unit)


def with_unit(value, *, standard_unit, typed_unit, decimal_places, sign=False):
    """`value` with its unit as the reader's language writes them: "188 podjetij", "12,5 %",
    "21,0 µg/m³", or for a typed unit "Businesses: 188". `sign` writes a change ("+3")."""
    if value in (None, ""):
        return ""
    if standard_unit == StandardUnit.PERCENT:
        return reading.percent(value, decimal_places, sign=sign)
    number = reading.signed(value, decimal_places) if sign else reading.number(value, decimal_places)
    if standard_unit in WITH_NUMBER:
        return WITH_NUMBER[standard_unit] % {"count": _plural_count(value, decimal_places), "number": number}
    if standard_unit in SYMBOLS:
        return f"{number}\u00a0{SYMBOLS[standard_unit]}"
    if not typed_unit:
        return number
    return gettext("%(unit)s: %(number)s") % {"unit": translated(typed_unit), "number": number}


def period_label(start, period):
    """A reporting period as the reader names it, from its first day: "12 March 2026", "week of
    9 March 2026", "March 2026", "Q1 2026", "2026"."""
    if start in (None, ""):
        return ""
    if period == "day":
        return reading.date(start)
    if period == "week":
        return gettext("week of %(date)s") % {"date": reading.date(start)}
    if period == "month":
        return reading.date(start, "YEAR_MONTH_FORMAT")
    year = native_digits(str(start.year))
    if period == "quarter":
        return gettext("Q%(quarter)s %(year)s") % {
            "quarter": native_digits(str((start.month - 1) // 3 + 1)), "year": year}
    return year
