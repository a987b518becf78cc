"""The demo manager's journey in a real browser, and axe-core on the public pages and the edit conflict."""
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from committees import demo as committees_demo
from initiatives import demo
from initiatives.models import Initiative, Milestone
from initiatives.services import milestone_mark_done
from core import demo as core_demo

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def demo_town(role_groups):
    users = core_demo.load_users()
    committees_demo.load(users)
    demo.load(users)
    return users


def sign_in(page, username):
    page.goto(reverse("login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(core_demo.DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def test_the_demo_manager_runs_an_initiative_and_the_public_sees_its_progress(page, browser, live_server, demo_town, axe):
    sign_in(page, "manager")
    page.goto(reverse("initiatives:create"))
    page.locator("#id_title").fill("Saturday repair café")
    page.locator("#id_summary").fill("Volunteers fix bikes, lamps and clothes in an empty shop every Saturday.")
    page.locator("#id_theme").select_option(label="Vacant premises")
    page.locator("#id_status").select_option("in_progress")
    page.locator("#id_lead_committee").select_option(label="City Marketing Committee")
    page.locator("#id_is_public").check()
    page.locator("#id_milestones-0-title").fill("Premises found")
    page.locator("#id_milestones-0-due_on").fill("2026-01-15")
    page.locator("#id_milestones-1-title").fill("First repair day")
    page.locator("#id_milestones-1-due_on").fill("2026-02-07")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/initiatives/saturday-repair-cafe/$"))
    assert "0% done" in page.content()

    page.get_by_role("link", name="Post a progress update").click()
    page.locator("#id_text").fill("The owner of the former shoe shop on Main Street lends us the premises.")
    page.get_by_role("button", name="Post the update").click()
    page.wait_for_url(re.compile(r"/initiatives/saturday-repair-cafe/$"))
    page.get_by_role("button", name="Mark “Premises found” done").click()
    page.wait_for_url(re.compile(r"/initiatives/saturday-repair-cafe/$"))

    resident = browser.new_context(base_url=live_server.url).new_page()
    resident.goto(reverse("initiatives:detail", args=["saturday-repair-cafe"]))
    body = resident.locator("main").inner_text()
    assert "50% done" in body and "1 of 2 milestones done" in body
    assert "lends us the premises" in body and "Edit history" not in body
    resident.context.close()


def test_public_pages_have_no_axe_violations_and_draw_charts_over_their_tables(page, demo_town, axe):
    for url in [
        reverse("initiatives:list"),
        reverse("initiatives:detail", args=["main-square-renovation"]),
        reverse("initiatives:indicator-list"),
        reverse("initiatives:indicator-detail", args=["footfall"]),
    ]:
        page.goto(url)
        assert axe(page) == [], url
        if page.locator("canvas[data-chart]").count():
            page.wait_for_function("document.querySelector('canvas[data-chart]').width > 0")
            assert page.locator("table").count() >= 1  # the data stays in a table


def test_the_edit_conflict_names_the_milestone_changed_meanwhile_and_has_no_axe_violations(page, demo_town, axe):
    sign_in(page, "manager")
    page.goto(reverse("initiatives:update", args=["main-square-renovation"]))
    page.locator("#id_summary").fill("Paving done by spring.")
    milestone = Milestone.objects.filter(initiative__slug="main-square-renovation", done_on=None).first()
    milestone_mark_done(milestone=milestone, by=None)  # a colleague, while the form is open
    page.get_by_role("button", name="Save").click()
    page.wait_for_load_state()
    alert = page.get_by_role("alert").filter(has_text="Someone else saved this initiative")
    assert f"changed the milestone “{milestone.title}”" in alert.inner_text()
    assert page.locator("#id_summary").input_value() == "Paving done by spring."
    assert axe(page) == []


# On a phone (390 px): the initiative list's filters fold away, and the budget shows what was spent
# without the page scrolling sideways.
PHONE = {"width": 390, "height": 844}


@pytest.fixture
def phone(browser, live_server):
    context = browser.new_context(base_url=live_server.url, viewport=PHONE)
    yield context.new_page()
    context.close()


def scrolls_sideways(page):
    return page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth")


def test_the_list_s_filters_fold_away_on_a_phone_and_stay_open_once_set(phone, page, demo_town):
    phone.goto(reverse("initiatives:list"))
    status = phone.get_by_label("Status")
    assert not status.is_visible()
    assert not scrolls_sideways(phone)
    phone.get_by_text("Filters", exact=True).click()
    status.select_option("in_progress")
    phone.get_by_role("button", name="Show", exact=True).click()
    phone.wait_for_load_state()
    assert "status=in_progress" in phone.url
    assert phone.get_by_label("Status").is_visible()  # a set filter is not hidden
    assert phone.get_by_text("Filters (some are set)").is_visible()

    page.goto(reverse("initiatives:list"))  # 1280 px: shown in full, nothing to unfold
    assert page.get_by_label("Status").is_visible()
    assert not page.get_by_text("Filters", exact=True).is_visible()


def test_the_budget_shows_spent_to_date_without_scrolling_sideways_on_a_phone(phone, demo_town):
    initiative = Initiative.objects.filter(funding_lines__spent__gt=0).distinct().first()
    phone.goto(initiative.get_absolute_url())
    assert not scrolls_sideways(phone)
    table = phone.get_by_role("table", name="Planned budget and spending to date")
    spent = table.locator("tfoot td[data-label='Spent to date']")
    box = spent.bounding_box()
    assert spent.is_visible() and box["x"] >= 0 and box["x"] + box["width"] <= PHONE["width"]
    label = spent.evaluate("cell => getComputedStyle(cell, '::before').content")
    assert "Spent to date" in label
    # Still a table to a screen reader: the cell is read with its column's header.
    assert table.get_by_role("columnheader", name="Spent to date").count() == 1


def test_on_a_phone_a_manager_adds_milestone_rows_in_the_page_and_saves_them_at_once(phone, demo_town):
    sign_in(phone, "manager")
    phone.goto(reverse("initiatives:create"))
    phone.locator("#id_title").fill("Harbour lights")
    phone.locator("#id_summary").fill("Lights along the quay.")
    phone.locator("#id_theme").select_option(label="Vacant premises")
    phone.locator("#id_lead_committee").select_option(label="City Marketing Committee")
    for index, (title, due) in enumerate([("Lights bought", "2026-03-01"), ("Poles up", "2026-04-01"),
                                          ("Lights on", "2026-05-01")]):
        if index == 2:
            phone.get_by_role("button", name="More milestone rows").click()  # added here, nothing posted
            assert phone.locator("#id_milestones-2-title").evaluate("field => field === document.activeElement")
            assert phone.get_by_text("Milestone 3", exact=True).is_visible()
        phone.locator(f"#id_milestones-{index}-title").fill(title)
        phone.locator(f"#id_milestones-{index}-due_on").fill(due)
    phone.get_by_role("button", name="Save").click()
    phone.wait_for_url(re.compile(r"/initiatives/harbour-lights/$"))
    assert list(Milestone.objects.filter(initiative__slug="harbour-lights").values_list("title", flat=True)) == [
        "Lights bought", "Poles up", "Lights on"]
    assert not scrolls_sideways(phone)
    # "Mark done" asks for the day: today unless the manager says otherwise.
    done = phone.get_by_label("Day “Lights bought” was done")
    assert done.input_value() == timezone.localdate().isoformat()
    done.fill("2026-01-20")
    phone.get_by_role("button", name="Mark “Lights bought” done").click()
    phone.wait_for_url(re.compile(r"/initiatives/harbour-lights/$"))
    assert Milestone.objects.get(title="Lights bought").done_on.isoformat() == "2026-01-20"
