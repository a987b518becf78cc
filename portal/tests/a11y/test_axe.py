"""Every page type, public and staff, passes axe-core in each of the four languages.

One browser context per language walks all the pages; every violation of every page is
collected and reported at once."""
import pytest
from axe_playwright_python.sync_playwright import Axe
from django.urls import reverse

from portal.tests.a11y.conftest import LANGUAGES, sign_in
from portal.tests.a11y.pages import public_pages, staff_pages

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

EXPECTED_STATUS = {"404": 404, "403": 403}
AXE_SOURCE = Axe().axe_script


def _problems(page, name, url, language):
    """What is wrong with one page: a wrong status or language, and every axe violation."""
    response = page.goto(url)
    expected = EXPECTED_STATUS.get(name, 200)
    if response.status != expected:
        return [f"{name} ({url}): status {response.status}, expected {expected}"]
    problems = []
    html_lang, html_dir = page.evaluate("[document.documentElement.lang, document.documentElement.dir]")
    expected_dir = "rtl" if language == "fa" else "ltr"
    if (html_lang, html_dir) != (language, expected_dir):
        problems.append(f"{name}: <html lang={html_lang} dir={html_dir}>, expected {language}/{expected_dir}")
    for violation in page.evaluate("axe.run({resultTypes: ['violations']})")["violations"]:
        targets = [node["target"] for node in violation["nodes"][:3]]
        problems.append(f"{name} ({url}): {violation['id']} – {violation['help']} {targets}")
    return problems


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_page_type_passes_axe(language, demo_town, open_context, live_server):
    page = open_context(language)
    page.context.add_init_script(AXE_SOURCE)  # loaded with every page, rather than injected after it
    problems = []
    for name, url in public_pages():
        problems += _problems(page, name, url, language)
    sign_in(page.context, live_server, "admin")
    for name, url in staff_pages():
        problems += _problems(page, name, url, language)
    sign_in(page.context, live_server, "mayor")  # reads everything, may change nothing
    problems += _problems(page, "403", reverse("initiatives:create"), language)
    assert not problems, f"{len(problems)} problems in {language}:\n" + "\n".join(problems)
