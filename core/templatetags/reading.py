"""Figures and dates in templates as the reader's language writes them (see core/reading.py):
`{% load reading %}`, then `{{ total|number }}`, `{{ share|percent:1 }}`, `{{ change|signed:2 }}`,
`{{ survey.closes_at|local_date:"DATETIME_FORMAT" }}`."""
from django import template
from django.conf import settings
from django.utils.html import format_html

from core import reading
from core.numerals import uses_persian_digits

register = template.Library()


@register.filter
def listed(items):
    """`names|listed` → "Ana, Bor"; in Persian "Ana، Bor"."""
    return reading.listed(items)


@register.simple_tag
def list_separator():
    """Between the items of a list a loop writes: `{% if not forloop.last %}{% list_separator %}{% endif %}`."""
    return reading.list_separator()


@register.filter
def number(value, decimal_places=None):
    """`1234.5|number:2` → "1,234.50", "1.234,50", "۱٬۲۳۴٫۵۰"."""
    return reading.number(value, decimal_places)


@register.filter
def money(amount):
    """`1234.5|money` → "1,234.50 EUR" in English, "1.234,50 EUR" in Slovenian (currency from settings)."""
    if amount in (None, ""):
        return ""
    return f"{reading.number(amount, 2)} {settings.CURRENCY}"


@register.filter
def percent(value, decimal_places=0):
    """`50|percent` → "50%", "50 %", "۵۰٪"."""
    return reading.percent(value, decimal_places)


@register.filter
def signed(value, decimal_places=None):
    """A change: "+3", "−2" (its sign stays before the figure on a right-to-left page)."""
    return reading.signed(value, decimal_places)


@register.filter(expects_localtime=True)
def date_text(value, format_name="DATE_FORMAT"):
    """The date as the reader reads it, as text, for a sentence that wraps it in its own <time>."""
    return "" if value in (None, "") else reading.date(value, format_name)


@register.filter(expects_localtime=True)
def local_date(value, format_name="DATE_FORMAT"):
    """A `<time>` element: the date as the reader reads it (`format_name` as for core.reading.date),
    its ISO form in `datetime`, and on Persian pages the Gregorian date as its title."""
    if value in (None, ""):
        return ""
    text = reading.date(value, format_name)
    if uses_persian_digits():
        gregorian_format = "YEAR_MONTH_FORMAT" if format_name.startswith("YEAR_MONTH") else format_name
        return format_html(
            '<time datetime="{}" title="{}">{}</time>', reading.iso(value), reading.gregorian(value, gregorian_format), text
        )
    return format_html('<time datetime="{}">{}</time>', reading.iso(value), text)


class _Counted(int):
    """A whole number that picks a plural form as itself and is written as the reader writes it."""

    def __str__(self):
        return reading.number(int(self))


@register.filter
def counted(value):
    """The number of `{% blocktranslate count counter=rows|length|counted %}`: the catalog picks
    the plural form by it, the sentence shows it in the reader's digits and grouping."""
    return _Counted(value or 0)
