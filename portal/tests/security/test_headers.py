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


HTML_PAGES = [page for page in READABLE if not page.name.endswith(("export", "csv", "xlsx", "download", "photo"))]


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


DENIED = ["camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()", "interest-cohort=()"]


def signed_in_reader(page):
    """The least privileged signed-in role that gets the page itself."""
    return next((role for role in READING_ORDER[1:] if page.get[role] == 200), None)


def never_stored(response):
    return "no-store" in response.get("Cache-Control", "")


@pytest.mark.parametrize("page", PAGES, ids=[page.id for page in PAGES])
def test_every_response_denies_the_browser_features_the_portal_does_not_use(clients, world, page):
    for role in {"anonymous", reader(page) or "anonymous"}:
        response = clients[role].get(page.url(world))
        assert all(feature in response["Permissions-Policy"].split(", ") for feature in DENIED), (role, response.status_code)


def test_error_pages_and_the_admin_deny_them_too(clients):
    for role, url in [("anonymous", "/no/such/page/"), ("anonymous", "/admin/"), ("superuser", "/admin/")]:
        assert "camera=()" in clients[role].get(url)["Permissions-Policy"]


SEEN_SIGNED_IN = [page for page in PAGES if signed_in_reader(page)]


@pytest.mark.parametrize("page", SEEN_SIGNED_IN, ids=[page.id for page in SEEN_SIGNED_IN])
def test_no_page_a_signed_in_user_gets_is_stored_by_a_browser_or_proxy(clients, world, page):
    """Every staff page (any page needing sign-in) and every other page as a signed-in user sees it."""
    response = clients[signed_in_reader(page)].get(page.url(world))
    assert response.status_code == 200
    assert never_stored(response) and "private" in response["Cache-Control"]


def test_the_django_admin_is_never_stored(clients):
    for url in ["/admin/", "/admin/initiatives/initiative/", "/admin/auth/user/"]:
        response = clients["superuser"].get(url)
        assert response.status_code == 200 and never_stored(response)


@pytest.mark.parametrize("page", READABLE, ids=[page.id for page in READABLE])
def test_every_download_is_never_stored_even_a_public_one(clients, world, page):
    """A download is anything that is not a page or a picture shown in one (CSV exports, documents),
    found by what it answers."""
    response = clients[reader(page)].get(page.url(world))
    is_page = shown_in_a_page(response)
    assert never_stored(response) or is_page
    if not is_page and reader(page) == "anonymous":
        assert response.status_code == 200  # public: stored by nobody all the same


# Django's own sign-in view, and the page behind a password link, are never cached, whoever asks.
NEVER_CACHED_BY_DJANGO = {"login", "password_reset_confirm"}
PUBLIC = [page for page in READABLE if reader(page) == "anonymous" and page.name not in NEVER_CACHED_BY_DJANGO]


@pytest.mark.parametrize("page", PUBLIC, ids=[page.id for page in PUBLIC])
def test_a_public_page_for_a_visitor_may_still_be_kept_by_the_browser(clients, world, page):
    """No-store is for staff pages and downloads only: the back button still works for residents, and
    a public initiative's photo may be kept like the page that shows it."""
    response = clients["anonymous"].get(page.url(world))
    assert never_stored(response) != shown_in_a_page(response)


def shown_in_a_page(response):
    """A page, or a photo a page shows (sent inline, not as a download)."""
    return response["Content-Type"].startswith(("text/html", "image/"))
