"""CSRF is enforced on every POST, and no GET changes anything."""
import pytest
from django.db import transaction
from django.test import Client

from portal.tests.security.conftest import changed_tables, database_fingerprint
from portal.tests.security.pages import DONE, PAGES

pytestmark = pytest.mark.django_db
PREFERRED_ROLES = ["superuser", "manager_a", "secretary_a", "anonymous"]
# Their successful POST only touches the session or sends an e-mail (not the portal's state).
SESSION_ONLY = {"login", "logout", "surveys:invitation", "initiatives:import", "surveys:preview", "password_reset"}
POSTABLE = [page for page in PAGES if {200, DONE} & set(page.post.values())]


def permitted_role(page):
    """The first role that may make this POST (it gets the page or the redirect after the change)."""
    return next(role for role in PREFERRED_ROLES if page.post[role] in (200, DONE))


def client_for(world, role, **options):
    client = Client(**options)
    if world.users[role]:
        client.force_login(world.users[role])
    return client


def post(client, page, world):
    return client.post(page.url(world), page.data(world) if page.data else {})


@pytest.mark.parametrize("page", POSTABLE, ids=[page.id for page in POSTABLE])
def test_a_post_without_the_csrf_token_is_refused_and_changes_nothing(world, page):
    role = permitted_role(page)
    client = client_for(world, role, enforce_csrf_checks=True)
    before = database_fingerprint()
    response = post(client, page, world)
    assert response.status_code == 403
    assert "CSRF" in response.content.decode() or "Forbidden" in response.content.decode()
    assert changed_tables(before, database_fingerprint()) == []
    if page.data and page.post[role] == DONE and page.name not in SESSION_ONLY:
        # The same request with its token does change the town: the refusal above was the token.
        with transaction.atomic():
            client = client_for(world, role)
            before = database_fingerprint()
            post(client, page, world)
            assert changed_tables(before, database_fingerprint()) != [], "the control POST changed nothing"
            transaction.set_rollback(True)


def test_every_url_accepting_post_is_in_the_csrf_walk():
    names = {page.name for page in POSTABLE}
    assert {"surveys:answer", "committees:document-create", "initiatives:update", "login", "logout"} <= names


def test_no_get_changes_anything_for_any_role(world, clients):
    before = database_fingerprint()
    problems = []
    for page in PAGES:
        url = page.url(world)
        for role, client in clients.items():
            client.get(url)
        changed = changed_tables(before, database_fingerprint())
        if changed:
            problems.append(f"GET {url} changed {changed}")
            before = database_fingerprint()
    assert problems == []
