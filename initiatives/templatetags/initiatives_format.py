"""Indicator values as the current language writes them (money is core's `reading` library)."""
from django import template

from initiatives.units import period_label, with_unit
from initiatives.vocabulary import translated

register = template.Library()


@register.filter
def measure(value, indicator):
    """An indicator's value with its decimal places and unit: `value|measure:indicator`, where
    `indicator` is an Indicator or a row of `values()` with its `indicator__…` fields."""
    if isinstance(indicator, dict):
        return with_unit(
            value, standard_unit=indicator["indicator__standard_unit"], typed_unit=indicator["indicator__unit"],
            decimal_places=indicator["indicator__decimal_places"],
        )
    return "" if value in (None, "") else indicator.measure(value)


@register.filter
def change(value, indicator):
    """A change of an indicator's value with its sign and unit: "+3 people a day"."""
    return "" if value in (None, "") else indicator.measure(value, sign=True)


@register.filter
def vocabulary(text):
    """A stored theme or indicator name or unit in the reader's language: `row.indicator__name|vocabulary`."""
    return translated(text)


@register.filter
def period(start, indicator):
    """The reporting period of `indicator` that begins on `start`: "March 2026", "Q1 2026"."""
    return period_label(start, indicator.reporting_period)
