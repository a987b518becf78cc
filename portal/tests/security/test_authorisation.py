"""The project's whole permission table: every URL × every role × GET/POST, including requests for
another committee's objects (IDOR). A refused POST — even a complete, valid one — changes nothing."""
import pytest
from django.db import transaction
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from portal.tests.security.conftest import ROLES, changed_tables, database_fingerprint
from portal.tests.security.pages import DONE, EXCLUDED_NAMES, EXCLUDED_NAMESPACES, LOGIN, PAGES

pytestmark = pytest.mark.django_db
REFUSED = {LOGIN, 403, 404, 405}


def named_patterns(patterns=None, namespace=None):
    """Every named URL of the project as "namespace:name", walking the resolver."""
    for pattern in patterns if patterns is not None else get_resolver().url_patterns:
        if isinstance(pattern, URLResolver):
            inner = pattern.namespace
            if inner in EXCLUDED_NAMESPACES:
                continue
            full = f"{namespace}:{inner}" if namespace and inner else inner or namespace
            yield from named_patterns(pattern.url_patterns, full)
        elif isinstance(pattern, URLPattern) and pattern.name not in EXCLUDED_NAMES:
            yield f"{namespace}:{pattern.name}" if namespace else pattern.name


def answers_as_expected(response, expected):
    if expected == LOGIN:
        return response.status_code == 302 and response["Location"].startswith(reverse("login"))
    if expected == DONE:
        return response.status_code == 302 and not response["Location"].startswith(reverse("login"))
    return response.status_code == expected


def request(client, method, url, page, world):
    if method == "get":
        return client.get(url)
    return client.post(url, page.data(world) if page.data else {})


@pytest.mark.parametrize("page", PAGES, ids=[page.id for page in PAGES])
def test_every_url_answers_every_role_as_the_table_says(world, role_clients, page):
    url = page.url(world)
    wrong = []
    for role in ROLES:
        for method in ("get", "post"):
            expected = getattr(page, method)[role]
            check_state = method == "post" and page.data is not None and expected in REFUSED
            before = database_fingerprint() if check_state else None
            with transaction.atomic():  # each request starts from the same town
                response = request(role_clients[role], method, url, page, world)
                changed = changed_tables(before, database_fingerprint()) if check_state else []
                transaction.set_rollback(True)
            if not answers_as_expected(response, expected):
                where = f" → {response['Location']}" if response.status_code == 302 else ""
                wrong.append(f"{method.upper()} {url} as {role}: {response.status_code}{where}, expected {expected}")
            if changed:
                wrong.append(f"refused {method.upper()} {url} as {role} changed {changed}")
    assert wrong == []


def test_every_named_url_of_the_project_has_a_row_in_the_table():
    """A new page without a permission row fails here."""
    in_table = {page.name for page in PAGES}
    assert set(named_patterns()) - in_table == set()
    assert in_table - set(named_patterns()) == set()
