"""The demo register: Riverbend's six streets, two years of history, the vacancy story it tells, and
the demo's vacancy-rate indicator computed from it."""
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


def _months_between(start, day):
    return (day.year - start.year) * 12 + day.month - start.month


def _snapshot():
    return [model.history.count() for model in (Unit, UnitStatus, Business, Occupancy, BasePlan, Measurement)]


def test_the_demo_vacancy_indicator_is_computed_from_the_demo_register_and_loads_twice_without_changing_anything(
        role_groups):
    users = core_demo.load_users()
    committees_demo.load(users)
    demo.load(users)
    initiatives_demo.load(users)
    first = _snapshot()
    demo.load(users)
    initiatives_demo.load(users)
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

    measurements = Measurement.objects.filter(indicator__slug="vacancy-rate")
    assert measurements.count() >= 24 and not measurements.filter(computed_from="").exists()
    assert Measurement.history.filter(indicator__slug="vacancy-rate").count() == measurements.count()  # loaded once
    indicator = {row.measured_on: row.value for row in measurements}
    series = monthly_vacancy(start=min(indicator), end=today)
    assert {point.on.replace(day=1): point.rate for point in series} == indicator
    story_start = demo._month_start(today, demo.MONTHS)
    told = [(point.on, float(point.rate), demo.target_rate(point.on.replace(day=1), _months_between(story_start, point.on)))
            for point in series if point.on >= story_start]
    assert len(told) >= 23
    assert all(abs(counted - story) <= 1.0 for _on, counted, story in told), told
    assert series[-1].rate < series[-24].rate - 2  # vacancy falls over the two years, as the story tells
