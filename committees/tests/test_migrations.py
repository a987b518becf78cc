"""Migrations that move data, run for real on the test database."""
import datetime

import pytest

from core.tests.migrations import migrate, migrated_back_to

pytestmark = pytest.mark.django_db(transaction=True)

BEFORE = [("committees", "0001_initial")]
AFTER = [("committees", "0002_recommendation_step_dates")]
DECIDED = datetime.date(2024, 5, 6)


@pytest.fixture
def migrated_back():
    yield from migrated_back_to(BEFORE)


def step_dates(apps):
    Recommendation = apps.get_model("committees", "Recommendation")
    fields = ["status", "accepted_on", "implemented_on", "rejected_on"]
    return {row["title"]: tuple(row[field] for field in fields) for row in Recommendation.objects.values("title", *fields)}


def test_the_decision_date_moves_to_the_step_of_the_current_status_and_back(migrated_back):
    committee = migrated_back.get_model("committees", "Committee").objects.create(name="Market", slug="market")
    Recommendation = migrated_back.get_model("committees", "Recommendation")
    for status in ["sent", "accepted", "implemented", "rejected"]:
        Recommendation.objects.create(
            committee=committee, title=status, text="Do it.", addressed_to="mayors", status=status,
            adopted_on=datetime.date(2024, 1, 2), decided_on=None if status == "sent" else DECIDED,
        )

    assert step_dates(migrate(AFTER)) == {
        "sent": ("sent", None, None, None),
        "accepted": ("accepted", DECIDED, None, None),
        "implemented": ("implemented", DECIDED, DECIDED, None),
        "rejected": ("rejected", None, None, DECIDED),
    }

    back = migrate(BEFORE).get_model("committees", "Recommendation")
    assert dict(back.objects.values_list("title", "decided_on")) == {
        "sent": None, "accepted": DECIDED, "implemented": DECIDED, "rejected": DECIDED,
    }
