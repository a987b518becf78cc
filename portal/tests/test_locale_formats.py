"""Dates, numbers and money on a page come out in the reader's language's format."""
import datetime
from decimal import Decimal

import pytest

from initiatives.tests.factories import FundingLineFactory, InitiativeFactory, TargetFactory
from portal.tests.a11y.conftest import compile_catalogs

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, scope="module")
def _compiled_catalogs():
    compile_catalogs()

# language: (start date, money, an indicator value with its unit, a theme name)
EXPECTED = {
    "en": ("March 5, 2026", "1,234,567.50 EUR", "12,345.6 people a day", "Vacant premises"),
    "sl": ("05. marec 2026", "1.234.567,50 EUR", "12.345,6 ljudi na dan", "Prazni poslovni prostori"),
    "pl": ("5 marca 2026", "1\xa0234\xa0567,50 EUR", "12\xa0345,6 osób dziennie", "Puste lokale"),
    "fa": ("5 مارس 2026", "1,234,567.50 EUR", "12,345.6 نفر در روز", "واحدهای تجاری خالی"),
}


@pytest.fixture
def initiative():
    initiative = InitiativeFactory(start_on=datetime.date(2026, 3, 5), end_on=datetime.date(2027, 3, 5))
    FundingLineFactory(initiative=initiative, planned=Decimal("1234567.50"), spent=Decimal("0"))
    TargetFactory(
        initiative=initiative, baseline=Decimal("12345.6"), target_value=Decimal("13000"),
        indicator__unit="people a day", indicator__decimal_places=1,
    )
    return initiative


@pytest.mark.parametrize("language", EXPECTED)
def test_the_initiative_page_writes_dates_numbers_and_money_as_the_language_does(client, initiative, language):
    page = client.get(initiative.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    date, money, value, theme = EXPECTED[language]
    assert f'lang="{language}"' in page
    assert date in page
    assert money in page
    assert value in page
    assert theme in page
