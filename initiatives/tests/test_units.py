"""Indicator units agree with their number in every language; a typed unit is shown as a label."""
from decimal import Decimal
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import translation

from core.tests.migrations import migrate, migrated_back_to
from initiatives.tests.factories import IndicatorFactory, MeasurementFactory
from initiatives.units import StandardUnit, with_unit
from portal.tests.a11y.conftest import compile_catalogs

NBSP = "\u00a0"


@pytest.fixture(autouse=True, scope="module")
def _compiled_catalogs():
    compile_catalogs()


def written(language, value, standard_unit="", typed_unit="", decimal_places=0, sign=False):
    with translation.override(language):
        return with_unit(
            Decimal(value), standard_unit=standard_unit, typed_unit=typed_unit, decimal_places=decimal_places, sign=sign
        )


@pytest.mark.parametrize("language, expected", [
    ("en", ["1 business", "2 businesses", "3 businesses", "5 businesses", "188 businesses"]),
    ("sl", ["1 podjetje", "2 podjetji", "3 podjetja", "5 podjetij", "188 podjetij"]),
    ("pl", ["1 firma", "2 firmy", "3 firmy", "5 firm", "200 firm"]),
    ("fa", ["۱ کسب‌وکار", "۲ کسب‌وکار", "۳ کسب‌وکار", "۵ کسب‌وکار", "۱۸۸ کسب‌وکار"]),
])
def test_businesses_agree_with_their_number(language, expected):
    last = "200" if language == "pl" else "188"
    values = ["1", "2", "3", "5", last]
    assert [written(language, value, StandardUnit.BUSINESSES) for value in values] == expected


@pytest.mark.parametrize("language, expected", [
    ("sl", ["1 prireditev na mesec", "2 prireditvi na mesec", "3 prireditve na mesec", "5 prireditev na mesec"]),
    ("pl", ["1 wydarzenie miesięcznie", "2 wydarzenia miesięcznie", "3 wydarzenia miesięcznie", "5 wydarzeń miesięcznie"]),
])
def test_events_agree_with_their_number(language, expected):
    assert [written(language, value, StandardUnit.EVENTS_A_MONTH) for value in "1235"] == expected


def test_the_plural_follows_the_figure_as_shown_and_a_fraction_reads_as_many():
    assert written("sl", "1.4", StandardUnit.PEOPLE_A_DAY) == "1 oseba na dan"  # shown rounded: 1
    assert written("sl", "2.5", StandardUnit.PEOPLE_A_DAY, decimal_places=1) == "2,5 oseb na dan"
    assert written("en", "12345.6", StandardUnit.PEOPLE_A_DAY, decimal_places=1) == "12,345.6 people a day"


def test_symbols_and_percentages_need_no_plural():
    assert written("sl", "21", StandardUnit.MICROGRAMS_PER_CUBIC_METRE, decimal_places=1) == f"21,0{NBSP}µg/m³"
    assert written("en", "17", StandardUnit.PERCENT, decimal_places=1) == "17.0%"
    assert written("pl", "17", StandardUnit.PERCENT, decimal_places=1) == f"17,0{NBSP}%"
    assert written("fa", "17", StandardUnit.PERCENT) == "۱۷\u066a"


def test_a_change_has_its_sign_before_the_unit():
    assert written("en", "3", StandardUnit.BUSINESSES, sign=True) == "+3 businesses"
    assert written("sl", "-2", StandardUnit.BUSINESSES, sign=True) == "\u22122 podjetji"
    assert written("fa", "3", StandardUnit.BUSINESSES, sign=True) == "\u2066+۳\u2069 کسب‌وکار"


def test_a_typed_unit_is_a_label_before_the_figure():
    assert written("en", "188", typed_unit="Visitors at the library") == "Visitors at the library: 188"
    assert written("sl", "1234", typed_unit="Obiskovalci") == "Obiskovalci: 1.234"
    assert written("fa", "188", typed_unit="بازدیدکنندگان") == "بازدیدکنندگان: ۱۸۸"


def test_the_unit_and_the_recommendations_addressee_are_two_entries_for_translators():
    # "businesses" is an indicator's unit and a recommendation's addressee: each is translated on its own.
    for language in ("sl", "pl", "fa"):
        catalog = (Path(settings.LOCALE_PATHS[0]) / language / "LC_MESSAGES" / "django.po").read_text()
        assert 'msgctxt "indicator unit"\nmsgid "businesses"\n' in catalog
        assert '\nmsgid "businesses"\n' in catalog.replace('msgctxt "indicator unit"\nmsgid "businesses"\n', "")
    with translation.override("pl"):
        assert str(StandardUnit.BUSINESSES.label) == "firmy"


@pytest.mark.django_db
@pytest.mark.parametrize("language, expected", [
    ("sl", "188 podjetij"), ("pl", "188 firm"), ("fa", "۱۸۸ کسب‌وکار"), ("en", "188 businesses"),
])
def test_the_indicator_page_writes_the_unit_that_agrees(client, language, expected):
    indicator = IndicatorFactory(standard_unit=StandardUnit.BUSINESSES, unit="")
    MeasurementFactory(indicator=indicator, value=Decimal("188"))
    page = client.get(indicator.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert expected in page


@pytest.mark.django_db
def test_an_indicator_with_a_typed_unit_shows_it_as_a_label(client):
    indicator = IndicatorFactory(standard_unit="", unit="Benches painted")
    MeasurementFactory(indicator=indicator, value=Decimal("188"))
    page = client.get(indicator.get_absolute_url()).content.decode()
    assert "Benches painted: 188" in page
    assert "188 Benches painted" not in page


BEFORE = [("initiatives", "0007_i12_files_private_storage")]
AFTER = [("initiatives", "0008_indicator_standard_unit")]


@pytest.fixture
def migrated_back(transactional_db):
    yield from migrated_back_to(BEFORE)


@pytest.mark.django_db(transaction=True)
def test_the_migration_moves_known_units_to_the_list_and_keeps_any_other_as_typed(migrated_back):
    Indicator = migrated_back.get_model("initiatives", "Indicator")
    for slug, unit in [("shops", "businesses"), ("air", "µg/m³"), ("vacancy", "%"), ("benches", "benches painted")]:
        Indicator.objects.create(name=slug, slug=slug, unit=unit)
    Indicator = migrate(AFTER).get_model("initiatives", "Indicator")
    units = {row.slug: (row.standard_unit, row.unit) for row in Indicator.objects.all()}
    assert units == {
        "shops": ("businesses", ""), "air": ("micrograms_per_cubic_metre", ""), "vacancy": ("percent", ""),
        "benches": ("", "benches painted"),
    }
