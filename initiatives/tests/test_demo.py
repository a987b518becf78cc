import pytest

from committees import demo as committees_demo
from initiatives import demo
from initiatives.models import FundingLine, Initiative, Measurement, Milestone, StatusChange, Target
from core import demo as core_demo

pytestmark = pytest.mark.django_db


def _snapshot():
    return {
        "initiatives": list(Initiative.objects.values_list("slug", "status", "updated_at").order_by("slug")),
        "history": Initiative.history.count(),
        "children_history": [model.history.count() for model in (FundingLine, Milestone, Target)],
        "measurements": Measurement.objects.count(),
        "milestones": list(Milestone.objects.values_list("title", "due_on", "done_on").order_by("pk")),
        "status_changes": StatusChange.objects.count(),
        "targets": list(Target.objects.values_list("pk", "baseline", "target_value").order_by("pk")),
    }


def test_the_demo_programme_loads_twice_without_changing_anything(role_groups):
    users = core_demo.load_users()
    committees_demo.load(users)
    demo.load(users)
    first = _snapshot()
    demo.load(users)
    assert _snapshot() == first
    assert first["measurements"] >= 3 * 24  # two years of monthly values for each indicator
    programme = Initiative.objects.for_list()
    assert programme.filter(lead_committee__slug="city-marketing-committee").count() >= 6
    assert any(initiative.overdue_milestone_count for initiative in programme)
    assert Initiative.objects.filter(slug="main-square-renovation", funding_lines__source="eu").exists()
    assert {t.status for t in Target.objects.with_latest()} >= {"on_track", "at_risk", "off_track"}


def test_the_pop_up_programme_names_shops_that_were_empty_when_it_began_and_two_let_since(role_groups):
    from premises import demo as premises_demo
    from premises.models import Unit, latest_status

    users = core_demo.load_users()
    committees_demo.load(users)
    premises_demo.load(users)
    demo.load(users)
    pop_ups = Initiative.objects.get(slug="pop-up-shops")
    units = list(pop_ups.units.with_status_on().annotate(at_start=latest_status(pop_ups.start_on)))
    assert len(units) == 3
    assert all(unit.at_start in ("vacant_marketed", "vacant_no_board", "under_offer", "refurbishment") for unit in units)
    opened = [unit for unit in units if unit.status_now == "occupied"]
    assert len(opened) == 2 and all(unit.status_since > pop_ups.start_on for unit in opened)
    assert (pop_ups.longitude, pop_ups.latitude) in {(unit.longitude, unit.latitude) for unit in units}
    assert Initiative.objects.filter(longitude__isnull=False).count() >= 4
    history = pop_ups.history.count()
    demo.load(users)
    assert pop_ups.history.count() == history and Unit.objects.filter(initiatives=pop_ups).count() == 3
