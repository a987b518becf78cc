import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from committees.tests.factories import CommitteeFactory
from core.roles import MANAGERS, MAYORS, SECRETARIES
from premises import services


@pytest.fixture
def town(make_user):
    """A register kept by committee A (units on two streets, with status histories) and a unit of
    committee B; a user for every role."""
    keeping = CommitteeFactory(name="Town Centre Committee", slug="town-centre")
    other = CommitteeFactory(name="Riverside Committee", slug="riverside")
    users = SimpleNamespace(
        manager=make_user("manager", role=MANAGERS, committees=[keeping]),
        secretary=make_user("secretary", role=SECRETARIES, committees=[keeping], membership_role="secretary"),
        other_manager=make_user("other_manager", role=MANAGERS, committees=[other]),
        mayor=make_user("mayor", role=MAYORS),
        plain=make_user("plain", committees=[keeping]),
        superuser=make_user("admin", superuser=True),
    )
    by = users.superuser
    today = timezone.localdate()
    unit = services.unit_create(by=by, committee=keeping, street="Main Street", number="4", floor="ground",
                                use_class="food_and_drink", floor_area=85, status="occupied",
                                status_since=today - datetime.timedelta(days=400))
    services.status_record(unit=unit, status="vacant_marketed", since=today - datetime.timedelta(days=30), by=by)
    other_unit = services.unit_create(by=by, committee=other, street="River Road", number="1", floor="ground",
                                      use_class="services", status="occupied", status_since=today - datetime.timedelta(days=90))
    return SimpleNamespace(keeping=keeping, other=other, users=users, unit=unit, other_unit=other_unit, today=today)
