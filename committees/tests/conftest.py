import datetime
from types import SimpleNamespace

import pytest
from django.utils import timezone

from committees.models import Recommendation
from committees.tests.factories import (
    CommitteeFactory,
    DocumentFactory,
    MeetingFactory,
    MembershipFactory,
    RecommendationFactory,
)
from core.roles import MANAGERS, MAYORS, SECRETARIES


@pytest.fixture
def world(make_user):
    """Two public committees and a non-public one, with a user for every role of the permission table."""
    riverside = CommitteeFactory(name="Riverside Committee", slug="riverside")
    lakeside = CommitteeFactory(name="Lakeside Committee", slug="lakeside")
    hidden = CommitteeFactory(name="Premises Task Force", slug="task-force", is_public=False)
    users = {
        "anonymous": None,
        "manager": make_user("manager", role=MANAGERS, committees=[riverside], membership_role="chair"),
        "secretary": make_user("secretary", role=SECRETARIES, committees=[riverside, hidden], membership_role="secretary"),
        "other_secretary": make_user("other_secretary", role=SECRETARIES, committees=[lakeside], membership_role="secretary"),
        "mayor": make_user("mayor", role=MAYORS),
        "superuser": make_user("admin", superuser=True),
    }
    return SimpleNamespace(
        committee=riverside,
        other_committee=lakeside,
        hidden=hidden,
        users=users,
        membership=MembershipFactory(committee=riverside, person__full_name="Petra Zupan"),
        meeting=MeetingFactory(
            committee=riverside, title="Spring session", starts_at=timezone.now() - datetime.timedelta(days=2)
        ),
        hidden_meeting=MeetingFactory(committee=hidden, title="Closed session"),
        recommendation=RecommendationFactory(
            committee=riverside, title="Open the square on Sundays", status=Recommendation.Status.SENT,
            sent_on=timezone.localdate(),
        ),
        draft=RecommendationFactory(committee=riverside, title="Unfinished idea", status=Recommendation.Status.DRAFT),
        document=DocumentFactory(committee=riverside, title="Handbook of measures", is_public=True),
        internal_document=DocumentFactory(committee=riverside, title="Rent negotiations", is_public=False),
    )


@pytest.fixture
def secretary_client(client, world):
    client.force_login(world.users["secretary"])
    return client

