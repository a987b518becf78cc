"""Managers keep the indicators on staff pages: add and edit an indicator, add, correct, exclude and
delete single measurements (each change in the history); computed values are not touched by hand."""
import datetime
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from initiatives import services
from initiatives.models import Indicator, Measurement, PeriodValue, TargetStatus
from initiatives.tests.factories import IndicatorFactory, InitiativeFactory, MeasurementFactory, TargetFactory

D = datetime.date


def indicator_form(**changes):
    return {"original_language": "en", "name": "PM2.5 at the school", "slug": "", "standard_unit":
            "micrograms_per_cubic_metre", "unit": "", "reporting_period": "month", "roll_up": "mean",
            "decimal_places": "1", "description": "The sensor on the school's roof.", **changes}


def test_a_manager_adds_an_indicator_with_its_period_and_rule(manager_client, django_assert_max_num_queries):
    with django_assert_max_num_queries(20):
        response = manager_client.post(reverse("initiatives:indicator-create"), indicator_form())
    indicator = Indicator.objects.get(slug="pm25-at-the-school")
    assert response.url == indicator.get_absolute_url()
    assert (indicator.reporting_period, indicator.roll_up, indicator.higher_is_better) == ("month", "mean", False)
    assert indicator.original_language == "en"


def test_an_indicator_without_a_unit_keeps_what_was_typed_and_says_why(manager_client):
    response = manager_client.post(reverse("initiatives:indicator-create"), indicator_form(standard_unit=""))
    assert response.status_code == 200 and not Indicator.objects.filter(name="PM2.5 at the school").exists()
    page = response.content.decode()
    assert "Choose a unit from the list, or type one." in page and "The sensor on the school&#x27;s roof." in page


def test_editing_the_rule_rolls_up_again_and_an_old_form_is_refused(manager_client, world):
    for day in (1, 2):
        MeasurementFactory(indicator=world.indicator, measured_on=D(2026, 3, day), value=Decimal(10 * day))
    url = reverse("initiatives:indicator-update", args=[world.indicator.slug])
    form = indicator_form(name="Footfall", slug="footfall", standard_unit="people", roll_up="sum", higher_is_better="on")
    assert manager_client.post(url, {**form, "version": world.indicator.version}).status_code == 302
    assert PeriodValue.objects.get(indicator=world.indicator).value == Decimal(30)  # 10 + 20: the sum now
    stale = manager_client.post(url, {**form, "roll_up": "last", "version": world.indicator.version})
    assert stale.status_code == 200 and "Someone else saved this" in stale.content.decode()
    assert Indicator.objects.get(pk=world.indicator.pk).roll_up == "sum"


def test_a_measurement_is_added_corrected_and_deleted_each_in_the_history(manager_client, world):
    detail = world.indicator.get_absolute_url()
    manager_client.post(detail, {"measured_on": "2026-03-01", "period": "month", "value": "3120", "source": "counter"})
    measurement = Measurement.objects.get(indicator=world.indicator)
    assert measurement.value == Decimal(3120) and PeriodValue.objects.get(indicator=world.indicator).value == Decimal(3120)
    update = reverse("initiatives:measurement-update", args=[world.indicator.slug, measurement.pk])
    response = manager_client.post(update, {"measured_on": "2026-03-01", "period": "month", "value": "3210",
                                            "source": "counter", "version": measurement.version})
    assert response.status_code == 302
    assert PeriodValue.objects.get(indicator=world.indicator).value == Decimal(3210)
    measurement.refresh_from_db()
    changes = manager_client.get(update).context["history"]
    assert [(record.value, record.history_user.username) for record in changes] == [
        (Decimal(3210), "lead_manager"), (Decimal(3120), "lead_manager")]
    delete = reverse("initiatives:measurement-delete", args=[world.indicator.slug, measurement.pk])
    assert manager_client.post(delete, {"version": measurement.version}).status_code == 302
    assert not Measurement.objects.exists() and not PeriodValue.objects.exists()
    history = Measurement.history.filter(id=measurement.pk).order_by("history_date")
    assert [(h.history_type, h.value, h.history_user.username) for h in history] == [
        ("+", Decimal(3120), "lead_manager"), ("~", Decimal(3210), "lead_manager"), ("-", Decimal(3210), "lead_manager")]


def test_excluding_needs_a_reason_and_keeps_what_was_typed(manager_client, world):
    measurement = MeasurementFactory(indicator=world.indicator, measured_on=D(2026, 3, 1), value=Decimal(5))
    update = reverse("initiatives:measurement-update", args=[world.indicator.slug, measurement.pk])
    response = manager_client.post(update, {"measured_on": "2026-03-01", "period": "day", "value": "6",
                                            "is_excluded": "on", "excluded_reason": "", "version": measurement.version})
    assert "Say why the value is excluded." in response.content.decode()
    assert response.context["form"]["value"].value() == "6"
    measurement.refresh_from_db()
    assert (measurement.value, measurement.is_excluded) == (Decimal(5), False)


def test_a_correction_opened_before_someone_elses_is_refused(manager_client, world):
    measurement = MeasurementFactory(indicator=world.indicator, measured_on=D(2026, 3, 1), value=Decimal(5))
    opened_at = measurement.version
    services.measurement_update(measurement=measurement, by=None, expected_version=opened_at, value=Decimal(7))
    update = reverse("initiatives:measurement-update", args=[world.indicator.slug, measurement.pk])
    response = manager_client.post(update, {"measured_on": "2026-03-01", "period": "day", "value": "9",
                                            "version": opened_at})
    assert response.status_code == 200 and "Someone else saved this" in response.content.decode()
    assert Measurement.objects.get(pk=measurement.pk).value == Decimal(7)


@pytest.fixture
def vacancy(db):
    """A vacancy rate computed from the premises register (as issue 16 will feed it), one value typed by hand."""
    indicator = IndicatorFactory(slug="vacancy", standard_unit="percent", higher_is_better=False, decimal_places=1)
    services.measurements_record(indicator=indicator, rows=[(D(2026, 1, 1), Decimal("14.5")), (D(2026, 2, 1), Decimal("14.0"))],
                                 period="month", computed_from="the premises register")
    return indicator


def test_a_computed_value_is_not_edited_or_deleted_by_hand(vacancy):
    computed = vacancy.measurements.get(measured_on=D(2026, 2, 1))
    for attempt in (
        lambda: services.measurement_update(measurement=computed, by=None, expected_version=computed.version, value=Decimal(3)),
        lambda: services.measurement_delete(measurement=computed, by=None, expected_version=computed.version),
        lambda: services.measurements_record(indicator=vacancy, rows=[(D(2026, 2, 1), Decimal(3))], period="month"),
    ):
        with pytest.raises(services.ComputedValue, match="computed from the premises register: correct it there"):
            attempt()
    assert vacancy.measurements.get(pk=computed.pk).value == Decimal("14.0")
    # The register itself computes it again.
    services.measurements_record(indicator=vacancy, rows=[(D(2026, 2, 1), Decimal("13.5"))], period="month",
                                 computed_from="the premises register")
    assert vacancy.measurements.get(pk=computed.pk).value == Decimal("13.5")


def test_the_pages_say_where_a_computed_value_is_corrected(client, world, vacancy):
    client.force_login(world.users["lead_manager"])
    computed = vacancy.measurements.get(measured_on=D(2026, 2, 1))
    page = client.get(vacancy.get_absolute_url()).content.decode()
    assert "computed from the premises register: corrected there" in page
    assert reverse("initiatives:measurement-update", args=[vacancy.slug, computed.pk]) not in page
    response = client.get(reverse("initiatives:measurement-update", args=[vacancy.slug, computed.pk]), follow=True)
    assert "This value is computed from the premises register: correct it there" in response.content.decode()
    text = "2026-02-01,3\n2026-03-01,13\n"
    response = client.post(reverse("initiatives:measurement-import", args=[vacancy.slug]),
                           {"file": SimpleUploadedFile("v.csv", text.encode()), "period": "month"})
    assert "the value is computed from the premises register; correct it there." in response.content.decode()
    assert not vacancy.measurements.filter(measured_on=D(2026, 3, 1)).exists()


def test_the_import_preview_shows_old_and_new_values_and_stores_nothing(manager_client, world):
    MeasurementFactory(indicator=world.indicator, measured_on=D(2026, 3, 1), value=Decimal(5), period="day")
    MeasurementFactory(indicator=world.indicator, measured_on=D(2026, 3, 2), value=Decimal(6), period="day")
    url = reverse("initiatives:measurement-import", args=[world.indicator.slug])
    text = "date,value,period\n2026-03-01,7,\n2026-03-02,6,\n2026-04-01,9,month\n"
    response = manager_client.post(url, {"file": SimpleUploadedFile("f.csv", text.encode()), "period": "day"})
    page = response.content.decode()
    assert [(c.action, c.period) for c in response.context["changes"]] == [
        ("update", "day"), ("unchanged", "day"), ("create", "month")]
    assert "changes 5 people a day (day) → 7 people a day (day)" in page and "as stored: not written" in page
    assert Measurement.objects.get(measured_on=D(2026, 3, 1)).value == Decimal(5)
    manager_client.post(url, {"confirm": "1"})
    assert dict(Measurement.objects.values_list("measured_on", "value")) == {
        D(2026, 3, 1): Decimal(7), D(2026, 3, 2): Decimal(6), D(2026, 4, 1): Decimal(9)}


def test_the_import_period_defaults_to_the_indicators_and_a_bad_row_period_is_named(manager_client):
    indicator = IndicatorFactory(slug="events", reporting_period="quarter", roll_up="sum")
    url = reverse("initiatives:measurement-import", args=[indicator.slug])
    assert manager_client.get(url).context["form"]["period"].value() == "quarter"
    response = manager_client.post(url, {"file": SimpleUploadedFile("f.csv", b"2026-03-01,7,fortnight\n"), "period": "day"})
    assert "row 1, column period, “fortnight”: write day, week, month, quarter or year." in response.content.decode()


def test_improving_but_off_track_is_explained_where_both_show(client, world):
    pm25 = IndicatorFactory(slug="pm25", standard_unit="micrograms_per_cubic_metre", higher_is_better=False, roll_up="mean")
    MeasurementFactory(indicator=pm25, measured_on=D(2025, 10, 1), period="month", value=Decimal(21))
    MeasurementFactory(indicator=pm25, measured_on=D(2026, 10, 1), period="month", value=Decimal(20))
    TargetFactory(initiative=world.public, indicator=pm25, baseline=Decimal(22), baseline_on=D(2025, 10, 1),
                  target_value=Decimal(12), target_on=D(2027, 1, 1))
    explained = 'Better than a year before, but not moving fast enough to reach the target by <time datetime="2027-01-01">'

    for url in (pm25.get_absolute_url(), reverse("initiatives:indicator-list"), world.public.get_absolute_url()):
        page = client.get(url).content.decode()
        assert "improving" in page and "off track" in page and explained in page, url


@pytest.mark.parametrize("role", ["anonymous", "lead_manager"])
def test_the_indicator_pages_keep_a_constant_query_count(client, world, role, django_assert_max_num_queries):
    if role != "anonymous":
        client.force_login(world.users[role])
    for month in range(1, 13):
        for day in (1, 15):
            MeasurementFactory(indicator=world.indicator, measured_on=D(2025, month, day), value=Decimal(day))
        MeasurementFactory(indicator=IndicatorFactory(), measured_on=D(2025, month, 1), is_excluded=True,
                           excluded_reason="roadworks")
    for initiative in InitiativeFactory.create_batch(3):
        TargetFactory(initiative=initiative, indicator=world.indicator)
    for url in (reverse("initiatives:indicator-list"), world.indicator.get_absolute_url()):
        with django_assert_max_num_queries(14):
            assert client.get(url).status_code == 200
    if role == "lead_manager":
        measurement = world.indicator.measurements.first()
        for url in (reverse("initiatives:indicator-create"), reverse("initiatives:indicator-update", args=["footfall"]),
                    reverse("initiatives:measurement-update", args=["footfall", measurement.pk]),
                    reverse("initiatives:measurement-delete", args=["footfall", measurement.pk])):
            with django_assert_max_num_queries(10):
                assert client.get(url).status_code == 200


def test_a_target_on_a_series_with_only_a_partial_month_has_no_data(world):
    counted = IndicatorFactory(slug="counted", roll_up="sum")
    target = TargetFactory(initiative=world.public, indicator=counted, baseline=Decimal(10), baseline_on=D(2026, 1, 1))
    MeasurementFactory(indicator=counted, measured_on=D(2026, 3, 2), value=Decimal(3))
    assert type(target).objects.with_latest().get(pk=target.pk).status == TargetStatus.NO_DATA


def test_a_value_computed_while_its_correction_form_is_open_is_refused_with_a_message(manager_client, world):
    measurement = MeasurementFactory(indicator=world.indicator, measured_on=D(2026, 3, 1), value=Decimal(5), period="month")
    opened_at = measurement.version  # the correction form and the delete page are open at this version
    services.measurements_record(indicator=world.indicator, rows=[(D(2026, 3, 1), Decimal(6))], period="month",
                                 computed_from="the premises register")
    update = reverse("initiatives:measurement-update", args=[world.indicator.slug, measurement.pk])
    delete = reverse("initiatives:measurement-delete", args=[world.indicator.slug, measurement.pk])
    for response in (
        manager_client.post(update, {"measured_on": "2026-03-01", "period": "month", "value": "9", "version": opened_at},
                            follow=True),
        manager_client.post(delete, {"version": opened_at}, follow=True),
    ):
        assert response.status_code == 200
        assert "This value is computed from the premises register: correct it there" in response.content.decode()
    assert Measurement.objects.get(pk=measurement.pk).value == Decimal(6)


def test_an_indicator_named_in_persian_gets_a_web_address_of_its_own(manager_client):
    """A name with no Latin letters makes no slug by itself: the page still gets a free address."""
    for name in ("شمار دوچرخه‌ها", "کیفیت هوا"):
        response = manager_client.post(reverse("initiatives:indicator-create"), indicator_form(
            original_language="fa", name=name))
        indicator = Indicator.objects.get(name=name)
        assert response.status_code == 302 and response.url == indicator.get_absolute_url()
    assert manager_client.get(indicator.get_absolute_url()).status_code == 200
