"""The units an indicator can be measured in, each written so that it agrees with its number in
every language ("1 podjetje", "2 podjetji", "188 podjetij"; "200 firm").

An indicator takes one of these (`Indicator.standard_unit`) or, when none fits, a unit staff type
in themselves (`Indicator.unit`). A typed unit cannot agree with its number, so it is shown as a
label before the figure ("Businesses: 188") rather than after it.
"""
from django.db import models
from django.utils.translation import gettext, gettext_lazy as _, ngettext_lazy, npgettext_lazy, pgettext_lazy

from core import reading
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


def _plural_count(value, decimal_places):
    """The number that picks the plural form: the figure as shown when whole; a fraction reads
    like many ("2,5 ljudi", "2,5 osób")."""
    shown = abs(reading.rounded(value, decimal_places))
    return int(shown) if shown == int(shown) else 5


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
