"""Money and indicator values as the current language writes them."""
from django import template
from django.conf import settings
from django.utils.formats import number_format

from initiatives.vocabulary import translated

register = template.Library()


@register.filter
def money(amount):
    """`1234.5|money` → "1,234.50 EUR" in English, "1.234,50 EUR" in Slovenian (currency from settings)."""
    if amount in (None, ""):
        return ""
    return f"{number_format(amount, decimal_pos=2, use_l10n=True, force_grouping=True)} {settings.CURRENCY}"


@register.filter
def measure(value, indicator):
    """An indicator's value with its decimal places, grouping and unit: `value|measure:indicator`."""
    if value in (None, ""):
        return ""
    formatted = number_format(value, decimal_pos=indicator.decimal_places, use_l10n=True, force_grouping=True)
    return f"{formatted} {indicator.display_unit}".strip()


@register.filter
def vocabulary(text):
    """A stored theme or indicator name or unit in the reader's language: `row.indicator__name|vocabulary`."""
    return translated(text)


@register.filter
def percent(value):
    if value in (None, ""):
        return ""
    return f"{number_format(value, decimal_pos=0, use_l10n=True)} %"
