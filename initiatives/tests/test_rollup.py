"""The rolled-up series: hand-computed cases of each rule, partial periods and excluded values, and the
case that started it: a month of daily footfall counts imported beside two years of monthly totals."""
import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from initiatives.models import Indicator, Measurement, PeriodValue, Target
from initiatives.models.rollup import Reading, RollUp, period_start, rolled_up_series, year_before
from initiatives.tests.factories import IndicatorFactory, InitiativeFactory, MeasurementFactory, TargetFactory

D = datetime.date


def days_of(year, month, count, value):
    return [Reading(D(year, month, day), "day", Decimal(value)) for day in range(1, count + 1)]


def test_a_month_of_daily_counts_adds_up_to_their_sum():
    (november,) = rolled_up_series(days_of(2026, 11, 30, 3300), reporting_period="month", roll_up=RollUp.SUM)
    assert (november.starts_on, november.ends_on) == (D(2026, 11, 1), D(2026, 11, 30))
    assert (november.value, november.complete, november.days_covered, november.days) == (Decimal(99000), True, 30, 30)


def test_a_month_with_ten_days_of_counts_is_partial():
    (november,) = rolled_up_series(days_of(2026, 11, 10, 3300), reporting_period="month", roll_up=RollUp.SUM)
    assert (november.value, november.complete, november.days_covered) == (Decimal(33000), False, 10)


def test_a_mean_weighs_each_value_by_the_days_it_covers_and_needs_most_of_the_month():
    # 20 days at 10 and 11 days at 20 µg/m³: (200 + 220) / 31 = 13.548…
    readings = days_of(2026, 1, 20, 10) + [Reading(D(2026, 1, day), "day", Decimal(20)) for day in range(21, 32)]
    (january,) = rolled_up_series(readings, reporting_period="month", roll_up=RollUp.MEAN)
    assert (january.value, january.complete) == (Decimal("13.548"), True)
    # 23 of 31 days (74 %) is not a month's mean; 24 (77 %) is.
    (short,) = rolled_up_series(days_of(2026, 1, 23, 10), reporting_period="month", roll_up=RollUp.MEAN)
    (enough,) = rolled_up_series(days_of(2026, 1, 24, 10), reporting_period="month", roll_up=RollUp.MEAN)
    assert (short.complete, enough.complete) == (False, True)
    # A monthly mean and a weekly mean in one quarter: 31 days at 12 and 7 days at 19 over 38 days.
    mixed = [Reading(D(2026, 1, 1), "month", Decimal(12)), Reading(D(2026, 2, 2), "week", Decimal(19))]
    (quarter,) = rolled_up_series(mixed, reporting_period="quarter", roll_up=RollUp.MEAN)
    assert quarter.value == Decimal("13.289") and not quarter.complete  # (372 + 133) / 38; 38 of 90 days


def test_a_state_takes_the_last_value_of_the_period():
    readings = [Reading(D(2026, 3, 20), "day", Decimal("14.5")), Reading(D(2026, 3, 5), "day", Decimal("16.0"))]
    (march,) = rolled_up_series(readings, reporting_period="month", roll_up=RollUp.LAST)
    assert (march.value, march.complete) == (Decimal("14.5"), True)


def test_monthly_totals_add_up_to_quarters_and_a_missing_month_leaves_the_quarter_partial():
    readings = [Reading(D(2026, month, 1), "month", Decimal(1000 * month)) for month in (1, 2, 3, 4, 5)]
    first, second = rolled_up_series(readings, reporting_period="quarter", roll_up=RollUp.SUM)
    assert (first.starts_on, first.value, first.complete) == (D(2026, 1, 1), Decimal(6000), True)
    assert (second.starts_on, second.value, second.complete, second.days_covered) == (D(2026, 4, 1), Decimal(9000), False, 61)


def test_daily_counts_of_a_month_that_has_its_total_are_not_counted_twice():
    readings = [Reading(D(2026, 11, 1), "month", Decimal(99000)), *days_of(2026, 11, 30, 3400)]
    (november,) = rolled_up_series(readings, reporting_period="month", roll_up=RollUp.SUM)
    assert (november.value, november.counted, november.overlapping) == (Decimal(99000), 1, 30)


def test_weekly_counts_reported_per_month_split_the_week_that_spans_two_months():
    # Weeks from Monday 29 December 2025 to Sunday 1 March 2026, 700 people each (100 a day): January
    # gets 3 days of the first week and 6 of the one starting on 26 January; both are complete months.
    weeks = [Reading(D(2025, 12, 29) + datetime.timedelta(weeks=n), "week", Decimal(700)) for n in range(9)]
    december, january, february, march = rolled_up_series(weeks, reporting_period="month", roll_up=RollUp.SUM)
    assert (december.value, december.complete, december.days_covered) == (Decimal(300), False, 3)
    assert (january.value, january.complete, january.days_covered) == (Decimal(3100), True, 31)
    assert (february.value, february.complete, february.days_covered) == (Decimal(2800), True, 28)
    assert (march.value, march.complete) == (Decimal(100), False)
    # A level weighs the days of each week that fall in the month (February: 1 day at 10 and 7 at 20, 150 / 8);
    # a state is known from the week before.
    levels = [Reading(D(2026, 1, 26), "week", Decimal(10)), Reading(D(2026, 2, 2), "week", Decimal(20))]
    january, february = rolled_up_series(levels, reporting_period="month", roll_up=RollUp.MEAN)
    assert (january.value, february.value, february.days_covered) == (Decimal(10), Decimal("18.750"), 8)
    january, february = rolled_up_series(levels, reporting_period="month", roll_up=RollUp.LAST)
    assert (january.value, february.value) == (Decimal(10), Decimal(20))


def test_a_monthly_total_reported_per_week_is_not_one_weeks_count():
    # 3100 people in January 2026 (31 days): the week of Monday 5 January holds 7 of them, 700.
    weeks = rolled_up_series([Reading(D(2026, 1, 1), "month", Decimal(3100))], reporting_period="week", roll_up=RollUp.SUM)
    assert [(week.starts_on, week.value, week.complete) for week in weeks[:2]] == [
        (D(2025, 12, 29), Decimal(400), False), (D(2026, 1, 5), Decimal(700), True)]
    assert (len(weeks), weeks[-1].starts_on, weeks[-1].value, weeks[-1].complete) == (5, D(2026, 1, 26), Decimal(600), False)


def test_weeks_start_on_monday_and_compare_with_the_same_week_a_year_before():
    assert period_start(D(2026, 12, 6), "week") == D(2026, 11, 30)  # a Sunday → its Monday
    assert year_before(D(2026, 11, 30), "week") == D(2025, 12, 1)  # 52 weeks: a Monday again
    assert year_before(D(2026, 10, 1), "quarter") == D(2025, 10, 1)


# The case of the issue, through the pages: two years of monthly footfall totals (November 2024 to
# October 2026, 90,000 rising by 500 a month: October 2026 is 101,500, November 2025 is 96,000), a
# target from 90,000 on 1 November 2024 to 102,000 by 1 November 2027, then the counter's daily
# export for November 2026: 3,300 a day.


@pytest.fixture
def footfall(db):
    indicator = IndicatorFactory(slug="counted-footfall", standard_unit="people", reporting_period="month", roll_up="sum")
    for index in range(24):
        month = D(2024 + (10 + index) // 12, (10 + index) % 12 + 1, 1)
        MeasurementFactory(indicator=indicator, measured_on=month, period="month", value=Decimal(90000 + 500 * index))
    TargetFactory(initiative=InitiativeFactory(), indicator=indicator, baseline=Decimal(90000),
                  baseline_on=D(2024, 11, 1), target_value=Decimal(102000), target_on=D(2027, 11, 1))
    return indicator


def import_days(client, indicator, count, value=3300):
    url = reverse("initiatives:measurement-import", args=[indicator.slug])
    text = "".join(f"2026-11-{day:02d},{value}\n" for day in range(1, count + 1))
    preview = client.post(url, {"file": SimpleUploadedFile("counter.csv", text.encode()), "period": "day"})
    assert preview.status_code == 200 and len(preview.context["changes"]) == count
    assert client.post(url, {"confirm": "1"}).status_code == 302


def reread(indicator):
    return Indicator.objects.with_trend().get(pk=indicator.pk), Target.objects.with_latest().get(indicator=indicator)


def test_before_the_import_october_is_the_latest_and_on_track(footfall):
    indicator, target = reread(footfall)
    assert (indicator.latest_value, indicator.latest_on) == (Decimal(101500), D(2026, 10, 1))
    assert (indicator.earlier_value, indicator.change, indicator.trend) == (Decimal(95500), Decimal(6000), "improving")
    assert target.status == "on_track"  # 11,500 of 12,000 with 699 of 1,095 days gone


def test_a_month_of_daily_counts_is_the_months_total_and_keeps_trend_and_target(manager_client, footfall):
    import_days(manager_client, footfall, 30)
    indicator, target = reread(footfall)
    # 30 × 3,300 = 99,000, not one day's 3,300; against November 2025's 96,000: +3,000, still better.
    assert (indicator.latest_value, indicator.latest_on) == (Decimal(99000), D(2026, 11, 1))
    assert (indicator.earlier_on, indicator.change, indicator.trend) == (D(2025, 11, 1), Decimal(3000), "improving")
    # 9,000 of the 12,000 asked for (0.75) with two thirds of the time gone: on track, not off track.
    assert target.latest_value == Decimal(99000) and target.status == "on_track"
    page = manager_client.get(footfall.get_absolute_url()).content.decode()
    assert "99,000 people (November 2026)" in page


def test_ten_days_of_counts_are_shown_as_a_partial_month_and_not_compared(manager_client, footfall):
    import_days(manager_client, footfall, 10)
    indicator, target = reread(footfall)
    assert (indicator.latest_value, indicator.trend, target.status) == (Decimal(101500), "improving", "on_track")
    assert (indicator.partial_value, indicator.partial_on, indicator.partial_percent) == (
        Decimal(33000), D(2026, 11, 1), Decimal("100") / 3)
    page = manager_client.get(footfall.get_absolute_url()).content.decode()
    assert "November 2026 so far: 33,000 people (33% of the period measured; not compared until complete)" in page
    assert "partial: 10 of 30 days measured" in page


def test_an_excluded_day_leaves_its_month_partial_and_is_listed_with_its_reason(manager_client, footfall):
    import_days(manager_client, footfall, 30)
    faulty = Measurement.objects.get(indicator=footfall, measured_on=D(2026, 11, 14))
    url = reverse("initiatives:measurement-update", args=[footfall.slug, faulty.pk])
    response = manager_client.post(url, {"measured_on": "2026-11-14", "period": "day", "value": "3300",
                                         "is_excluded": "on", "excluded_reason": "Counter fault", "version": faulty.version})
    assert response.status_code == 302
    november = PeriodValue.objects.get(indicator=footfall, starts_on=D(2026, 11, 1))
    assert (november.value, november.complete, november.days_covered) == (Decimal(95700), False, 29)
    indicator, target = reread(footfall)
    assert (indicator.latest_value, indicator.latest_on, target.status) == (Decimal(101500), D(2026, 10, 1), "on_track")
    page = manager_client.get(footfall.get_absolute_url())
    assert "Counter fault" in page.content.decode()
    chart = page.context["chart"]
    assert chart["values"][-1] is None and chart["partial"][-1] == "95700.000"  # a gap, and the partial month apart


def test_an_excluded_month_is_a_gap_on_the_time_axis(client, footfall):
    gap = Measurement.objects.get(indicator=footfall, measured_on=D(2025, 6, 1))
    from initiatives.services import measurement_update

    measurement_update(measurement=gap, by=None, expected_version=gap.version, is_excluded=True, excluded_reason="Roadworks")
    chart = client.get(footfall.get_absolute_url()).context["chart"]
    assert len(chart["labels"]) == 24 and chart["labels"][0] == "November 2024" and chart["labels"][-1] == "October 2026"
    assert chart["values"][7] is None and chart["values"][6] == "93000.000"  # June 2025 left out, May kept
    # June 2026 has no like-for-like month before it now; the latest (October) still has.
    assert reread(footfall)[0].trend == "improving"


def test_changing_the_rule_rolls_the_measurements_up_again(footfall):
    from initiatives.services import indicator_update

    indicator_update(indicator=footfall, by=None, expected_version=footfall.version, reporting_period="quarter")
    indicator = reread(footfall)[0]
    # The latest complete quarter is July–September 2026: 100,000 + 100,500 + 101,000.
    assert (indicator.latest_on, indicator.latest_value) == (D(2026, 7, 1), Decimal(301500))
    assert (indicator.partial_on, indicator.partial_value) == (D(2026, 10, 1), Decimal(101500))


@pytest.mark.django_db(transaction=True)
def test_migrating_back_before_the_rolled_up_series_and_forward_again_rolls_it_up(footfall):
    # A rollback of a release stops where the stored series does not exist yet; forward again, the
    # indicators get it back.
    from django.core.management import call_command

    PeriodValue.objects.all().delete()
    try:
        call_command("migrate", "initiatives", "0010", verbosity=0)
    finally:
        call_command("migrate", "initiatives", verbosity=0)
    assert PeriodValue.objects.filter(indicator=footfall, complete=True).exists()
