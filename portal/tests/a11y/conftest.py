"""The browser suite's set-up: the demo town loaded once per test, and browser contexts in a
given language (Accept-Language, as a resident's browser sends it), optionally signed in by
handing the browser the session cookie of a Django test client."""
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model
from django.test import Client

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def compile_catalogs():
    """Build any .mo older than its .po (`make setup` does it too; this covers a bare pytest run)."""
    for po in Path(settings.LOCALE_PATHS[0]).glob("*/LC_MESSAGES/django.po"):
        mo = po.with_suffix(".mo")
        if mo.exists() and mo.stat().st_mtime >= po.stat().st_mtime:
            continue
        if not shutil.which("msgfmt"):
            pytest.skip("Translated pages need the catalogs compiled: install GNU gettext (msgfmt)")
        subprocess.run(["msgfmt", "--check", "-o", str(mo), str(po)], check=True)


@pytest.fixture(autouse=True, scope="session")
def _compiled_catalogs():
    compile_catalogs()


def sign_in(context, live_server, username):
    """Give the browser context the session of `username` (what signing in through the form would do)."""
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    context.clear_cookies(name=settings.SESSION_COOKIE_NAME)
    context.add_cookies([{
        "name": settings.SESSION_COOKIE_NAME,
        "value": client.cookies[settings.SESSION_COOKIE_NAME].value,
        "url": live_server.url,
        "secure": settings.SESSION_COOKIE_SECURE,
        "httpOnly": True,
        "sameSite": "Lax",
    }])


@pytest.fixture
def open_context(browser, live_server):
    """open_context("sl", width=320) -> a new page in a browser context reading Slovenian."""
    contexts = []

    def open_page(language, width=1280, height=900, scale=1):
        context = browser.new_context(
            base_url=live_server.url, locale=language, viewport={"width": width, "height": height},
            device_scale_factor=scale,
        )
        contexts.append(context)
        context.csp_violations = []
        context.on("console", lambda message: context.csp_violations.append(message.text)
                   if "Content Security Policy" in message.text else None)
        return context.new_page()

    yield open_page
    violations = [text for context in contexts for text in context.csp_violations]
    for context in contexts:
        context.close()
    assert not violations, violations
