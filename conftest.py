"""Fixtures shared by every app's tests: role users, and the browser for Playwright tests."""
import os
import shutil

import pytest

# Playwright's sync API runs an event loop in the test thread; Django must allow ORM calls there.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")

CHROMIUM = os.environ.get("CHROMIUM_PATH", "/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
]


def pytest_configure(config):
    from django.conf import settings

    # Tests talk plain HTTP to the test client and the live server, and render templates
    # without a collectstatic run: keep production's headers, drop what needs HTTPS or a manifest.
    settings.SECURE_SSL_REDIRECT = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Pages are cached for anonymous visitors as in production (a development .env turns it off).
    settings.PAGE_CACHE_SECONDS = 60
    settings.PAGE_CACHE_HEADER = True  # X-Page-Cache: hit/miss, for the tests to read


@pytest.fixture(autouse=True)
def _isolated_media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture(autouse=True)
def _default_language():
    """Each test starts in the default language: a request in another language leaves it active in
    the thread (LocaleMiddleware does not switch back), which would leak into the next test."""
    from django.utils import translation

    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _fresh_cache():
    """Empty caches."""
    from django.conf import settings
    from django.core.cache import caches

    def empty():
        for alias in settings.CACHES:
            caches[alias].clear()

    empty()
    yield
    empty()


@pytest.fixture
def role_groups(db):
    """The role groups as the data migration makes them (re-made after a transactional flush)."""
    from django.contrib.auth.models import Group, Permission

    from core.roles import sync_role_groups

    sync_role_groups(Group, Permission)
    return {group.name: group for group in Group.objects.all()}


@pytest.fixture
def make_user(role_groups, django_user_model):
    """make_user("manager", role=MANAGERS, committees=[c]) -> a user, a member of those committees."""
    from committees.tests.factories import MembershipFactory, PersonFactory

    def make(username, role=None, committees=(), superuser=False, membership_role="member"):
        user = django_user_model.objects.create_user(
            username=username, password="a-long-test-password", is_superuser=superuser, is_staff=superuser
        )
        if role:
            user.groups.add(role_groups[role])
        if committees:
            person = PersonFactory(user=user, full_name=username.title())
            for committee in committees:
                MembershipFactory(committee=committee, person=person, role=membership_role)
        return user

    return make


def _chromium_or_skip():
    if shutil.which(CHROMIUM) or os.path.exists(CHROMIUM):
        return
    message = (
        f"Browser tests need Chromium at {CHROMIUM}: install it with "
        "`sudo apt-get install chromium` (Debian/Ubuntu), or set CHROMIUM_PATH."
    )
    if os.environ.get("REQUIRE_BROWSER") == "1":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def browser():
    _chromium_or_skip()
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
        yield browser
        browser.close()


@pytest.fixture
def page(browser, live_server):
    """A fresh browser context per test; fails the test on any console CSP violation."""
    context = browser.new_context(base_url=live_server.url, viewport={"width": 1280, "height": 900})
    page = context.new_page()
    page.csp_violations = []
    page.on(
        "console",
        lambda message: page.csp_violations.append(message.text)
        if "Content Security Policy" in message.text
        else None,
    )
    yield page
    context.close()
    assert not page.csp_violations, page.csp_violations


@pytest.fixture
def axe():
    """axe(page) -> list of violations (empty when the page passes)."""
    from axe_playwright_python.sync_playwright import Axe

    checker = Axe()

    def run(page):
        results = checker.run(page)
        return [
            f"{violation['id']}: {violation['help']} ({len(violation['nodes'])} nodes: "
            f"{[node['target'] for node in violation['nodes'][:3]]})"
            for violation in results.response["violations"]
        ]

    return run
