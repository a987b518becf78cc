import datetime

import pytest
from django.core.exceptions import ValidationError
from django.utils import timezone

from core.edits import EditConflict
from premises import services
from premises.models import Occupancy, Unit, UnitStatus
from premises.tests.factories import UnitFactory

D = datetime.date


@pytest.fixture
def keeper(make_user):
    return make_user("keeper", superuser=True)


@pytest.mark.django_db
def test_a_unit_is_added_with_its_first_status_and_its_author_in_the_history(keeper):
    committee = UnitFactory().committee
    unit = services.unit_create(by=keeper, committee=committee, street=" Mill Lane ", number="12a", floor="ground",
                                use_class="food_and_drink", status="vacant_marketed", status_since=D(2024, 5, 1))
    assert (unit.street, unit.number_order, unit.version) == ("Mill Lane", 12, 1)
    status = unit.statuses.get()
    assert (status.status, status.since, status.recorded_by) == ("vacant_marketed", D(2024, 5, 1), keeper)
    assert unit.history.get().history_user == keeper


@pytest.mark.django_db
def test_a_unit_that_fails_a_check_stores_nothing(keeper):
    committee = UnitFactory().committee
    with pytest.raises(ValidationError):
        services.unit_create(by=keeper, committee=committee, street="Mill Lane", number="3", floor_area=0,
                             status="occupied", status_since=D(2024, 5, 1))
    with pytest.raises(ValidationError):  # a status without its date
        services.unit_create(by=keeper, committee=committee, street="Mill Lane", number="4", status="occupied")
    assert not Unit.objects.filter(street="Mill Lane").exists()


@pytest.mark.django_db
def test_a_second_status_on_the_same_day_is_refused(keeper):
    unit = UnitFactory()
    services.status_record(unit=unit, status="occupied", since=D(2024, 1, 1), by=keeper)
    with pytest.raises(ValidationError, match="correct that one instead"):
        services.status_record(unit=unit, status="under_offer", since=D(2024, 1, 1), by=keeper)


@pytest.mark.django_db
def test_a_status_dated_in_the_future_is_refused(keeper):
    unit = UnitFactory()
    with pytest.raises(ValidationError, match="cannot be in the future"):
        services.status_record(unit=unit, status="occupied", since=timezone.localdate() + datetime.timedelta(days=1), by=keeper)
    assert not unit.statuses.exists()


@pytest.mark.django_db
def test_a_corrected_status_keeps_what_it_said_before(keeper, make_user):
    unit = UnitFactory()
    recorded = services.status_record(unit=unit, status="occupied", since=D(2024, 1, 1), by=keeper)
    corrector = make_user("corrector", superuser=True)
    services.status_correct(unit_status=recorded, by=corrector, expected_version=1, status="vacant_marketed",
                            since=D(2024, 2, 1))
    stored = UnitStatus.objects.get()
    assert (stored.status, stored.since, stored.version) == ("vacant_marketed", D(2024, 2, 1), 2)
    history = list(stored.history.order_by("history_date").values_list("status", "since", "history_user__username"))
    assert history == [("occupied", D(2024, 1, 1), "keeper"), ("vacant_marketed", D(2024, 2, 1), "corrector")]
    with pytest.raises(EditConflict):  # a form opened before the correction
        services.status_correct(unit_status=stored, by=keeper, expected_version=1, status="occupied")


@pytest.mark.django_db
def test_an_edit_of_a_unit_saved_meanwhile_by_someone_else_is_refused(keeper):
    unit = UnitFactory()
    services.unit_update(unit=unit, by=keeper, expected_version=1, notes="New shopfront")
    with pytest.raises(EditConflict):
        services.unit_update(unit=unit, by=keeper, expected_version=1, notes="Old shopfront")
    assert Unit.objects.get().notes == "New shopfront"


@pytest.mark.django_db
def test_a_business_occupies_a_unit_and_leaves_it(keeper):
    unit = UnitFactory()
    business = services.business_create(by=keeper, committee=unit.committee, name="Corner Bakery", category="food_shop")
    occupancy = services.occupancy_start(business=business, unit=unit, since=D(2023, 3, 1), by=keeper)
    assert list(Occupancy.objects.on(D(2024, 1, 1))) == [occupancy]
    services.occupancy_update(occupancy=occupancy, by=keeper, expected_version=1, until=D(2023, 12, 31))
    assert not Occupancy.objects.on(D(2024, 1, 1)).exists()
    with pytest.raises(ValidationError, match="cannot end before it starts"):
        services.occupancy_update(occupancy=occupancy, by=keeper, expected_version=2, until=D(2023, 1, 1))
