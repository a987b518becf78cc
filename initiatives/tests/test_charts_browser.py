"""Charts write their ticks in the page's language: Persian digits on a Persian page."""
import datetime
import re
from decimal import Decimal

import pytest

from initiatives.tests.factories import IndicatorFactory, MeasurementFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

TICKS = """() => {
    const chart = Chart.getChart(document.querySelector('canvas[data-chart]'));
    return {locale: chart.options.locale, ticks: chart.scales.y.ticks.map((tick) => tick.label).join(' ')};
}"""


@pytest.mark.parametrize("language, digits", [("fa", "[۰-۹]"), ("en", "[0-9]")])
def test_the_indicator_chart_writes_its_ticks_in_the_pages_language(page, language, digits):
    indicator = IndicatorFactory(slug="footfall", standard_unit="people_a_day")
    for month, value in enumerate([3100, 3400, 3900], start=1):
        MeasurementFactory(indicator=indicator, measured_on=datetime.date(2026, month, 1), value=Decimal(value))
    page.set_extra_http_headers({"Accept-Language": language})
    page.goto(indicator.get_absolute_url())
    page.wait_for_function("document.querySelector('canvas[data-chart]').width > 0")
    chart = page.evaluate(TICKS)
    assert chart["locale"] == language
    assert re.search(digits, chart["ticks"]), chart
    if language == "fa":
        assert not re.search("[0-9]", chart["ticks"]), chart
