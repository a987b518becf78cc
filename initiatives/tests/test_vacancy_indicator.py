"""The vacancy-rate indicator computed from the premises register (initiatives.vacancy_indicator): its
monthly values equal a hand count of a small register with statuses changing mid-month, an upper floor,
a unit out of commercial use, another committee's unit and corrected statuses; a write to the register
computes it again once its transaction commits; nobody types or corrects its values by hand."""
import datetime
from decimal import Decimal

import pytest
from django.core.management import call_command
from django.db import transaction
from django.urls import reverse

from committees.tests.factories import CommitteeFactory
from core.roles import MANAGERS
from initiatives import services
from initiatives.models import Indicator, Measurement
from initiatives.tests.factories import IndicatorFactory, MeasurementFactory
from initiatives.vacancy_indicator import COMPUTED_FROM, vacancy_indicator_refresh
from premises import changes
from premises import services as premises_services

D = datetime.date
TODAY = D(2024, 6, 15)


def _unit(committee, by, number, statuses, floor="ground"):
    unit = premises_services.unit_create(by=by, committee=committee, street="Main Street", number=number, floor=floor,
                                         use_class="services")
    for since, status in statuses:
        premises_services.status_record(unit=unit, status=status, since=since, by=by)
    return unit


@pytest.fixture
def register(make_user):
    keeper = make_user("keeper", role=MANAGERS)
    committee = CommitteeFactory()
    units = {
        "a": _unit(committee, keeper, "1", [(D(2024, 1, 10), "occupied"), (D(2024, 3, 15), "vacant_marketed"),
                                            (D(2024, 5, 2), "occupied")]),
        "b": _unit(committee, keeper, "2", [(D(2024, 1, 5), "vacant_no_board"), (D(2024, 4, 20), "refurbishment")]),
        "c": _unit(committee, keeper, "3", [(D(2024, 1, 20), "occupied"), (D(2024, 4, 25), "occupied")]),
        "d": _unit(committee, keeper, "4", [(D(2023, 6, 1), "not_in_use"), (D(2024, 4, 1), "vacant_marketed")]),
        # Kept by another committee: the indicator is the whole centre's.
        "e": _unit(CommitteeFactory(), keeper, "5", [(D(2023, 12, 1), "occupied"), (D(2024, 2, 10), "vacant_marketed")]),
        # An upper floor, empty all along: never counted.
        "upper": _unit(committee, keeper, "1", [(D(2023, 1, 1), "vacant_marketed")], floor="upper"),
    }
    # Corrections: Main Street 3 was under offer in January, not occupied; 5 fell vacant in April, not February.
    wrong_status = units["c"].statuses.get(since=D(2024, 1, 20))
    premises_services.status_correct(unit_status=wrong_status, by=keeper, expected_version=wrong_status.version,
                                     status="under_offer")
    wrong_date = units["e"].statuses.get(since=D(2024, 2, 10))
    premises_services.status_correct(unit_status=wrong_date, by=keeper, expected_version=wrong_date.version,
                                     since=D(2024, 4, 10))
    indicator = IndicatorFactory(name="Vacancy rate", slug="vacancy-rate", standard_unit="percent",
                                 higher_is_better=False, decimal_places=1, reporting_period="month", roll_up="last")
    return units, keeper, indicator


# The first day of each month → the vacancy rate at its end, counted by hand. The register is complete
# from 20 January (Main Street 3's first status), so it starts in January; June has not ended.
HAND_COUNT = {
    D(2024, 1, 1): Decimal("50.0"),  # 1 occupied, 2 empty (b, c under offer), 4 not in use, 5 occupied: 2 of 4
    D(2024, 2, 1): Decimal("50.0"),  # the same (5's vacancy was corrected to April)
    D(2024, 3, 1): Decimal("75.0"),  # 1 vacant since 15 March: 3 of 4
    D(2024, 4, 1): Decimal("80.0"),  # 4 back in use and vacant, 5 vacant, 3 occupied again: 4 of 5
    D(2024, 5, 1): Decimal("60.0"),  # 1 let again on 2 May: 3 of 5
}


def _values(indicator):
    return dict(indicator.measurements.values_list("measured_on", "value"))


def test_the_indicator_is_the_registers_vacancy_rate_at_each_month_end(register):
    _units, keeper, indicator = register
    vacancy_indicator_refresh(by=keeper, today=TODAY)
    assert _values(indicator) == HAND_COUNT
    stored = indicator.measurements.all()
    assert {(m.period, m.computed_from, m.is_computed) for m in stored} == {("month", COMPUTED_FROM, True)}
    assert {m.history.get().history_user for m in stored} == {keeper}
    # The roll-up reads it as every other indicator's values ("last": a state): May against the year before has none.
    latest = Indicator.objects.with_trend().get(pk=indicator.pk)
    assert (latest.latest_value, latest.latest_on) == (Decimal("60.0"), D(2024, 5, 1))


def test_computing_again_with_nothing_changed_writes_nothing(register):
    _units, keeper, indicator = register
    vacancy_indicator_refresh(by=keeper, today=TODAY)
    records = Measurement.history.filter(indicator_id=indicator.pk).count()
    vacancy_indicator_refresh(by=keeper, today=TODAY)
    assert Measurement.history.filter(indicator_id=indicator.pk).count() == records


# Real commits (a transactional test database): the indicator follows only once the register's write is stored.
@pytest.mark.django_db(transaction=True)
def test_a_status_recorded_or_corrected_computes_the_indicator_again_once_committed(register):
    units, keeper, indicator = register
    vacancy_indicator_refresh(by=keeper, today=TODAY)
    premises_services.status_record(unit=units["a"], status="vacant_no_board", since=D(2024, 5, 20), by=keeper)
    assert _values(indicator)[D(2024, 5, 1)] == Decimal("80.0")  # 4 of 5 at the end of May
    let = units["a"].statuses.get(since=D(2024, 5, 20))
    premises_services.status_correct(unit_status=let, by=keeper, expected_version=let.version, status="occupied")
    assert _values(indicator)[D(2024, 5, 1)] == Decimal("60.0")
    assert indicator.measurements.get(measured_on=D(2024, 5, 1)).history.first().history_user == keeper
    # A unit moved upstairs leaves the count: May is 2 empty of 4 ground-floor units.
    premises_services.unit_update(unit=units["e"], by=keeper, expected_version=units["e"].version, floor="upper")
    assert _values(indicator)[D(2024, 5, 1)] == Decimal("50.0")
    # The months since June 2024 have ended too (the hook computes up to today): the series goes on.
    assert max(_values(indicator)) > D(2024, 6, 1)


@pytest.fixture
def heard():
    calls = []

    def listener(*, by=None):
        calls.append(by)

    changes.on_register_change(listener)
    yield calls
    changes._callbacks.remove(listener)


@pytest.mark.django_db(transaction=True)
def test_many_writes_in_one_transaction_compute_once_and_a_rolled_back_one_never(register, heard):
    units, keeper, indicator = register
    with transaction.atomic():
        for day in (D(2024, 6, 1), D(2024, 6, 2), D(2024, 6, 3)):
            premises_services.status_record(unit=units["b"], status="vacant_marketed", since=day, by=keeper)
        with pytest.raises(ValueError), transaction.atomic():  # a savepoint rolled back: the hook before it stays
            premises_services.status_record(unit=units["b"], status="occupied", since=D(2024, 6, 5), by=keeper)
            raise ValueError("one row of the import was refused")
        assert heard == []  # not before the commit
    assert heard == [keeper]
    with pytest.raises(RuntimeError), transaction.atomic():
        premises_services.status_record(unit=units["b"], status="occupied", since=D(2024, 6, 4), by=keeper)
        raise RuntimeError("the import failed half-way")
    assert heard == [keeper]
    assert indicator.measurements.exists()  # computed by the real callback too


def test_a_computed_value_is_not_typed_corrected_deleted_or_imported_by_hand(register):
    _units, keeper, indicator = register
    vacancy_indicator_refresh(by=keeper, today=TODAY)
    may = indicator.measurements.get(measured_on=D(2024, 5, 1))
    with pytest.raises(services.ComputedValue, match="correct it there"):
        services.measurement_update(measurement=may, by=keeper, expected_version=may.version, value=Decimal(1))
    with pytest.raises(services.ComputedValue, match="correct it there"):
        services.measurement_delete(measurement=may, by=keeper, expected_version=may.version)
    with pytest.raises(services.ComputedValue, match="computed from the premises register"):
        services.measurement_add(indicator=indicator, by=keeper, measured_on=D(2024, 6, 1), period="month",
                                 value=Decimal(5))
    with pytest.raises(services.ComputedValue, match="computed from the premises register"):
        services.measurements_record(indicator=indicator, rows=[(D(2023, 1, 1), Decimal(5))], by=keeper)
    assert _values(indicator) == HAND_COUNT


def test_the_indicator_page_says_it_is_computed_from_the_register_and_refuses_typed_values(client, register):
    _units, keeper, indicator = register
    vacancy_indicator_refresh(by=keeper, today=TODAY)
    client.force_login(keeper)
    page = client.get(indicator.get_absolute_url()).content.decode()
    assert "Computed from the premises register" in page
    assert reverse("premises:register") in page
    assert "Save the measurement" not in page
    assert reverse("initiatives:measurement-import", args=[indicator.slug]) not in page
    may = indicator.measurements.get(measured_on=D(2024, 5, 1))
    assert reverse("initiatives:measurement-update", args=[indicator.slug, may.pk]) not in page

    response = client.post(indicator.get_absolute_url(), {"measured_on": "2024-06-01", "period": "month", "value": "5"},
                           follow=True)
    assert "computed from the premises register at the end of every month" in response.content.decode()
    response = client.get(reverse("initiatives:measurement-import", args=[indicator.slug]), follow=True)
    assert response.redirect_chain[-1][0] == indicator.get_absolute_url()
    response = client.get(reverse("initiatives:measurement-update", args=[indicator.slug, may.pk]), follow=True)
    assert "computed from the premises register: correct it there" in response.content.decode()
    assert _values(indicator) == HAND_COUNT


def test_the_public_reads_the_computed_values_without_a_link_into_the_register(client, register):
    _units, keeper, indicator = register
    vacancy_indicator_refresh(by=keeper, today=TODAY)
    page = client.get(indicator.get_absolute_url()).content.decode()
    assert "Computed from the premises register" in page
    assert reverse("premises:register") not in page


def test_the_command_computes_from_a_chosen_month_and_keeps_values_typed_before_the_register(register):
    _units, keeper, indicator = register
    typed = MeasurementFactory(indicator=indicator, measured_on=D(2020, 1, 1), period="month", value=Decimal("9.0"))
    call_command("vacancy_indicator", "--from", "2024-03-01", stdout=open("/dev/null", "w"))
    values = _values(indicator)
    assert values[typed.measured_on] == Decimal("9.0")
    assert D(2024, 2, 1) not in values and values[D(2024, 3, 1)] == Decimal("75.0")
    # Computed again without --from: it starts where the computed values start.
    vacancy_indicator_refresh(today=TODAY)
    assert _values(indicator) == {typed.measured_on: Decimal("9.0"), **{
        month: value for month, value in HAND_COUNT.items() if month >= D(2024, 3, 1)}}


def test_without_the_indicator_or_a_register_nothing_is_computed_or_removed(db):
    assert vacancy_indicator_refresh() is None
    indicator = IndicatorFactory(slug="vacancy-rate", standard_unit="percent")
    typed = MeasurementFactory(indicator=indicator, measured_on=D(2020, 1, 1), value=Decimal("9.0"))
    assert vacancy_indicator_refresh() == indicator
    assert list(indicator.measurements.all()) == [typed]
