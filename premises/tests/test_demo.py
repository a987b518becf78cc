"""The demo register: Riverbend's six streets, two years of history, and the vacancy it counts
following the path the demo's vacancy-rate indicator tells."""
import datetime
import json

import pytest
from django.utils import timezone

from committees import demo as committees_demo
from core import demo as core_demo
from initiatives import demo as initiatives_demo
from initiatives.models import Measurement
from premises import demo
from premises.models import BasePlan, Business, Occupancy, Unit, UnitStatus
from premises.vacancy import long_term_vacant, monthly_vacancy

pytestmark = pytest.mark.django_db


def _snapshot():
    return [model.history.count() for model in (Unit, UnitStatus, Business, Occupancy, BasePlan)]


def test_the_demo_register_follows_the_vacancy_indicator_and_loads_twice_without_changing_anything(role_groups):
    users = core_demo.load_users()
    committees_demo.load(users)
    demo.load(users)
    initiatives_demo.load(users)
    first = _snapshot()
    demo.load(users)
    assert _snapshot() == first

    units = Unit.objects.all()
    assert 140 <= units.count() <= 160
    assert units.values("street").distinct().count() == 6
    plan = BasePlan.objects.get(committee__slug=demo.MARKETING)
    assert plan.credit == "Invented plan of Riverbend (demo)"
    named = {feature["properties"].get("name") for feature in json.loads(plan.geojson)["features"]}
    assert set(units.values_list("street", flat=True)) <= named
    assert not units.filter(longitude__isnull=True).exists()
    assert {"upper", "basement", "ground"} == set(units.values_list("floor", flat=True))
    today = timezone.localdate()
    oldest = UnitStatus.objects.order_by("since").first().since
    assert oldest < today - datetime.timedelta(days=730)
    assert 70 <= Occupancy.objects.on(today).count() <= 90
    assert long_term_vacant(today).exists()

    indicator = {row.measured_on.replace(day=1): row.value
                 for row in Measurement.objects.filter(indicator__slug="vacancy-rate")}
    series = monthly_vacancy(start=min(indicator), end=today)
    compared = [(point.on, float(point.rate), float(indicator[point.on.replace(day=1)]))
                for point in series if point.on.replace(day=1) in indicator]
    assert len(compared) >= 23
    assert all(abs(counted - told) <= 1.0 for _on, counted, told in compared), compared
    assert compared[-1][1] < compared[0][1] - 2  # vacancy falls over the two years, as the indicator tells
