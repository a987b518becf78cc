"""404 and 403 of every app in the portal's look, without a traceback when DEBUG is off."""
import pytest
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

MISSING = [
    ("committees:detail", lambda w: {"slug": "no-such-committee"}),
    ("committees:meeting-detail", lambda w: {"slug": w.committee_a.slug, "pk": 999999}),
    ("committees:recommendation-detail", lambda w: {"slug": w.committee_a.slug, "pk": 999999}),
    ("committees:document-download", lambda w: {"slug": w.committee_a.slug, "pk": 999999}),
    ("initiatives:detail", lambda w: {"slug": "no-such-initiative"}),
    ("initiatives:indicator-detail", lambda w: {"slug": "no-such-indicator"}),
    ("initiatives:update", lambda w: {"slug": "no-such-initiative"}),
    ("initiatives:milestone-done", lambda w: {"slug": w.private.slug, "pk": 999999}),
    ("surveys:detail", lambda w: {"slug": "no-such-survey"}),
    ("surveys:answer", lambda w: {"slug": w.surveys.open.slug, "page": 99}),
    ("surveys:results", lambda w: {"slug": "no-such-survey"}),
    ("surveys:builder", lambda w: {"slug": "no-such-survey"}),
    ("surveys:question-update", lambda w: {"slug": w.surveys.open.slug, "pk": 999999}),
]
FORBIDDEN = [  # (url name, kwargs, role that may not)
    ("committees:update", lambda w: {"slug": w.committee_a.slug}, "secretary_b"),
    ("initiatives:update", lambda w: {"slug": w.public.slug}, "manager_b"),
    ("surveys:update", lambda w: {"slug": w.surveys.open.slug}, "manager_b"),
    ("portal:summary", lambda w: {}, "plain"),
]


@pytest.fixture
def production_errors(settings, clients):
    settings.DEBUG = False
    return clients


def looks_like_the_portal(content):
    return '<main id="main"' in content and "<nav" in content and "Traceback" not in content


@pytest.mark.parametrize("name, kwargs", MISSING, ids=[name for name, _kwargs in MISSING])
def test_a_missing_object_is_a_404_in_the_portal_look(production_errors, world, name, kwargs):
    method = "post" if name.endswith("milestone-done") else "get"
    response = getattr(production_errors["superuser"], method)(reverse(name, kwargs=kwargs(world)))
    assert response.status_code == 404
    content = response.content.decode()
    assert "Page not found" in content and looks_like_the_portal(content)
    assert "Using the URLconf" not in content


@pytest.mark.parametrize("name, kwargs, role", FORBIDDEN, ids=[name for name, _k, _r in FORBIDDEN])
def test_a_forbidden_page_is_a_403_in_the_portal_look(production_errors, world, name, kwargs, role):
    response = production_errors[role].get(reverse(name, kwargs=kwargs(world)))
    assert response.status_code == 403
    content = response.content.decode()
    assert "You may not do this" in content and looks_like_the_portal(content)


def test_an_unknown_address_is_a_404_in_the_portal_look(production_errors):
    response = Client().get("/initiatives/no/such/page/")
    content = response.content.decode()
    assert response.status_code == 404 and "Page not found" in content and looks_like_the_portal(content)


def test_a_refused_csrf_check_shows_no_debug_details(settings, world):
    settings.DEBUG = False
    response = Client(enforce_csrf_checks=True).post(reverse("login"), {"username": "x", "password": "y"})
    assert response.status_code == 403
    content = response.content.decode()
    assert "Traceback" not in content and "CSRF_FAILURE_VIEW" not in content and "settings.py" not in content
