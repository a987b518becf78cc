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


AXIS = """() => {
    const chart = Chart.getChart(document.querySelector('canvas[data-chart]'));
    return {labels: chart.scales.x.getLabels(), values: chart.data.datasets[0].data,
            partial: chart.data.datasets.length > 1 ? chart.data.datasets[1].data : null,
            drawn: chart.getDatasetMeta(0).data.filter((point) => !point.skip).length};
}"""


def test_the_indicator_chart_runs_over_the_whole_history_with_a_gap_for_an_excluded_month(page):
    """Two years of monthly totals, one month excluded, then ten days of daily counts: one place per
    month on the axis, a gap for the excluded month, the partial month drawn apart."""
    from initiatives.services import measurement_update

    indicator = IndicatorFactory(slug="counted-footfall", standard_unit="people", roll_up="sum")
    for index in range(24):
        month = datetime.date(2024 + (index + 10) // 12, (index + 10) % 12 + 1, 1)
        MeasurementFactory(indicator=indicator, measured_on=month, period="month", value=Decimal(90000 + 500 * index))
    for day in range(1, 11):
        MeasurementFactory(indicator=indicator, measured_on=datetime.date(2026, 11, day), value=Decimal(3300))
    gap = indicator.measurements.get(measured_on=datetime.date(2025, 6, 1))
    measurement_update(measurement=gap, by=None, expected_version=gap.version, is_excluded=True, excluded_reason="Roadworks")
    page.goto(indicator.get_absolute_url())
    page.wait_for_function("document.querySelector('canvas[data-chart]').width > 0")
    chart = page.evaluate(AXIS)
    assert len(chart["labels"]) == 25  # November 2024 to November 2026, every month in its place
    assert chart["labels"][0] == "November 2024" and chart["labels"][-1] == "November 2026"
    assert chart["values"][7] is None and chart["values"][6] == 93000  # June 2025 excluded: a gap
    assert chart["drawn"] == 23  # 24 months less the excluded one; the partial month is not on this line
    assert chart["partial"][-1] == 33000 and chart["partial"].count(None) == 24
