"""The HTML of every public page type, in the four languages, as the Nu HTML Checker (the W3C's
validator, the vnu-jar npm package) reads it: no error. The pages are saved from the test client
and checked in one run of the checker; the 500 page and a refused sign-in form are among them."""
import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from portal.tests.a11y.conftest import LANGUAGES
from portal.tests.a11y.pages import public_pages

pytestmark = pytest.mark.django_db

VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _java_or_skip():
    if not VNU_JAR.exists():
        pytest.fail(f"The Nu HTML Checker is missing at {VNU_JAR}: run `make setup` (npm ci installs vnu-jar)")
    if shutil.which("java"):
        return
    message = "The Nu HTML Checker needs Java: install it with `sudo apt-get install default-jre-headless`"
    if os.environ.get("REQUIRE_JAVA") == "1":
        pytest.fail(message)
    pytest.skip(message)


def _save(directory, name, language, response):
    path = directory / f"{language}-{name.replace(':', '-')}.html"
    path.write_bytes(response.content)
    return path


def _saved_pages(client, directory, language):
    saved = []
    for name, url in public_pages():
        response = client.get(url, HTTP_ACCEPT_LANGUAGE=language)
        assert response.status_code == (404 if name == "404" else 200), (name, language, response.status_code)
        saved.append(_save(directory, name, language, response))
    refused = client.post(reverse("login"), {"username": "nobody", "password": "wrong"}, HTTP_ACCEPT_LANGUAGE=language)
    assert refused.status_code == 200
    saved.append(_save(directory, "login-refused", language, refused))
    broken = client.get("/broken/", HTTP_ACCEPT_LANGUAGE=language)
    assert broken.status_code == 500
    saved.append(_save(directory, "500", language, broken))
    return saved


def test_every_public_page_type_is_valid_html_in_every_language(demo_town, client, settings, tmp_path):
    _java_or_skip()
    settings.ROOT_URLCONF = "portal.tests.urls_failing"
    client.raise_request_exception = False
    directory = tmp_path / "pages"
    directory.mkdir()
    saved = [path for language in LANGUAGES for path in _saved_pages(client, directory, language)]
    checked = subprocess.run(
        ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", str(directory)],
        capture_output=True, text=True, timeout=300,
    )
    messages = json.loads(checked.stderr or checked.stdout)["messages"]
    errors = [
        f"{Path(message.get('url', '')).name}:{message.get('lastLine', '?')}: {message['message']} "
        f"[{message.get('extract', '').strip()[:80]}]"
        for message in messages if message["type"] in ("error", "non-document-error")
    ]
    assert len(saved) == len(LANGUAGES) * (len(public_pages()) + 2)
    assert not errors, f"{len(errors)} errors:\n" + "\n".join(errors)
