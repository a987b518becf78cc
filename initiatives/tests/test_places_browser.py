"""An initiative's units and place in a real browser: its page asks no other site and axe finds nothing,
a keyboard user reaches every marker on its plan (the units and the initiative), and a click on the
plan places the initiative."""
import json
import re
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.urls import reverse

from initiatives import services
from initiatives.models import Initiative
from premises import demo, services as premises_services
from premises.plan import read_plan

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def placed(world):
    """Riverbend's plan for the lead committee, four units on Main Square named by the public
    initiative, which stands on the square."""
    by = world.users["superuser"]
    premises_services.base_plan_save(committee=world.committee, plan=read_plan(json.dumps(demo.base_plan())),
                                     credit=demo.PLAN_CREDIT, by=by)
    units = [premises_services.unit_create(by=by, committee=world.committee, street="Main Square", number=str(number),
                                           longitude=Decimal("15.1105") + Decimal("0.00012") * number,
                                           latitude=Decimal("46.3590") + Decimal("0.00001") * number,
                                           status=status, status_since=world.public.start_on)
             for number, status in enumerate(["occupied", "vacant_marketed", "under_offer", "refurbishment"], start=1)]
    initiative = Initiative.objects.get(pk=world.public.pk)
    services.initiative_place(initiative=initiative, by=by, expected_version=initiative.version, units=units,
                              longitude=Decimal("15.1112"), latitude=Decimal("46.3587"))
    return world


def sign_in(page, username):
    page.goto(reverse("login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def marker_names_reached_by_tab(page, presses=120):
    """The accessible names of the plan's markers, in the order the Tab key reaches them."""
    reached = []
    for _press in range(presses):
        page.keyboard.press("Tab")
        name = page.evaluate("document.activeElement.closest('svg.plan-svg') ? document.activeElement.getAttribute('aria-label') : null")
        if name and name not in reached:
            reached.append(name)
        elif reached and not name:
            break  # past the plan
    return reached


def test_the_initiative_page_asks_no_other_site_and_has_no_axe_violations(page, live_server, placed, axe):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(placed.public.get_absolute_url())
    page.wait_for_load_state("networkidle")
    assert page.locator("svg.plan-svg a").count() == 5
    assert axe(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.wait_for_load_state("networkidle")
    assert axe(page) == []
    sign_in(page, "lead_manager")
    page.goto(reverse("initiatives:place", args=[placed.public.slug]))
    page.wait_for_load_state("networkidle")
    assert axe(page) == []
    site = urlsplit(live_server.url).netloc
    assert requested and all(urlsplit(url).netloc == site for url in requested if not url.startswith("data:")), requested


def test_a_keyboard_user_reaches_every_marker_units_and_initiative(page, placed):
    page.goto(placed.public.get_absolute_url())
    reached = marker_names_reached_by_tab(page)
    assert sorted(reached) == sorted([
        "Main Square 1, ground floor: occupied", "Main Square 2, ground floor: vacant and marketed",
        "Main Square 3, ground floor: under offer", "Main Square 4, ground floor: being refurbished",
        "Pop-up shops: in progress",
    ])


def test_a_keyboard_user_reaches_every_marker_on_the_register(page, placed):
    sign_in(page, "mayor")
    page.goto(reverse("premises:register"))
    assert len(marker_names_reached_by_tab(page, presses=200)) == 4


def test_a_click_on_the_plan_places_the_initiative(page, placed):
    sign_in(page, "lead_manager")
    page.goto(reverse("initiatives:place", args=[placed.public.slug]))
    page.locator("#id_longitude").fill("")
    page.locator("#id_latitude").fill("")
    plan = page.locator("svg.plan-svg")
    box = plan.bounding_box()
    plan.click(position={"x": box["width"] * 0.3, "y": box["height"] * 0.3})
    assert re.fullmatch(r"15\.1\d{6}", page.locator("#id_longitude").input_value())
    assert re.fullmatch(r"46\.3\d{6}", page.locator("#id_latitude").input_value())
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(rf"{placed.public.get_absolute_url()}$"))
    saved = Initiative.objects.get(pk=placed.public.pk)
    assert saved.longitude != Decimal("15.1112") and Decimal("15.10") < saved.longitude < Decimal("15.12")
    assert saved.units.count() == 4  # the units it named stay named
