"""Every page type of every app, as a role that sees it, under production's security settings:
HSTS, nosniff, Referrer-Policy, frame denial, a strict CSP with a fresh nonce, and no script that
the CSP would have to allow inline (so injected text can never run either)."""
import pytest

from portal.tests.security.conftest import fresh_client
from portal.tests.security.html_scan import policy_nonce, scan
from portal.tests.security.pages import PAGES
from portal.tests.test_security import production_settings

pytestmark = pytest.mark.django_db
READING_ORDER = ["anonymous", "plain", "mayor", "secretary_a", "manager_a", "superuser"]
PRODUCTION = {
    "SECURE_HSTS_SECONDS": 31536000,
    "SECURE_HSTS_INCLUDE_SUBDOMAINS": True,
    "SECURE_HSTS_PRELOAD": True,
    "SECURE_SSL_REDIRECT": True,
    "SECURE_CONTENT_TYPE_NOSNIFF": True,
    "SECURE_REFERRER_POLICY": "same-origin",
    "SESSION_COOKIE_SECURE": True,
    "CSRF_COOKIE_SECURE": True,
    "X_FRAME_OPTIONS": "DENY",
}


def reader(page):
    """The least privileged role that gets the page itself."""
    return next((role for role in READING_ORDER if page.get[role] == 200), None)


READABLE = [page for page in PAGES if reader(page)]


def test_the_values_used_below_are_what_production_reads_from_the_environment():
    assert production_settings(*PRODUCTION) == PRODUCTION


@pytest.fixture
def production(settings):
    for name, value in PRODUCTION.items():
        setattr(settings, name, value)


def directives(policy):
    parts = (part.strip().split() for part in policy.split(";") if part.strip())
    return {words[0]: words[1:] for words in parts}


@pytest.mark.parametrize("page", READABLE, ids=[page.id for page in READABLE])
def test_every_page_type_sends_the_security_headers_and_a_strict_policy(production, clients, world, page):
    client = fresh_client(clients, reader(page))  # its middleware reads the production settings
    response = client.get(page.url(world), secure=True)
    assert response.status_code == 200
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"
    policy = directives(response["Content-Security-Policy"])
    assert policy.get("object-src", policy.get("default-src")) == ["'none'"]
    assert policy["base-uri"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    scripts = policy.get("script-src", policy.get("default-src"))
    assert "'unsafe-inline'" not in scripts and "'unsafe-eval'" not in scripts and "*" not in scripts


HTML_PAGES = [page for page in READABLE if not page.name.endswith(("export", "csv", "download", "photo"))]


@pytest.mark.parametrize("page", HTML_PAGES, ids=[page.id for page in HTML_PAGES])
def test_no_page_has_a_script_the_policy_would_have_to_allow_inline(clients, world, page):
    """The world's free text is script-like, so this also shows that none of it comes out as markup."""
    client, url = clients[reader(page)], page.url(world)
    first, second = client.get(url), client.get(url)
    assert first["Content-Type"].startswith("text/html")
    problems, nonces = scan(first.content.decode(), first["Content-Security-Policy"])
    assert problems == []
    assert nonces, "every page loads the portal's script with the nonce"
    assert policy_nonce(first["Content-Security-Policy"]) != policy_nonce(second["Content-Security-Policy"])
    assert scan(second.content.decode(), second["Content-Security-Policy"])[0] == []


def test_the_scanner_catches_what_it_is_there_to_catch():
    page = (
        '<script nonce="abc" src="/static/js/portal.js"></script><script>alert(1)</script>'
        '<script type="application/json" id="data">{}</script><img src=x onerror=alert(1)>'
        '<a href="javascript:alert(1)">x</a><p>&lt;script&gt;alert(1)&lt;/script&gt;</p>'
    )
    problems, _nonces = scan(page, "script-src 'self' 'nonce-abc'")
    assert len(problems) == 3
