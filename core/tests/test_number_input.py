"""Numbers as people type them (core.number_input): read in the page's language, never a wrong value,
never a silent loss."""
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django import forms
from django.core.exceptions import ValidationError
from django.utils import translation

from core.files import validate_upload_size
from core.number_input import NumberField, NumberNotRead, format_number, read_number

NBSP, NARROW_NBSP = "\u00a0", "\u202f"


def readings(text, language):
    with pytest.raises(NumberNotRead) as refused:
        read_number(text, language)
    return refused.value.readings


@pytest.mark.parametrize(("language", "typed", "value"), [
    # the two bugs of issue 13: a decimal comma on the Slovenian page, Persian digits on the Persian one
    ("sl", "5,50", Decimal("5.50")),
    ("fa", "۱۲", Decimal("12")),
    # Slovenian: decimal comma, dots group thousands; a dot that only fits as a decimal mark is one
    ("sl", "1.000,50", Decimal("1000.50")),
    ("sl", "1.000.000", Decimal("1000000")),
    ("sl", "1,500", Decimal("1.500")),
    ("sl", "5.5", Decimal("5.5")),
    ("sl", "0,25", Decimal("0.25")),
    # Polish: decimal comma, spaces (typed, no-break or narrow no-break) group thousands
    ("pl", "1 000,50", Decimal("1000.50")),
    ("pl", f"1{NBSP}000,50", Decimal("1000.50")),
    ("pl", f"1{NARROW_NBSP}000{NARROW_NBSP}000,5", Decimal("1000000.5")),
    ("pl", "1 000.50", Decimal("1000.50")),
    # English: decimal dot, commas group thousands (a comma is never a decimal mark here)
    ("en", "1,000.50", Decimal("1000.50")),
    ("en", "1,500", Decimal("1500")),
    ("en", "1.5", Decimal("1.5")),
    ("en", "1 000", Decimal("1000")),
    # Persian: Persian and Arabic-Indic digits, the Persian decimal and thousands separators
    ("fa", "۱۲٫۵", Decimal("12.5")),
    ("fa", "١٢٫٥", Decimal("12.5")),
    ("fa", "۱٬۲۵۰٬۰۰۰", Decimal("1250000")),
    ("fa", "۱٬۰۰۰٫۵۰", Decimal("1000.50")),
    ("fa", "1,500", Decimal("1500")),
    ("sl", "۱۲,۵", Decimal("12.5")),  # Persian digits typed on another page are read too
    # signs, spaces around, direction marks from right-to-left text
    ("sl", "-5,5", Decimal("-5.5")),
    ("sl", "\u22123", Decimal("-3")),
    ("en", "+2", Decimal("2")),
    ("en", "- 7", Decimal("-7")),
    ("fa", "\u200f-۱۲\u200f", Decimal("-12")),
    ("sl", "  42  ", Decimal("42")),
    ("sl", ",5", Decimal("0.5")),
])
def test_a_number_is_read_as_the_language_writes_it(language, typed, value):
    read = read_number(typed, language)
    assert read == value
    assert read.as_tuple().exponent == value.as_tuple().exponent  # the places typed, not rescaled


@pytest.mark.parametrize(("language", "typed", "expected"), [
    ("sl", "1.500", [Decimal("1.5"), Decimal("1500")]),
    ("pl", "1.500", [Decimal("1.5"), Decimal("1500")]),
    ("sl", "-2.750", [Decimal("-2750"), Decimal("-2.75")]),
])
def test_a_number_that_reads_two_ways_is_refused_with_both_readings(language, typed, expected):
    assert readings(typed, language) == expected


@pytest.mark.parametrize(("language", "typed"), [
    ("sl", "abc"), ("sl", "1e5"), ("en", "NaN"), ("en", "Infinity"), ("sl", "5 EUR"), ("sl", "--5"),
    ("sl", "1,2,3"),  # the decimal comma twice
    ("en", "5,50"),  # a comma groups thousands on an English page: "50" is no group
    ("en", "1,2345"), ("pl", "12 34"), ("sl", "1.000 000"),  # groups of three, one separator
    ("sl", "12,345.6"), ("en", "12.345,6"),  # a thousands separator after the decimal mark
    ("fa", "۱۲٫۵٫۳"), ("sl", ","), ("sl", "-"), ("sl", "5/2"), ("sl", "5,."), ("sl", "1.,5"), ("en", "1..000"),
])
def test_junk_is_refused_without_a_reading(language, typed):
    assert readings(typed, language) == []


def test_a_number_is_written_in_the_language_asked_for_whatever_the_active_one():
    with translation.override("en"):
        assert format_number(Decimal("1000.5"), grouping=True, language="sl") == "1.000,5"
        assert format_number(Decimal("12.5"), language="fa") == "۱۲٫۵"


def test_the_active_language_is_the_default():
    with translation.override("sl"):
        assert read_number("1.000,5") == Decimal("1000.5")
    with translation.override("en"):
        assert read_number("1,000.5") == Decimal("1000.5")


@pytest.mark.parametrize(("language", "grouping", "expected"), [
    ("sl", False, "1000,5"), ("sl", True, "1.000,5"), ("pl", True, f"1{NBSP}000,5"), ("en", True, "1,000.5"),
    ("fa", False, "۱۰۰۰٫۵"), ("fa", True, "۱٬۰۰۰٫۵"),
])
def test_numbers_are_written_for_the_reader(language, grouping, expected):
    with translation.override(language):
        assert format_number(Decimal("1000.50"), grouping=grouping) == expected


def number_form(**field_options):
    return type("NumberForm", (forms.Form,), {"amount": NumberField(required=False, **field_options)})


@pytest.mark.parametrize(("language", "shown"), [("sl", "5,5"), ("en", "5.5"), ("pl", "5,5"), ("fa", "۵٫۵")])
def test_an_initial_value_is_shown_as_the_reader_writes_it(language, shown):
    with translation.override(language):
        html = str(number_form(decimal_places=2)(initial={"amount": Decimal("5.50")})["amount"])
    assert f'value="{shown}"' in html
    assert 'type="text"' in html and 'inputmode="decimal"' in html and 'type="number"' not in html


def test_a_large_initial_value_is_shown_without_grouping_so_it_reads_back_the_same():
    with translation.override("sl"):
        form = number_form()(initial={"amount": Decimal("1500")})
        assert 'value="1500"' in str(form["amount"])
        assert number_form()(data={"amount": "1500"}).is_valid()


def test_a_whole_number_field_brings_up_the_numeric_keyboard_and_gives_an_int():
    with translation.override("fa"):
        form = number_form(whole=True)(data={"amount": "۵۰"})
        assert 'inputmode="numeric"' in str(form["amount"])
        assert form.is_valid() and form.cleaned_data["amount"] == 50 and isinstance(form.cleaned_data["amount"], int)


def test_an_ambiguous_value_is_an_error_that_shows_the_readings_and_keeps_what_was_typed():
    with translation.override("sl"):
        form = number_form()(data={"amount": "1.500"})
        assert not form.is_valid()
        error = form.errors["amount"][0]
        assert "1,5" in error and "1500" in error and "1.500" in error
        assert 'value="1.500"' in str(form["amount"])


def test_text_that_is_no_number_is_an_error_with_an_example_in_the_readers_format():
    with translation.override("sl"):
        form = number_form()(data={"amount": "five"})
        assert not form.is_valid()
        assert "1250,5" in form.errors["amount"][0]
        assert 'value="five"' in str(form["amount"])


def test_too_many_decimal_places_is_an_error_not_a_rounding():
    with translation.override("sl"):
        form = number_form(decimal_places=2)(data={"amount": "5,555"})
        assert not form.is_valid() and "2" in form.errors["amount"][0]
        assert 'value="5,555"' in str(form["amount"])
        whole = number_form(whole=True)(data={"amount": "5,5"})
        assert not whole.is_valid()
        trailing_zeros = number_form(decimal_places=2)(data={"amount": "5,5000"})
        assert trailing_zeros.is_valid() and trailing_zeros.cleaned_data["amount"] == Decimal("5.5")


def test_too_many_digits_is_an_error_that_quotes_the_largest_value():
    with translation.override("sl"):
        form = number_form(max_digits=5, decimal_places=2)(data={"amount": "1000"})
        assert not form.is_valid() and "999,99" in form.errors["amount"][0]


@pytest.mark.parametrize(("language", "limit"), [("sl", "2.000"), ("en", "2,000"), ("pl", f"2{NBSP}000"), ("fa", "۲٬۰۰۰")])
def test_limits_in_messages_are_written_as_the_reader_writes_numbers(language, limit):
    with translation.override(language):
        too_large = number_form(min_value=Decimal("1000"), max_value=Decimal("2000"))(data={"amount": "2500"})
        assert not too_large.is_valid() and limit in too_large.errors["amount"][0]
        too_small = number_form(min_value=Decimal("1000"))(data={"amount": "5"})
        assert not too_small.is_valid() and limit.replace("2", "1").replace("۲", "۱") in too_small.errors["amount"][0]


def test_decimal_places_in_messages_are_written_with_persian_digits_on_persian_pages():
    with translation.override("fa"):
        form = number_form(decimal_places=2)(data={"amount": "۵٫۵۵۵"})
        assert not form.is_valid() and "۲" in form.errors["amount"][0]


def test_an_unchanged_value_is_not_a_change():
    with translation.override("sl"):
        form = number_form(decimal_places=2)(data={"amount": "5,5"}, initial={"amount": Decimal("5.50")})
        assert not form.has_changed()
        assert number_form()(data={"amount": "5,6"}, initial={"amount": Decimal("5.50")}).has_changed()


def test_the_upload_limit_is_quoted_as_the_reader_writes_numbers(settings):
    settings.MAX_UPLOAD_MB = 1000
    too_large = SimpleNamespace(size=1001 * 1024 * 1024)
    with translation.override("fa"), pytest.raises(ValidationError) as refused:
        validate_upload_size(too_large)
    with translation.override("fa"):
        assert "۱٬۰۰۰" in refused.value.messages[0]
