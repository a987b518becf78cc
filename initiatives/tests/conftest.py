from types import SimpleNamespace

import pytest

from committees.tests.factories import CommitteeFactory
from initiatives.tests.factories import IndicatorFactory, InitiativeFactory, MilestoneFactory
from core.roles import MANAGERS, MAYORS, SECRETARIES


@pytest.fixture
def world(make_user):
    """A lead committee and another one, a public and a non-public initiative, and a user per role."""
    committee = CommitteeFactory(name="City Marketing Committee", slug="city-marketing")
    other_committee = CommitteeFactory(name="Lakeside Committee", slug="lakeside")
    public = InitiativeFactory(title="Pop-up shops", slug="pop-up-shops", lead_committee=committee)
    private = InitiativeFactory(title="Homes above shops", slug="homes-above-shops", lead_committee=committee, is_public=False)
    users = {
        "anonymous": None,
        "lead_manager": make_user("lead_manager", role=MANAGERS, committees=[committee]),
        "other_manager": make_user("other_manager", role=MANAGERS, committees=[other_committee]),
        "secretary": make_user("secretary", role=SECRETARIES, committees=[committee], membership_role="secretary"),
        "mayor": make_user("mayor", role=MAYORS),
        "superuser": make_user("admin", superuser=True),
    }
    return SimpleNamespace(
        committee=committee,
        other_committee=other_committee,
        public=public,
        private=private,
        milestone=MilestoneFactory(initiative=private, title="Talk to owners"),
        indicator=IndicatorFactory(name="Footfall", slug="footfall"),
        users=users,
    )


@pytest.fixture
def manager_client(client, world):
    client.force_login(world.users["lead_manager"])
    return client
