"""The whole permission table: every initiatives URL × every role → the status they get."""
import pytest
from django.urls import reverse

from initiatives import rules
from initiatives.models import Milestone

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "lead_manager", "other_manager", "secretary", "mayor", "superuser"]
LOGIN = "login"

# name, method, url builder, expected status per role (in ROLES order)
TABLE = [
    ("list", "get", lambda w: reverse("initiatives:list"), [200, 200, 200, 200, 200, 200]),
    ("detail of a public initiative", "get", lambda w: w.public.get_absolute_url(), [200] * 6),
    ("detail of a non-public initiative", "get", lambda w: w.private.get_absolute_url(), [404, 200, 200, 200, 200, 200]),
    ("export", "get", lambda w: reverse("initiatives:export", args=["initiatives"]), [200] * 6),
    ("milestones export", "get", lambda w: reverse("initiatives:export", args=["milestones"]), [200] * 6),
    ("indicator list", "get", lambda w: reverse("initiatives:indicator-list"), [200] * 6),
    ("indicator detail", "get", lambda w: w.indicator.get_absolute_url(), [200] * 6),
    ("create", "get", lambda w: reverse("initiatives:create"), [LOGIN, 200, 200, 403, 403, 200]),
    ("update", "get", lambda w: reverse("initiatives:update", args=[w.private.slug]), [LOGIN, 200, 403, 403, 403, 200]),
    ("update (post)", "post", lambda w: reverse("initiatives:update", args=[w.private.slug]), [LOGIN, 200, 403, 403, 403, 200]),
    ("translate", "get", lambda w: reverse("initiatives:translate", args=[w.private.slug, "sl"]),
     [LOGIN, 200, 403, 403, 403, 200]),
    ("translate (post)", "post", lambda w: reverse("initiatives:translate", args=[w.private.slug, "fa"]),
     [LOGIN, 200, 403, 403, 403, 200]),  # posted without the version it was opened at: shown again
    ("translate into the original language", "get", lambda w: reverse("initiatives:translate", args=[w.private.slug, "en"]),
     [LOGIN, 404, 403, 403, 403, 404]),
    ("translate an indicator", "get", lambda w: reverse("initiatives:indicator-translate", args=[w.indicator.slug, "pl"]),
     [LOGIN, 200, 200, 403, 403, 200]),
    ("post an update", "get", lambda w: reverse("initiatives:update-create", args=[w.private.slug]), [LOGIN, 200, 403, 403, 403, 200]),
    ("budget", "get", lambda w: reverse("initiatives:funding", args=[w.private.slug]), [LOGIN, 200, 403, 403, 403, 200]),
    ("targets", "get", lambda w: reverse("initiatives:targets", args=[w.private.slug]), [LOGIN, 200, 403, 403, 403, 200]),
    ("history of a public initiative", "get", lambda w: reverse("initiatives:history", args=[w.public.slug]),
     [LOGIN, 200, 200, 200, 200, 200]),
    ("history of a non-public initiative", "get", lambda w: reverse("initiatives:history", args=[w.private.slug]),
     [LOGIN, 200, 200, 200, 200, 200]),
    ("history (post)", "post", lambda w: reverse("initiatives:history", args=[w.private.slug]),
     [LOGIN, 405, 405, 405, 405, 405]),
    ("mark a milestone done (asks the date)", "get",
     lambda w: reverse("initiatives:milestone-done", args=[w.private.slug, w.milestone.pk]), [LOGIN, 200, 403, 403, 403, 200]),
    ("mark a milestone done (post without a date)", "post",
     lambda w: reverse("initiatives:milestone-done", args=[w.private.slug, w.milestone.pk]), [LOGIN, 200, 403, 403, 403, 200]),
    ("import initiatives", "get", lambda w: reverse("initiatives:import", args=["initiatives"]), [LOGIN, 200, 200, 403, 403, 200]),
    ("import milestones", "get", lambda w: reverse("initiatives:import", args=["milestones"]), [LOGIN, 200, 200, 403, 403, 200]),
    ("import updates (post)", "post", lambda w: reverse("initiatives:import", args=["updates"]), [LOGIN, 200, 200, 403, 403, 200]),
    ("record a measurement (post)", "post", lambda w: w.indicator.get_absolute_url(), [LOGIN, 200, 200, 403, 403, 200]),
    ("import measurements", "get", lambda w: reverse("initiatives:measurement-import", args=[w.indicator.slug]),
     [LOGIN, 200, 200, 403, 403, 200]),
]

CASES = [
    pytest.param(name, method, url, role, expected, id=f"{name}-{role}")
    for name, method, url, statuses in TABLE
    for role, expected in zip(ROLES, statuses)
]


@pytest.mark.parametrize("name,method,url,role,expected", CASES)
def test_permission_table(client, world, name, method, url, role, expected):
    if world.users[role]:
        client.force_login(world.users[role])
    address = url(world)
    response = getattr(client, method)(address)
    if expected == LOGIN:
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    else:
        assert response.status_code == expected


def test_a_forbidden_milestone_post_changes_nothing(client, world):
    client.force_login(world.users["other_manager"])
    client.post(reverse("initiatives:milestone-done", args=[world.private.slug, world.milestone.pk]))
    assert Milestone.objects.get(pk=world.milestone.pk).done_on is None


def test_mayor_reads_a_non_public_initiative_without_edit_buttons(client, world):
    client.force_login(world.users["mayor"])
    page = client.get(world.private.get_absolute_url()).content.decode()
    assert "Homes above shops" in page and "not public" in page
    assert "Edit initiative and milestones" not in page
    assert "Mark “Talk to owners” done" not in page


def test_lead_manager_sees_edit_buttons(manager_client, world):
    page = manager_client.get(world.private.get_absolute_url()).content.decode()
    assert "Edit initiative and milestones" in page and "Mark “Talk to owners” done" in page


def test_a_former_member_of_the_lead_committee_may_no_longer_edit(world, make_user):
    from committees.models import Membership

    user = world.users["lead_manager"]
    Membership.objects.filter(person__user=user).update(term_end="2000-01-01", term_start="1999-01-01")
    user = type(user).objects.get(pk=user.pk)  # the member cache lives on the user object
    assert not rules.can_edit_initiative(user, world.public)


def test_a_manager_on_no_committee_may_not_create(make_user):
    from core.roles import MANAGERS

    assert not rules.can_create_initiative(make_user("loner", role=MANAGERS))


def test_the_public_list_leaves_out_non_public_initiatives(client, world):
    page = client.get(reverse("initiatives:list")).content.decode()
    assert "Pop-up shops" in page and "Homes above shops" not in page
    csv = client.get(reverse("initiatives:export", args=["initiatives"])).content.decode()
    assert "pop-up-shops" in csv and "homes-above-shops" not in csv
