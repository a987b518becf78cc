"""Numbers, percentages and dates as each language writes them (core.reading and its filters)."""
import datetime
from decimal import Decimal

import pytest
from django.template import Context, Template
from django.utils import translation

from core import reading
from portal.tests.a11y.conftest import compile_catalogs

NBSP = "\u00a0"
ISOLATE, END_ISOLATE = "\u2066", "\u2069"


@pytest.fixture(autouse=True, scope="module")
def _compiled_catalogs():
    compile_catalogs()


def in_language(language, function, *args, **kwargs):
    with translation.override(language):
        return function(*args, **kwargs)


def render(language, source, **context):
    with translation.override(language):
        return Template("{% load reading %}" + source).render(Context(context))


@pytest.mark.parametrize("language, expected", [
    ("en", "1,234,567.46"), ("sl", "1.234.567,46"), ("pl", f"1{NBSP}234{NBSP}567,46"), ("fa", "۱٬۲۳۴٬۵۶۷٫۴۶"),
])
def test_a_number_is_grouped_and_written_in_the_languages_digits(language, expected):
    assert in_language(language, reading.number, Decimal("1234567.456"), 2) == expected


def test_a_number_can_show_its_decimals_only_when_it_is_not_whole():
    assert in_language("en", reading.number, Decimal("10.000"), -2) == "10"
    assert in_language("sl", reading.number, Decimal("10.5"), "-2") == "10,50"


def test_a_number_is_rounded_half_up_to_its_decimal_places():
    assert in_language("en", reading.number, Decimal("2.45"), 1) == "2.5"
    assert in_language("en", reading.number, 0.125, 2) == "0.13"


@pytest.mark.parametrize("language, whole, decimal", [
    ("en", "50%", "12.5%"),
    ("sl", f"50{NBSP}%", f"12,5{NBSP}%"),
    ("pl", f"50{NBSP}%", f"12,5{NBSP}%"),
    ("fa", "۵۰\u066a", "۱۲٫۵\u066a"),
])
def test_the_percent_sign_stands_where_the_language_puts_it(language, whole, decimal):
    assert in_language(language, reading.percent, 50) == whole
    assert in_language(language, reading.percent, Decimal("12.5"), 1) == decimal
    assert render(language, "{{ share|percent:1 }}", share=Decimal("12.5")) == decimal


def test_a_signed_number_has_its_sign_and_a_true_minus():
    assert in_language("en", reading.signed, 3) == "+3"
    assert in_language("en", reading.signed, Decimal("-2.5"), 1) == "\u22122.5"
    assert in_language("sl", reading.signed, Decimal("-2.5"), 1) == "\u22122,5"
    assert in_language("en", reading.signed, 0) == "0"


def test_a_signed_number_on_a_persian_page_is_isolated_left_to_right_so_its_sign_stays_before_it():
    # Without the isolate, a right-to-left paragraph shows "+3" as "3+".
    assert in_language("fa", reading.signed, 3) == f"{ISOLATE}+۳{END_ISOLATE}"
    assert in_language("fa", reading.signed, Decimal("-2.5"), 1) == f"{ISOLATE}\u2212۲٫۵{END_ISOLATE}"
    assert in_language("fa", reading.percent, 3, 0, sign=True) == f"{ISOLATE}+۳{END_ISOLATE}\u066a"


def test_english_dates_cannot_be_read_two_ways():
    day = datetime.date(2025, 10, 12)
    assert in_language("en", reading.date, day) == "12 Oct 2025"
    assert in_language("en", reading.date, day, "SHORT_DATE_FORMAT") == "12 Oct 2025"
    assert "10/12/2025" not in render("en", '{{ day|local_date:"SHORT_DATE_FORMAT" }}', day=day)


def test_an_english_sentence_that_ends_with_a_time_has_one_full_stop(settings):
    settings.TIME_ZONE = "Europe/Ljubljana"
    moment = datetime.datetime(2026, 12, 6, 13, 0, tzinfo=datetime.timezone.utc)
    sentence = render("en", '{% load i18n %}{% blocktranslate with date=moment|local_date:"DATETIME_FORMAT" %}'
                            'This survey opens on {{ date }}.{% endblocktranslate %}', moment=moment)
    assert sentence == 'This survey opens on <time datetime="2026-12-06T14:00:00+01:00">6 Dec 2026, 14:00</time>.'
    assert ".." not in sentence


@pytest.mark.parametrize("language, month, expected", [
    ("sl", 4, "do aprila 2028"), ("sl", 1, "do januarja 2029"), ("sl", 12, "do decembra 2028"),
    ("pl", 1, "do stycznia 2029"), ("pl", 4, "do kwietnia 2028"),
])
def test_a_month_after_do_takes_the_genitive(language, month, expected):
    year = 2029 if month == 1 else 2028
    written = in_language(language, reading.date, datetime.date(year, month, 1), "YEAR_MONTH_FORMAT_AFTER_PREPOSITION")
    assert f"do {written}" == expected


def test_a_month_on_its_own_stays_in_the_nominative():
    assert in_language("sl", reading.date, datetime.date(2028, 4, 1), "YEAR_MONTH_FORMAT").lower() == "april 2028"
    assert in_language("pl", reading.date, datetime.date(2028, 4, 1), "YEAR_MONTH_FORMAT").lower() == "kwiecień 2028"


def test_a_slovenian_day_takes_its_month_in_the_genitive():
    assert in_language("sl", reading.date, datetime.date(2026, 12, 6)) == "6. decembra 2026"
    assert in_language("pl", reading.date, datetime.date(2026, 12, 6)) == "6 grudnia 2026"


def test_persian_readers_see_the_solar_hijri_date_with_the_gregorian_one_available():
    day = datetime.date(2026, 12, 6)
    assert in_language("fa", reading.date, day) == "۱۵ آذر ۱۴۰۵"
    assert in_language("fa", reading.date, day, "YEAR_MONTH_FORMAT") == "آذر ۱۴۰۵"
    assert render("fa", "{{ day|local_date }}", day=day) == (
        '<time datetime="2026-12-06" title="۶ دسامبر ۲۰۲۶">۱۵ آذر ۱۴۰۵</time>'
    )


def test_a_persian_date_and_time_is_in_local_time_and_the_datetime_attribute_keeps_latin_digits(settings):
    settings.TIME_ZONE = "Europe/Ljubljana"
    moment = datetime.datetime(2026, 3, 20, 23, 30, tzinfo=datetime.timezone.utc)  # 21 March local: Nowruz
    html = render("fa", '{{ moment|local_date:"DATETIME_FORMAT" }}', moment=moment)
    assert html.startswith('<time datetime="2026-03-21T00:30:00+01:00"')
    assert ">۱ فروردین ۱۴۰۵، ساعت ۰۰:۳۰</time>" in html


def test_a_datetime_attribute_has_no_microseconds():
    moment = datetime.datetime(2026, 5, 1, 9, 15, 30, 123456, tzinfo=datetime.timezone.utc)
    assert "." not in reading.iso(moment)


def test_a_counted_sentence_picks_its_plural_form_and_shows_the_readers_digits():
    source = ("{% load i18n %}{% blocktranslate count counter=total|counted %}{{ counter }} response"
              "{% plural %}{{ counter }} responses{% endblocktranslate %}")
    assert render("en", source, total=1234) == "1,234 responses"
    assert render("en", source, total=1) == "1 response"
    assert "۱۲" in render("fa", source, total=12)


def test_empty_values_stay_empty():
    assert reading.number(None) == reading.percent("") == reading.signed(None) == reading.date(None) == ""
    assert render("en", "{{ nothing|local_date }}{{ nothing|number }}", nothing=None) == ""


def test_a_negative_figure_has_a_true_minus_kept_before_it_in_right_to_left_text():
    with translation.override("en"):
        assert reading.number(-1234) == "\u22121,234"
    with translation.override("fa"):
        assert reading.number(-1234) == "\u2066\u2212۱٬۲۳۴\u2069"
        assert reading.number(0) == "۰"


def test_a_list_of_names_in_a_template_is_written_as_the_reader_s_language_writes_a_list():
    assert render("en", "{{ names|listed }}", names=["Ana", "Bor"]) == "Ana, Bor"
    assert render("fa", "{{ names|listed }}", names=["Ana", "Bor"]) == "Ana، Bor"


def test_the_values_an_edit_conflict_names_are_listed_as_the_reader_s_language_writes_a_list():
    from django import forms

    from core.edit_forms import shown
    field = forms.MultipleChoiceField(choices=[("a", "A"), ("b", "B")])
    assert in_language("fa", shown, field, ["Ana", "Bor"]) == "Ana، Bor"


def test_a_list_a_loop_writes_is_separated_as_the_reader_s_language_writes_a_list():
    source = "{% for name in names %}{{ name }}{% if not forloop.last %}{% list_separator %}{% endif %}{% endfor %}"
    assert render("en", source, names=["Ana", "Bor"]) == "Ana, Bor"
    assert render("fa", source, names=["Ana", "Bor"]) == "Ana، Bor"
