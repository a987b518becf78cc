"""What a browser does with a refused form and with the header on a phone: the focus goes to the one
error summary (with JavaScript, and through autofocus without it), the title begins with "Error:",
axe finds nothing on the refused form's page, a link in the summary takes the focus to its field; the header menu folds behind "Menu" on a phone
and shows in full on a computer, with or without JavaScript."""
import pytest
from django.urls import reverse

from portal.tests.a11y.conftest import sign_in
from portal.tests.a11y.test_pages import AXE_SOURCE

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

ACTIVE = "() => ({id: document.activeElement.id, tag: document.activeElement.tagName.toLowerCase()})"


@pytest.fixture
def new_page(browser, live_server):
    contexts = []

    def open_page(*, width=1280, javascript=True, language="en"):
        context = browser.new_context(base_url=live_server.url, viewport={"width": width, "height": 800},
                                      java_script_enabled=javascript, locale=language)
        contexts.append(context)
        return context.new_page()

    yield open_page
    for context in contexts:
        context.close()


def test_a_refused_form_puts_the_focus_on_its_one_error_summary(demo_town, new_page, live_server):
    for javascript in (True, False):
        _refuse_the_initiative_form(new_page(width=390, javascript=javascript), live_server, javascript)


def _refuse_the_initiative_form(page, live_server, javascript):
    if javascript:
        page.context.add_init_script(AXE_SOURCE)
    sign_in(page.context, live_server, "admin")
    page.goto(reverse("initiatives:update", args=["pop-up-shops"]))
    page.fill("#id_title", "")
    page.fill("#id_milestones-0-due_on", "someday")
    with page.expect_navigation():
        page.locator("form[method=post] button[type=submit]", has_text="Save").click()
    assert page.title().startswith("Error: ")
    assert page.locator("[data-error-summary]").count() == 1
    page.wait_for_function("() => document.activeElement.id === 'error-summary'")
    summary_top = page.locator("#error-summary").bounding_box()["y"]
    assert summary_top < page.locator("h1").bounding_box()["y"] + 200  # at the top, not down in a milestone
    if javascript:
        violations = page.evaluate("axe.run({resultTypes: ['violations']})")["violations"]
        assert not violations, [(violation["id"], violation["nodes"][0]["target"]) for violation in violations]
        page.locator("#error-summary a[href='#id_milestones-0-due_on']").click()
        assert page.evaluate(ACTIVE) == {"id": "id_milestones-0-due_on", "tag": "input"}


def test_the_sign_in_form_gives_the_focus_to_the_summary_not_to_the_user_name(new_page):
    page = new_page(javascript=False)
    page.goto(reverse("login"))
    assert page.evaluate(ACTIVE)["id"] == "id_username"
    page.fill("#id_username", "nobody")
    page.fill("#id_password", "wrong")
    with page.expect_navigation():
        page.get_by_role("button", name="Sign in", exact=True).last.click()
    page.wait_for_function("() => document.activeElement.id === 'error-summary'")
    assert page.title().startswith("Error: ")


def test_the_header_menu_folds_on_a_phone_and_shows_on_a_computer(new_page):
    for javascript in (True, False):
        _fold_and_show_the_menu(new_page, javascript)


def _fold_and_show_the_menu(new_page, javascript):
    phone = new_page(width=390, javascript=javascript)
    phone.goto(reverse("portal:home"))
    surveys = phone.locator("header").get_by_role("link", name="Surveys", exact=True)
    assert not surveys.is_visible()
    header_height = phone.locator("header").bounding_box()["height"]
    assert header_height < 844 / 8, f"the folded header takes {header_height} px of a phone's 844"
    phone.locator("header summary", has_text="Menu").click()
    assert surveys.is_visible()

    computer = new_page(width=1280, javascript=javascript)
    computer.goto(reverse("portal:home"))
    assert computer.locator("header").get_by_role("link", name="Surveys", exact=True).is_visible()
    assert not computer.locator("header summary").is_visible()


def test_the_polish_menu_keeps_each_item_on_one_line(demo_town, new_page, live_server):
    for width in (992, 1280):
        page = new_page(width=width, language="pl")
        sign_in(page.context, live_server, "admin")
        page.goto(reverse("portal:home"))
        _assert_one_line_each(page)


def _assert_one_line_each(page):
    heights = page.locator("header .nav-link, header .btn").evaluate_all(
        "(items) => items.filter((item) => item.offsetParent).map((item) => [item.textContent.trim(), item.getBoundingClientRect().height])"
    )
    single_line = min(height for _text, height in heights)
    assert len(heights) >= 8
    assert all(height < single_line * 1.5 for _text, height in heights), heights
