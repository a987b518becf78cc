"""The register's plan in a real browser: nothing is fetched from any other site, axe finds nothing
at desktop and phone widths, a keyboard user reaches a marker, and a click places a unit."""
import json
import re
from decimal import Decimal
from urllib.parse import urlsplit

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from premises import demo, services
from premises.forms import BasePlanForm
from premises.models import Unit

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def planned_town(town):
    """The town's register with Riverbend's invented plan and units placed along its streets."""
    upload = SimpleUploadedFile("plan.geojson", json.dumps(demo.base_plan()).encode())
    form = BasePlanForm({"committee": town.keeping.pk, "credit": demo.PLAN_CREDIT}, {"file": upload},
                        committees=town.keeping.__class__.objects.filter(pk=town.keeping.pk))
    assert form.is_valid(), form.errors
    services.base_plan_save(committee=town.keeping, plan=form.cleaned_data["plan"], credit=demo.PLAN_CREDIT, by=town.users.superuser)
    for number, status in enumerate(["occupied", "vacant_marketed", "under_offer", "refurbishment"], start=1):
        services.unit_create(by=town.users.superuser, committee=town.keeping, street="Main Square", number=str(number),
                             longitude=Decimal("15.1105") + Decimal("0.00012") * number,
                             latitude=Decimal("46.3590") + Decimal("0.00001") * number,
                             status=status, status_since=town.today)
    return town


def sign_in(page, username):
    page.goto(reverse("login"))
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill("a-long-test-password")
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_load_state()


def test_the_register_plan_asks_no_other_site_and_has_no_axe_violations(page, live_server, planned_town, axe):
    sign_in(page, "manager")
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    page.goto(reverse("premises:register"))
    page.wait_for_load_state("networkidle")
    assert page.locator("svg.plan-svg a").count() == 4
    assert axe(page) == []
    page.set_viewport_size({"width": 390, "height": 844})
    page.reload()
    page.wait_for_load_state("networkidle")
    assert axe(page) == []
    page.goto(reverse("premises:unit-update", args=[Unit.objects.get(street="Main Square", number="1").pk]))
    page.wait_for_load_state("networkidle")
    site = urlsplit(live_server.url).netloc
    assert requested and all(urlsplit(url).netloc == site for url in requested if not url.startswith("data:")), requested
    assert page.csp_violations == []


def test_a_keyboard_user_reaches_a_marker_and_follows_it_to_the_unit(page, planned_town):
    sign_in(page, "mayor")
    page.goto(reverse("premises:register"))
    for _press in range(60):
        page.keyboard.press("Tab")
        name = page.evaluate("document.activeElement.closest('svg.plan-svg') ? document.activeElement.getAttribute('aria-label') : null")
        if name:
            break
    assert name == "Main Square 1, ground floor: occupied"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/premises/register/\d+/$"))
    assert page.get_by_role("heading", level=1).inner_text().startswith("Main Square 1")


def test_a_click_on_the_plan_places_the_unit(page, planned_town):
    unit = Unit.objects.get(street="Main Square", number="2")
    sign_in(page, "manager")
    page.goto(reverse("premises:unit-update", args=[unit.pk]))
    page.locator("#id_longitude").fill("")
    page.locator("#id_latitude").fill("")
    plan = page.locator("svg.plan-svg")
    box = plan.bounding_box()
    plan.click(position={"x": box["width"] * 0.15, "y": box["height"] * 0.15})
    assert re.fullmatch(r"15\.1\d{6}", page.locator("#id_longitude").input_value())
    assert re.fullmatch(r"46\.3\d{6}", page.locator("#id_latitude").input_value())
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(rf"/premises/register/{unit.pk}/$"))
    unit.refresh_from_db()
    points = [point for feature in demo.base_plan()["features"] for ring in ([feature["geometry"]["coordinates"]] if feature["geometry"]["type"] == "LineString" else feature["geometry"]["coordinates"]) for point in ring]
    assert min(x for x, _y in points) < unit.longitude < max(x for x, _y in points)
    assert min(y for _x, y in points) < unit.latitude < max(y for _x, y in points)
    assert (unit.longitude, unit.latitude) != (Decimal("15.11074"), Decimal("46.35902"))


def test_the_public_map_pages_ask_no_other_site_and_let_a_keyboard_user_reach_every_marker(page, live_server, planned_town, axe):
    requested = []
    page.on("request", lambda request: requested.append(request.url))
    for url in (reverse("premises:public"), reverse("premises:public") + "?plan=use", reverse("premises:available")):
        page.goto(url)
        page.wait_for_load_state("networkidle")
        assert axe(page) == [], url
    page.goto(reverse("premises:public"))
    markers = page.locator("svg.plan-svg a")
    assert markers.count() == 4
    reached = set()
    for _step in range(200):  # Tab through the page: every marker on the plan takes the focus
        page.keyboard.press("Tab")
        label = page.evaluate("() => document.activeElement.closest('svg.plan-svg') ? document.activeElement.getAttribute('aria-label') : null")
        if label:
            reached.add(label)
        if len(reached) == 4:
            break
    assert len(reached) == 4, reached
    site = urlsplit(live_server.url).netloc
    assert requested and all(urlsplit(url).netloc == site for url in requested if not url.startswith("data:")), requested
    assert page.csp_violations == []
