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
