"""The staff journeys with the keyboard alone: sign in, edit an initiative, read the summary.
Every element that takes focus on the way shows it (an outline or a focus ring).
The resident's survey journey is in surveys/tests/test_browser.py."""
import pytest
from django.urls import reverse

from initiatives.models import Initiative
from core.demo import DEMO_PASSWORD

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

FOCUSED = """() => {
  const element = document.activeElement;
  const style = getComputedStyle(element);
  const outline = style.outlineStyle !== "none" && parseFloat(style.outlineWidth) > 0;
  const ring = style.boxShadow && style.boxShadow !== "none";
  return {
    tag: element.tagName.toLowerCase(), name: element.getAttribute("name"), text: element.textContent.trim(),
    href: element.getAttribute("href"), value: element.getAttribute("value"), visible: outline || ring,
  };
}"""


class Keyboard:
    """Tabs through a page, recording every focus stop that has no visible focus."""

    def __init__(self, page):
        self.page, self.invisible = page, []

    def tab_to(self, matches, limit=250):
        for _press in range(limit):
            self.page.keyboard.press("Tab")
            focused = self.page.evaluate(FOCUSED)
            if not focused["visible"] and focused["tag"] != "body":  # body: focus left for the browser's own UI
                self.invisible.append(f"{self.page.url}: {focused}")
            if matches(focused):
                return focused
        raise AssertionError(f"Tab never reached the element on {self.page.url}")


def test_a_manager_signs_in_edits_an_initiative_and_reads_the_summary_with_the_keyboard(demo_town, open_context):
    page = open_context("en")
    keys = Keyboard(page)

    page.goto(reverse("login"))
    keys.tab_to(lambda f: f["name"] == "username")
    page.keyboard.type("manager")
    keys.tab_to(lambda f: f["name"] == "password")
    page.keyboard.type(DEMO_PASSWORD)
    keys.tab_to(lambda f: f["tag"] == "button" and f["text"] == "Sign in")
    with page.expect_navigation():
        page.keyboard.press("Enter")
    assert page.get_by_role("button", name="Sign out").is_visible()

    page.goto(reverse("initiatives:detail", args=["pop-up-shops"]))
    keys.tab_to(lambda f: f["href"] == reverse("initiatives:update", args=["pop-up-shops"]))
    page.keyboard.press("Enter")
    page.wait_for_url("**/edit/")
    keys.tab_to(lambda f: f["name"] == "summary")
    page.keyboard.press("Control+A")
    page.keyboard.type("Empty shops lent to local makers for three months at a time.")
    keys.tab_to(lambda f: f["tag"] == "button" and f["text"] == "Save")
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{reverse('initiatives:detail', args=['pop-up-shops'])}")
    assert page.get_by_text("Empty shops lent to local makers").first.is_visible()
    assert Initiative.objects.get(slug="pop-up-shops").summary.startswith("Empty shops lent to local makers")

    keys.tab_to(lambda f: f["href"] == reverse("portal:summary"))
    page.keyboard.press("Enter")
    page.wait_for_url(f"**{reverse('portal:summary')}")
    keys.tab_to(lambda f: f["name"] == "period")
    page.keyboard.press("ArrowDown")  # this year → last 12 months
    keys.tab_to(lambda f: f["value"] == "Show")
    page.keyboard.press("Enter")
    page.wait_for_url("**period=12m**")
    assert "last 12 months" in page.locator("#summary-period").inner_text()

    assert not keys.invisible, "focus not visible on:\n" + "\n".join(keys.invisible)
