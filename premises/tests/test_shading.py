"""Vacancy shading on the plan (premises.shading) and the items other apps draw on it (PlanItem): each
street or area shaded by its vacancy band, told by a pattern and words as well as colour, with the
same figures in a table; initiatives drawn as named links and listed in a table of their own; still
small with 500 markers, and never mirrored on a right-to-left page."""
import datetime
import json
import re
from decimal import Decimal
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.urls import reverse
from django.utils import translation

from premises import demo, services
from premises.plan import PlanItem, read_plan
from premises.shading import AREAS, STREETS, band_of, key, shaded
from premises.models import Unit
from premises.tests.test_plan import demo_base_plan, svg_of, units


def render(base_plan, items, language="en", **options):
    arguments = " ".join(f"{name}={name}" for name in options)
    with translation.override(language):
        return Template("{% load premises_tags %}{% premises_plan base_plan units " + arguments + " %}").render(
            Context({"base_plan": base_plan, "units": items, **options}))


def initiatives(count):
    return [PlanItem(label=f"Initiative {index}", url=f"/initiatives/initiative-{index}/", longitude=15.1101 + index * 0.0001,
                     latitude=46.3585, note="in progress") for index in range(count)]


@pytest.mark.parametrize("rate, band", [(Decimal("0"), "low"), (Decimal("4.9"), "low"), (Decimal("5"), "middle"),
                                        (Decimal("19.9"), "high"), (Decimal("20"), "very-high"), (Decimal("100"), "very-high")])
def test_a_vacancy_rate_falls_in_one_band(rate, band):
    assert band_of(rate).key == band


def test_the_bands_are_named_in_words_in_the_readers_language():
    assert [band["label"] for band in key()] == ["under 5%", "5% to under 10%", "10% to under 20%", "20% or more"]
    with translation.override("fa"):
        assert "۲۰" in key()[-1]["label"]


def test_the_svg_of_500_units_and_50_initiatives_is_under_200_kb_and_every_initiative_is_a_named_link():
    page = render(demo_base_plan(), units(500), extra=initiatives(50))
    svg = svg_of(page)
    assert len(svg.encode()) < 200 * 1024
    links = re.findall(r'<a href="(/initiatives/initiative-\d+/)" aria-label="([^"]+)" class="plan-extra', svg)
    assert len(links) == 50 and links[3] == ("/initiatives/initiative-3/", "Initiative 3: in progress")
    table = page[page.index("plan-extras-table"):]
    assert table.count('<th scope="row">') == 50 and 'href="/initiatives/initiative-49/"' in table
    assert "initiative (a point, or the middle of its outline) (50)" in page


def test_an_initiative_drawn_as_an_outline_is_a_link_around_its_outline():
    outline = [[(15.1100, 46.3585), (15.1110, 46.3585), (15.1110, 46.3590), (15.1100, 46.3585)]]
    svg = svg_of(render(demo_base_plan(), [], extra=[PlanItem(label="Market hall", url="/initiatives/market-hall/", outline=outline)]))
    link = re.search(r'<a href="/initiatives/market-hall/" aria-label="Market hall"[^>]*><path d="M[^"]+Z" class="plan-outline"/><use', svg)
    assert link is not None


def test_shading_and_initiatives_are_drawn_the_same_on_a_right_to_left_page():
    shading = {"Main Square": "high"}
    from premises.plan import drawing, stored
    plan = stored(demo_base_plan().geojson)
    english = drawing(plan, units(20), initiatives(5), shading)
    with translation.override("fa"):
        persian = drawing(plan, units(20), initiatives(5), shading)
    assert [(item.x, item.y) for item in english["extras"]] == [(item.x, item.y) for item in persian["extras"]]
    assert english["shaded_streets"] == persian["shaded_streets"] and english["shaded_streets"][0]["band"] == "high"


@pytest.fixture
def shaded_town(town):
    """The town's plan (Riverbend's) with Main Square: 1 of 4 ground-floor units empty (25 %), an empty
    upper-floor unit (not counted); Market Street: 0 of 2 empty."""
    by, day = town.users.superuser, town.today - datetime.timedelta(days=10)
    plan = read_plan(json.dumps(demo.base_plan()))
    services.base_plan_save(committee=town.keeping, plan=plan, credit=demo.PLAN_CREDIT, by=by)
    rows = [("Main Square", "1", "ground", "vacant_marketed"), ("Main Square", "2", "ground", "occupied"),
            ("Main Square", "3", "ground", "occupied"), ("Main Square", "4", "ground", "occupied"),
            ("Main Square", "4", "upper", "vacant_marketed"),
            ("Market Street", "1", "ground", "occupied"), ("Market Street", "2", "ground", "occupied")]
    for street, number, floor, status in rows:
        origin = next(row[4] for row in demo.STREETS if row[0] == street)
        services.unit_create(by=by, committee=town.keeping, street=street, number=number, floor=floor, status=status,
                             status_since=day, longitude=Decimal(str(origin[0] + 0.0001 * int(number))),
                             latitude=Decimal(str(origin[1])))
    return town


@pytest.mark.django_db
def test_the_register_shades_each_street_by_its_vacancy_band_with_the_figures_in_a_table(client, shaded_town):
    client.force_login(shaded_town.users.mayor)
    page = client.get(reverse("premises:register")).content.decode()
    svg = svg_of(page)
    assert 'stroke="#a02030" stroke-dasharray="2 3"' in svg  # Main Square: 25 %, very high (dotted)
    assert 'stroke="#198754"/>' in svg  # Market Street: 0 %, low (solid)
    key_list = page[page.index('id="plan-shading-heading"'):]
    assert "Vacancy rate by street" in key_list and "20% or more" in key_list and "under 5%" in key_list
    table = page[page.index("plan-shading-table"):]
    main_square = table[table.index("Main Square"):table.index("</tr>", table.index("Main Square"))]
    assert "25.0%" in main_square and ">1<" in main_square and ">4<" in main_square and "20% or more" in main_square
    market = table[table.index("Market Street"):table.index("</tr>", table.index("Market Street"))]
    assert "0.0%" in market and "under 5%" in market


@pytest.mark.django_db
def test_areas_count_the_ground_floor_units_inside_their_outline(shaded_town):
    square = [(15.1100, 46.3585), (15.1112, 46.3585), (15.1112, 46.3595), (15.1100, 46.3595), (15.1100, 46.3585)]
    plan = SimpleNamespace(features=[SimpleNamespace(kind="area", name="Old Town", parts=[square]),
                                     SimpleNamespace(kind="area", name="Empty Field", parts=[[(0, 0), (1, 0), (1, 1), (0, 0)]])])
    figures = shaded(AREAS, plan, Unit.objects.all())
    assert list(figures) == ["Old Town"]
    old_town = figures["Old Town"]
    # Main Square 1 to 4 (1 empty); the upper floor and Market Street (further east and north) are out.
    assert (old_town.units, old_town.empty, old_town.rate) == (4, 1, Decimal("25.0"))
    assert shaded(STREETS, plan, Unit.objects.all())["Main Square"].rate == Decimal("25.0")
