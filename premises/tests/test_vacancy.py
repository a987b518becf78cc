"""The vacancy figures (premises.vacancy) against a hand count of a small register: units changing
status mid-month, a unit out of commercial use and back, upper floors and a basement, units with no
status yet, and statuses corrected after they were recorded."""
import datetime
from decimal import Decimal

import pytest

from committees.tests.factories import CommitteeFactory
from premises import services
from premises.vacancy import long_term_vacant, monthly_vacancy, vacancy_by_street, vacancy_on

D = datetime.date


def _unit(committee, by, street, number, floor="ground", statuses=()):
    unit = services.unit_create(by=by, committee=committee, street=street, number=number, floor=floor, use_class="services")
    for since, status in statuses:
        services.status_record(unit=unit, status=status, since=since, by=by)
    return unit


@pytest.fixture
def register(make_user):
    user = make_user("keeper", superuser=True)
    committee = CommitteeFactory()
    units = {
        "main1": _unit(committee, user, "Main Street", "1", statuses=[
            (D(2021, 6, 1), "vacant_marketed"), (D(2023, 1, 1), "occupied"), (D(2024, 3, 15), "vacant_marketed"),
            (D(2024, 6, 10), "under_offer"), (D(2024, 8, 1), "occupied")]),
        "main2": _unit(committee, user, "Main Street", "2", statuses=[
            (D(2022, 5, 1), "vacant_no_board"), (D(2024, 5, 20), "refurbishment")]),
        "main3": _unit(committee, user, "Main Street", "3", statuses=[(D(2023, 6, 1), "occupied")]),
        "main4": _unit(committee, user, "Main Street", "4", statuses=[
            (D(2023, 1, 1), "not_in_use"), (D(2024, 4, 1), "vacant_marketed")]),
        "mill1": _unit(committee, user, "Mill Lane", "1", statuses=[
            (D(2023, 1, 1), "occupied"), (D(2024, 2, 10), "vacant_marketed")]),
        "mill3": _unit(committee, user, "Mill Lane", "3", statuses=[(D(2024, 1, 20), "occupied")]),
        "mill5": _unit(committee, user, "Mill Lane", "5", statuses=[(D(2024, 4, 15), "vacant_marketed")]),
        # Never counted: an upper floor and a basement, empty all along.
        "main1-upper": _unit(committee, user, "Main Street", "1", floor="upper", statuses=[(D(2023, 1, 1), "vacant_marketed")]),
        "main2-basement": _unit(committee, user, "Main Street", "2", floor="basement", statuses=[(D(2023, 1, 1), "vacant_no_board")]),
    }
    # Corrections: Mill Lane 1 fell vacant in July, not February; Mill Lane 3 was under offer, not occupied.
    wrong_date = units["mill1"].statuses.get(since=D(2024, 2, 10))
    services.status_correct(unit_status=wrong_date, by=user, expected_version=wrong_date.version, since=D(2024, 7, 5))
    wrong_status = units["mill3"].statuses.get()
    services.status_correct(unit_status=wrong_status, by=user, expected_version=wrong_status.version, status="under_offer")
    # Another committee's register, counted only when all registers are.
    _unit(CommitteeFactory(), user, "Main Street", "9", statuses=[(D(2020, 1, 1), "vacant_marketed")])
    return committee, units


# date → (ground-floor units in commercial use, empty, available to let), counted by hand.
HAND_COUNTS = {
    D(2022, 12, 31): (2, 2, 2),  # main1 and main2 empty; nothing else recorded yet
    D(2024, 1, 31): (5, 2, 1),  # main1 occupied; main2 empty, available; main4 out of use; mill3 under offer
    D(2024, 3, 14): (5, 2, 1),  # the day before main1 falls vacant
    D(2024, 3, 15): (5, 3, 2),
    D(2024, 4, 30): (7, 5, 4),  # main4 back in use, mill5 first recorded: both vacant
    D(2024, 6, 30): (7, 5, 2),  # main1 under offer, main2 being refurbished
    D(2024, 7, 31): (7, 6, 3),  # mill1 vacant from 5 July (corrected date)
    D(2024, 8, 31): (7, 5, 3),  # main1 let
}


@pytest.mark.django_db
@pytest.mark.parametrize("day", HAND_COUNTS)
def test_the_vacancy_rate_on_a_date_equals_the_hand_count(register, day):
    committee, _units = register
    figures = vacancy_on(day, units=committee.units.all())
    assert (figures.units, figures.empty, figures.available) == HAND_COUNTS[day]


@pytest.mark.django_db
def test_the_rates_are_shares_of_the_ground_floor_units_in_commercial_use(register):
    committee, _units = register
    figures = vacancy_on(D(2024, 4, 30), units=committee.units.all())
    assert figures.rate == Decimal("71.4")  # 5 of 7
    assert figures.available_rate == Decimal("57.1")  # 4 of 7
    assert vacancy_on(D(2020, 1, 1), units=committee.units.all()).rate is None  # nothing recorded yet


@pytest.mark.django_db
def test_the_monthly_series_gives_the_hand_counts_at_month_ends_and_the_figures_of_each_month_end(register):
    committee, _units = register
    series = monthly_vacancy(start=D(2022, 11, 15), end=D(2024, 9, 10), committee=committee)
    assert [point.on for point in series][:2] == [D(2022, 11, 30), D(2022, 12, 31)]
    assert series[-1].on == D(2024, 8, 31)  # September has not ended by the 10th
    assert len(series) == 22
    by_date = {point.on: (point.units, point.empty, point.available) for point in series}
    for day, counts in HAND_COUNTS.items():
        if day in by_date:
            assert by_date[day] == counts
    for point in series:
        assert point == vacancy_on(point.on, units=committee.units.all())


@pytest.mark.django_db
def test_the_monthly_series_over_every_register_counts_every_committee(register):
    committee, _units = register
    mine = monthly_vacancy(start=D(2024, 1, 1), end=D(2024, 1, 31), committee=committee)[0]
    everyone = monthly_vacancy(start=D(2024, 1, 1), end=D(2024, 1, 31))[0]
    assert (everyone.units - mine.units, everyone.empty - mine.empty) == (1, 1)
    assert everyone == vacancy_on(D(2024, 1, 31))


@pytest.mark.django_db
def test_vacancy_by_street(register):
    committee, _units = register
    streets = vacancy_by_street(D(2024, 6, 30), units=committee.units.all())
    assert [(row.label, row.units, row.empty, row.available) for row in streets] == [
        ("Main Street", 4, 3, 1), ("Mill Lane", 3, 2, 1),
    ]


@pytest.mark.django_db
def test_long_term_vacant_units_have_been_empty_without_a_break_for_over_a_year(register):
    committee, units = register
    units_of = committee.units.all()
    assert [unit.pk for unit in long_term_vacant(D(2022, 12, 31), units=units_of)] == [units["main1"].pk]
    long_term = list(long_term_vacant(D(2024, 6, 30), units=units_of))
    # main2: empty since May 2022, refurbishment included; main1 was let in between, the upper floor does not count.
    assert [(unit.pk, unit.vacant_since) for unit in long_term] == [(units["main2"].pk, D(2022, 5, 1))]
    assert list(long_term_vacant(D(2022, 6, 1), units=units_of)) == []  # a year to the day is not over a year
    assert list(long_term_vacant(D(2022, 6, 2), units=units_of)) == [units["main1"]]


@pytest.mark.django_db
def test_the_monthly_series_is_one_query_however_long_the_history(register, django_assert_num_queries):
    committee, _units = register
    with django_assert_num_queries(1):
        series = monthly_vacancy(start=D(2015, 1, 1), end=D(2024, 12, 31), committee=committee)
    assert len(series) == 120
    assert series[0] == vacancy_on(D(2015, 1, 31), units=committee.units.all())  # nothing recorded yet
    assert series[0].rate is None
