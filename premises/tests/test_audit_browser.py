"""The street audit on a phone (390 × 844), with the keyboard only: start the audit, move from unit to
unit with Tab, set a status with Space or Enter, and hear "Saved" from the live region."""
import pytest
from django.contrib.sessions.models import Session
from django.urls import reverse

from premises import services
from premises.models import Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def street(town):
    for number in ("8", "6"):
        services.unit_create(by=town.users.superuser, committee=town.keeping, street="Main Street", number=number,
                             floor="ground", use_class="services", status="occupied", status_since=town.today)
    return town


def tab_to(page, selector, limit=80):
    """Press Tab until the element matching `selector` has the focus (as a keyboard user would)."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        if page.evaluate("(selector) => document.activeElement.matches(selector)", selector):
            return
    raise AssertionError(f"Tab never reached {selector} on {page.url}: {page.evaluate('document.activeElement.outerHTML')[:200]}")


def test_a_keeper_audits_a_street_on_a_phone_with_the_keyboard_only(page, live_server, street, axe):
    page.set_viewport_size({"width": 390, "height": 844})
    page.goto(reverse("login"))
    page.get_by_label("Username").fill("manager")
    page.get_by_label("Password").fill("a-long-test-password")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    page.goto(reverse("premises:audit"))
    tab_to(page, "form[action$='/audit/street/'] button[type=submit]")
    page.keyboard.press("Enter")
    page.wait_for_load_state("networkidle")
    assert page.get_by_role("heading", level=1).inner_text() == "Main Street"
    assert page.evaluate("document.documentElement.scrollWidth") <= 390
    assert axe(page) == []

    four, six = (Unit.objects.get(street="Main Street", number=number) for number in ("4", "6"))
    page.evaluate("window.sameDocument = true")  # gone if a button's answer loads the page again
    tab_to(page, f"#unit-{four.pk} button[value=occupied]")
    page.keyboard.press("Space")
    announcer = page.locator("#audit-announcer")
    announcer.filter(has_text="Saved: Main Street 4 – occupied.").wait_for()
    assert page.locator(f"#unit-{four.pk} button[value=occupied]").get_attribute("aria-pressed") == "true"
    assert page.locator(f"#unit-{four.pk} button[value=vacant_marketed]").get_attribute("aria-pressed") == "false"

    tab_to(page, f"#unit-{six.pk} button[value=under_offer]")
    page.keyboard.press("Enter")
    announcer.filter(has_text="Saved: Main Street 6 – under offer.").wait_for()
    assert page.evaluate("window.sameDocument") is True  # saved in the background: no page load
    assert [unit.statuses.latest_first().first().status for unit in (four, six)] == ["occupied", "under_offer"]
    assert axe(page) == []


def test_an_answer_sent_after_the_session_ended_leads_to_the_sign_in_page_not_to_a_connection_error(
        page, live_server, street):
    page.goto(reverse("login"))
    page.get_by_label("Username").fill("manager")
    page.get_by_label("Password").fill("a-long-test-password")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    street.unit.refresh_from_db()
    page.goto(reverse("premises:audit-street") + f"?committee={street.keeping.pk}&street=Main+Street&on={street.today.isoformat()}")
    Session.objects.all().delete()  # the session ends while the keeper walks
    with page.expect_navigation():
        page.locator(f"#unit-{street.unit.pk} button[value=occupied]").click()
    assert "/login" in page.url or "/accounts/" in page.url
    assert page.get_by_label("Password").count() == 1
