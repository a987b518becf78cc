"""The mix of uses (premises.mix) against a hand count: units of several use classes changing status
mid-month, one out of commercial use and back, an upper floor, and another committee's register."""
import datetime

import pytest

from committees.tests.factories import CommitteeFactory
from premises import services
from premises.mix import monthly_use_mix, use_mix_on

D = datetime.date


def _unit(committee, by, number, use_class, statuses, floor="ground"):
    unit = services.unit_create(by=by, committee=committee, street="Main Street", number=number, floor=floor, use_class=use_class)
    for since, status in statuses:
        services.status_record(unit=unit, status=status, since=since, by=by)
    return unit


@pytest.fixture
def mixed(make_user):
    user = make_user("keeper", superuser=True)
    committee, other = CommitteeFactory(), CommitteeFactory()
    _unit(committee, user, "1", "food_and_drink", [(D(2023, 1, 10), "occupied")])
    _unit(committee, user, "2", "food_and_drink", [(D(2023, 3, 5), "vacant_marketed"), (D(2023, 5, 1), "occupied")])
    _unit(committee, user, "3", "services", [(D(2023, 1, 1), "occupied"), (D(2023, 3, 20), "not_in_use"), (D(2023, 6, 2), "under_offer")])
    _unit(committee, user, "4", "comparison_retail", [(D(2023, 2, 14), "occupied")])
    _unit(committee, user, "4", "offices", [(D(2023, 1, 1), "occupied")], floor="upper")  # never counted
    _unit(committee, user, "5", "offices", [])  # no status: not counted
    _unit(other, user, "9", "leisure_and_culture", [(D(2023, 1, 1), "occupied")])
    return committee, other


# month end → units per use class of `committee`'s register, counted by hand.
HAND_COUNTS = {
    D(2023, 1, 31): {"food_and_drink": 1, "services": 1},
    D(2023, 2, 28): {"food_and_drink": 1, "services": 1, "comparison_retail": 1},
    D(2023, 3, 31): {"food_and_drink": 2, "comparison_retail": 1},  # no. 2 vacant (counts), no. 3 out of use
    D(2023, 5, 31): {"food_and_drink": 2, "comparison_retail": 1},
    D(2023, 6, 30): {"food_and_drink": 2, "services": 1, "comparison_retail": 1},  # no. 3 back, under offer
}


@pytest.mark.django_db
def test_the_mix_at_each_month_end_equals_the_hand_count_in_one_query(mixed, django_assert_num_queries):
    committee, _other = mixed
    with django_assert_num_queries(1):
        months = monthly_use_mix(start=D(2023, 1, 1), end=D(2023, 6, 30), committees=[committee])
    assert [mix.on for mix in months] == [D(2023, m, d) for m, d in ((1, 31), (2, 28), (3, 31), (4, 30), (5, 31), (6, 30))]
    found = {mix.on: mix.counts for mix in months}
    for day, counts in HAND_COUNTS.items():
        assert found[day] == counts


@pytest.mark.django_db
@pytest.mark.parametrize("day", HAND_COUNTS)
def test_the_mix_on_a_date_equals_the_hand_count(mixed, day):
    committee, _other = mixed
    from premises.models import Unit

    assert use_mix_on(day, Unit.objects.filter(committee=committee)).counts == HAND_COUNTS[day]


@pytest.mark.django_db
def test_shares_are_percentages_of_the_units_counted(mixed):
    committee, _other = mixed
    june = monthly_use_mix(start=D(2023, 6, 1), end=D(2023, 6, 30), committees=[committee])[0]
    assert june.units == 4
    assert str(june.share("food_and_drink")) == "50.0"
    assert str(june.share("services")) == "25.0"
    assert june.share("offices") == 0


@pytest.mark.django_db
def test_every_register_counts_when_no_committee_is_named(mixed):
    june = monthly_use_mix(start=D(2023, 6, 1), end=D(2023, 6, 30))[0]
    assert june.counts == {**HAND_COUNTS[D(2023, 6, 30)], "leisure_and_culture": 1}
    assert use_mix_on(D(2023, 6, 30)).counts == june.counts


@pytest.mark.django_db
def test_a_month_not_ended_yet_is_left_out_and_a_register_without_statuses_has_empty_months(mixed):
    months = monthly_use_mix(start=D(2023, 1, 1), end=D(2023, 2, 27), committees=[CommitteeFactory()])
    assert [(mix.on, mix.counts, mix.share("services")) for mix in months] == [(D(2023, 1, 31), {}, None)]
