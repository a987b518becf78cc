"""The mayor's journey in a real browser: sign in, read the summary, change the period, print, follow
a link to an overdue milestone's initiative; axe-core on the front page, search and summary."""
import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import expect

from core.demo import DEMO_PASSWORD
from core.roles import MAYORS
from initiatives.models import Initiative
from portal.tests.a11y.conftest import sign_in
from portal.tests.larger_town import make_larger_town

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def sign_in_as_mayor(page):
    page.goto(reverse("login"))
    page.get_by_label("Username").fill("mayor")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("main").get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("heading", name="My work", level=1)).to_be_visible()


def test_the_demo_mayor_reads_changes_prints_and_follows_the_summary(page, axe, demo_town):
    sign_in_as_mayor(page)
    page.get_by_role("navigation", name="Main navigation").get_by_role("link", name="Summary").click()
    expect(page.get_by_role("heading", name="Riverbend town centre: summary")).to_be_visible()
    expect(page.locator("#summary-period")).to_contain_text("Period: this year")
    expect(page.locator("canvas[data-chart='status']")).to_be_visible()  # the chart over its table
    assert axe(page) == []
    assert printed_pages(page) == 1, "the summary prints on one A4 page"
    # Vacancy from the register, and its plan with every unit a link, its key and its table on the screen.
    premises = page.get_by_role("region", name="Vacant premises")
    expect(premises.locator("#vacancy-change")).to_contain_text("percentage points")
    expect(premises.locator(".plan-svg")).to_be_visible()
    expect(premises.locator(".plan-table")).to_be_visible()
    # On paper (still one page, above) the plan is a small inset without its key and table.
    page.emulate_media(media="print")
    expect(premises.locator(".summary-plan-inset .plan-svg")).to_be_visible()
    expect(premises.locator(".plan-table")).to_be_hidden()
    assert premises.locator(".plan-svg").bounding_box()["width"] < 130  # 30 mm
    page.emulate_media(media="screen")

    # A custom period reaching back far enough to take in the first wave of the vision survey.
    today = timezone.localdate()
    page.get_by_label("Period", exact=True).select_option("custom")
    page.get_by_label("From", exact=True).fill((today - datetime.timedelta(days=400)).isoformat())
    page.get_by_label("To", exact=True).fill(today.isoformat())
    page.get_by_role("button", name="Show").click()
    expect(page.locator("#summary-period")).to_contain_text("Period: custom period")
    expect(page.get_by_role("link", name="The town centre we want (first wave)")).to_be_visible()

    page.emulate_media(media="print")
    expect(page.get_by_role("navigation", name="Main navigation")).to_be_hidden()
    expect(page.get_by_role("button", name="Show")).to_be_hidden()
    expect(page.locator("#summary-period")).to_be_visible()  # the period and date are printed
    page.emulate_media(media="screen")

    attention = page.get_by_role("region", name="Needs attention")
    expect(attention).to_contain_text("initiatives late")
    attention.get_by_role("link", name="Renovation of the Main Square").first.click()
    initiative = Initiative.objects.get(title="Renovation of the Main Square")
    expect(page).to_have_url(re.compile(re.escape(initiative.get_absolute_url()) + "$"))
    expect(page.get_by_role("heading", level=1)).to_contain_text("Renovation of the Main Square")


def test_front_page_and_search_have_no_axe_violations(page, axe, demo_town):
    page.goto(reverse("portal:home"))
    expect(page.get_by_role("heading", name="Have your say")).to_be_visible()
    assert axe(page) == []
    page.get_by_label("Search the site").fill("pop-up")
    page.get_by_role("main").get_by_role("button", name="Search").click()
    expect(page.get_by_role("heading", name="Initiatives", level=2)).to_be_visible()
    assert axe(page) == []


def printed_pages(page):
    """How many pages the page prints on, as A4 with the print stylesheet: the PDF's page objects
    (/Type /Page, not the /Pages tree above them)."""
    return len(re.findall(rb"/Type\s*/Page[^s]", page.pdf(format="A4")))


@pytest.fixture
def larger_town(make_user):
    make_larger_town()
    make_user("mayor", role=MAYORS)


@pytest.mark.parametrize("language", ["en", "sl"])
def test_the_larger_towns_summary_prints_on_one_a4_page(browser, live_server, larger_town, language):
    """30 initiatives, 5 committees, 3 surveys; Slovenian for its longer words."""
    context = browser.new_context(base_url=live_server.url, locale=language, viewport={"width": 1280, "height": 900})
    sign_in(context, live_server, "mayor")
    page = context.new_page()
    page.goto(reverse("portal:summary") + "?period=12m")
    expect(page.locator("#attention-heading")).to_be_visible()
    assert printed_pages(page) == 1
    # On paper too: five of the ten late initiatives, "and 5 more", the rest summed up, every survey's finding.
    page.emulate_media(media="print")
    expect(page.locator("#late-heading + ul > li")).to_have_count(5)
    expect(page.locator("#late-heading ~ .more")).to_contain_text("5")
    expect(page.locator(".on-track")).to_be_visible()
    expect(page.locator(".residents-said .headline-question")).to_have_count(3)
    expect(page.locator("#budget-heading")).to_be_visible()
    # Its vacancy figures print; its plan, on the screen, is left off paper: the page has no room for it.
    expect(page.locator("#vacancy-change")).to_be_visible()
    expect(page.locator(".summary-plan .plan-svg")).to_be_hidden()
    page.emulate_media(media="screen")
    expect(page.locator(".summary-plan .plan-svg")).to_be_visible()
    context.close()
