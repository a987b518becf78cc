"""The premises register's import preview, in each of the four languages at 1280 and 390 px: the
preview waiting for its confirmation (new, changed and unchanged rows), and the preview of a file
with bad rows. axe finds nothing; the page follows the language's direction; nothing needs
JavaScript (the file is chosen and sent by the form itself)."""
import pytest
from django.contrib.auth import get_user_model
from django.test import Client
from django.urls import reverse

from portal.tests.a11y.conftest import LANGUAGES, sign_in
from portal.tests.a11y.test_pages import AXE_SOURCE, AXE_WIDTHS, _check, _page_problems, PROBE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _exported_register():
    client = Client()
    client.force_login(get_user_model().objects.get(username="admin"))
    response = client.get(reverse("premises:register-export", args=["csv"]))
    return b"".join(response.streaming_content).decode("utf-8-sig")


def _upload(tab, text):
    tab.goto(reverse("premises:register-import"))
    if tab.locator("button[name=discard]").count():  # a checked file waits: discard it first
        tab.locator("button[name=discard]").click()
        tab.wait_for_load_state()
    tab.set_input_files("#id_file", files=[{"name": "register.csv", "mimeType": "text/csv", "buffer": text.encode()}])
    tab.locator("form[enctype] button[type=submit]").click()
    tab.wait_for_load_state()


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_import_preview_has_no_accessibility_problem(language, demo_town, open_context, live_server):
    header, first, second, *rest = _exported_register().splitlines()
    changed = first.split(",")
    changed[5] = "999"  # floor area: a changed row
    new = second.split(",")
    new[1], new[2] = "Novi trg", "77"  # a new unit
    good = "\n".join([header, ",".join(changed), ",".join(new), *rest[:20]])
    bad = "\n".join([header, first.replace(",ground floor,", ",attic,"), first, "nowhere,Mill Lane,1,,ground,-5,services,,,,yes,,,"])
    tab = open_context(language)
    tab.context.add_init_script(AXE_SOURCE)
    sign_in(tab.context, live_server, "admin")
    _upload(tab, good)
    seen = {"tables": 0, "bars": 0, "charts": 0}
    problems = _check([tab], [("premises:register-import preview", reverse("premises:register-import"))], language, seen)
    assert tab.locator(".value-changes").count() == 1 and tab.locator("button[name=confirm]").count() == 1
    _upload(tab, bad)
    assert tab.locator("tr.table-danger").count() >= 2
    for width in AXE_WIDTHS:
        tab.set_viewport_size({"width": width, "height": 900})
        for violation in tab.evaluate("async () => (await axe.run({resultTypes: ['violations']})).violations"):
            problems.append(f"preview with errors at {width} px: axe {violation['id']} – {violation['help']}")
        problems += _page_problems(tab.evaluate(PROBE), "preview with errors", language)
    assert seen["tables"] >= 2
    assert not problems, "\n".join(problems)
