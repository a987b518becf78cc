"""Dates, numbers and money on a page come out in the reader's language's format."""
import datetime
import re
from decimal import Decimal
from html.parser import HTMLParser

import pytest
from django.urls import reverse

from initiatives.models import FundingLine
from initiatives.tests.factories import FundingLineFactory, InitiativeFactory, MeasurementFactory, TargetFactory
from portal.tests.a11y.conftest import compile_catalogs
from portal.tests.conftest import days

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True, scope="module")
def _compiled_catalogs():
    compile_catalogs()

# language: (start date, money, an indicator value with its unit, a theme name)
EXPECTED = {
    "en": ("5 Mar 2026", "1,234,567.50 EUR", "12,345.6 people a day", "Vacant premises"),
    "sl": ("5. marca 2026", "1.234.567,50 EUR", "12.345,6 oseb na dan", "Prazni poslovni prostori"),
    "pl": ("5 marca 2026", "1\xa0234\xa0567,50 EUR", "12\xa0345,6 osoby dziennie", "Puste lokale"),
    "fa": ("۱۴ اسفند ۱۴۰۴", "۱٬۲۳۴٬۵۶۷٫۵۰ EUR", "۱۲٬۳۴۵٫۶ نفر در روز", "واحدهای تجاری خالی"),
}


@pytest.fixture
def initiative():
    initiative = InitiativeFactory(start_on=datetime.date(2026, 3, 5), end_on=datetime.date(2027, 3, 5))
    FundingLineFactory(initiative=initiative, planned=Decimal("1234567.50"), spent=Decimal("0"))
    TargetFactory(
        initiative=initiative, baseline=Decimal("12345.6"), target_value=Decimal("13000"),
        indicator__standard_unit="people_a_day", indicator__decimal_places=1,
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


def test_the_persian_initiative_page_gives_the_gregorian_date_next_to_the_solar_hijri_one(client, initiative):
    page = client.get(initiative.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="fa").content.decode()
    assert '<time datetime="2026-03-05" title="۵ مارس ۲۰۲۶">۱۴ اسفند ۱۴۰۴</time>' in page


class VisibleText(HTMLParser):
    """The text a reader sees inside <main>: no attributes, scripts or data."""

    def __init__(self):
        super().__init__()
        self.depth, self.hidden, self.parts = 0, 0, []

    def handle_starttag(self, tag, attrs):
        self.depth += tag == "main"
        self.hidden += tag in ("script", "style", "template")

    def handle_endtag(self, tag):
        self.depth -= tag == "main"
        self.hidden -= tag in ("script", "style", "template")

    def handle_data(self, data):
        if self.depth and not self.hidden:
            self.parts.append(data)


def visible_text(html):
    parser = VisibleText()
    parser.feed(html)
    return " ".join(" ".join(parser.parts).split())


def persian_page(client, url, **params):
    response = client.get(url, params, HTTP_ACCEPT_LANGUAGE="fa")
    assert response.status_code == 200
    return response.content.decode()


def pages_with_figures(town):
    return {
        "home": (reverse("portal:home"), {}),
        "summary": (reverse("portal:summary"), {"period": "custom", "start": days(-250).isoformat(), "end": days(0).isoformat()}),
        "initiative": (town.shops.get_absolute_url(), {}),
        "indicator": (town.footfall.get_absolute_url(), {}),
        "survey results": (reverse("surveys:results", args=["parking-habits"]), {}),
        "initiatives": (reverse("initiatives:list"), {}),
        "indicators": (reverse("initiatives:indicator-list"), {}),
        "committee": (town.marketing.get_absolute_url(), {}),
        "committees": (reverse("committees:list"), {}),
        "recommendations": (reverse("committees:recommendation-list"), {}),
        "surveys": (reverse("surveys:list"), {}),
        "survey": (reverse("surveys:detail", args=["vision-of-the-centre"]), {}),
        "surveys to manage": (reverse("surveys:manage"), {}),
        "my work": (reverse("portal:my-work"), {}),
    }


@pytest.mark.parametrize("page", [
    "home", "summary", "initiative", "indicator", "survey results", "initiatives", "indicators", "committee",
    "committees", "recommendations", "surveys", "survey", "surveys to manage", "my work",
])
def test_persian_pages_write_every_figure_and_date_in_persian_digits(client, town, settings, page):
    settings.PORTAL_MIN_GROUP_SIZE = 1
    client.force_login(town.users["manager"])
    url, params = pages_with_figures(town)[page]
    text = visible_text(persian_page(client, url, **params))
    assert re.search("[۰-۹]", text), text
    typed_by_people = re.sub(r"(Person|Organisation) \d+", "", text)  # the factories' names: content, not figures
    latin = [match.group() for match in re.finditer(r".{0,40}[0-9]+", typed_by_people)]
    assert latin == [], latin


def test_the_persian_figures_themselves(client, town, settings):
    settings.PORTAL_MIN_GROUP_SIZE = 1
    client.force_login(town.users["mayor"])
    home = visible_text(persian_page(client, reverse("portal:home")))
    assert "۹۰ نفر در روز" in home  # footfall's latest value with its unit
    results = visible_text(persian_page(client, reverse("surveys:results", args=["parking-habits"])))
    assert "۶۶٫۷\u066a" in results  # 2 of 3 chose parking
    url, params = pages_with_figures(town)["summary"]
    summary = visible_text(persian_page(client, url, **params))
    assert "۵٬۵۰۰ EUR" in summary  # the planned budget: the thousands separator on the key figure


@pytest.mark.parametrize("language, share", [("en", "66.7%"), ("sl", "66,7\xa0%"), ("pl", "66,7\xa0%")])
def test_survey_results_place_the_percent_sign_as_the_language_does(client, town, settings, language, share):
    settings.PORTAL_MIN_GROUP_SIZE = 1
    page = client.get(reverse("surveys:results", args=["parking-habits"]), HTTP_ACCEPT_LANGUAGE=language)
    assert share in page.content.decode()


def test_the_home_and_summary_group_thousands(client, town):
    FundingLineFactory(initiative=town.shops, source=FundingLine.Source.NATIONAL, planned=Decimal("1234567"), spent=Decimal("0"))
    client.force_login(town.users["mayor"])
    url, params = pages_with_figures(town)["summary"]
    assert "1,240,067 EUR" in visible_text(client.get(url, params).content.decode())
    MeasurementFactory(indicator=town.footfall, measured_on=days(-1), value=Decimal("12500"))
    assert "12,500 people a day" in visible_text(client.get(reverse("portal:home")).content.decode())


@pytest.mark.parametrize("language, expected", [
    ("sl", "do aprila 2028"), ("pl", "do kwietnia 2028"), ("en", "by April 2028"),
])
def test_a_target_month_after_by_is_in_the_right_case(client, language, expected):
    target = TargetFactory(target_on=datetime.date(2028, 4, 30), initiative__is_public=True)
    page = client.get(target.indicator.get_absolute_url(), HTTP_ACCEPT_LANGUAGE=language).content.decode()
    assert expected in visible_text(page)
