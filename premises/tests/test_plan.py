"""The base plan: reading an uploaded GeoJSON file (national grids converted), and drawing it with
the units as an SVG that keyboard and screen-reader users can use."""
import datetime
import json
import math
import re
from types import SimpleNamespace

import pytest
from django.core.exceptions import ValidationError
from django.template import Context, Template
from django.utils import translation

from premises import demo, plan as plan_module
from premises.plan import read_plan

GRS80_A, GRS80_F = 6378137.0, 1 / 298.257222101


def transverse_mercator(longitude, latitude, *, central, scale, false_easting, false_northing):
    """Longitude, latitude (GRS 80) → easting, northing: Snyder's series (USGS Professional Paper
    1395, p. 61), written here independently of pyproj to check its conversion."""
    e2 = 2 * GRS80_F - GRS80_F ** 2
    ep2 = e2 / (1 - e2)
    phi, lam = math.radians(latitude), math.radians(longitude - central)
    n = GRS80_A / math.sqrt(1 - e2 * math.sin(phi) ** 2)
    t, c, a = math.tan(phi) ** 2, ep2 * math.cos(phi) ** 2, lam * math.cos(phi)
    m = GRS80_A * ((1 - e2 / 4 - 3 * e2 ** 2 / 64 - 5 * e2 ** 3 / 256) * phi
                   - (3 * e2 / 8 + 3 * e2 ** 2 / 32 + 45 * e2 ** 3 / 1024) * math.sin(2 * phi)
                   + (15 * e2 ** 2 / 256 + 45 * e2 ** 3 / 1024) * math.sin(4 * phi)
                   - (35 * e2 ** 3 / 3072) * math.sin(6 * phi))
    x = scale * n * (a + (1 - t + c) * a ** 3 / 6 + (5 - 18 * t + t ** 2 + 72 * c - 58 * ep2) * a ** 5 / 120)
    y = scale * (m + n * math.tan(phi) * (a ** 2 / 2 + (5 - t + 9 * c + 4 * c ** 2) * a ** 4 / 24
                                          + (61 - 58 * t + t ** 2 + 600 * c - 330 * ep2) * a ** 6 / 720))
    return false_easting + x, false_northing + y


# EPSG:3794 (Slovenia 1996 / Slovene National Grid) and EPSG:2180 (ETRF2000-PL / CS92), as their EPSG definitions give them.
D96_TM = {"central": 15, "scale": 0.9999, "false_easting": 500000, "false_northing": -5000000}
CS92 = {"central": 19, "scale": 0.9993, "false_easting": 500000, "false_northing": -5300000}
VELENJE_TITOV_TRG = (15.11240, 46.35920)
WARSAW_PALACE_OF_CULTURE = (21.00600, 52.23180)


def metres_apart(first, second):
    """The distance between two nearby points, by the length of a degree at their latitude (GRS 80)."""
    (lon1, lat1), (lon2, lat2) = first, second
    phi = math.radians((lat1 + lat2) / 2)
    per_degree_lat = 111132.954 - 559.822 * math.cos(2 * phi) + 1.175 * math.cos(4 * phi)
    per_degree_lon = 111412.84 * math.cos(phi) - 93.5 * math.cos(3 * phi)
    return math.hypot((lon1 - lon2) * per_degree_lon, (lat1 - lat2) * per_degree_lat)


def collection(features, crs=None):
    document = {"type": "FeatureCollection", "features": features}
    if crs:
        document["crs"] = {"type": "name", "properties": {"name": crs}}
    return json.dumps(document).encode()


def street(name, *points):
    return {"type": "Feature", "properties": {"name": name}, "geometry": {"type": "LineString", "coordinates": [list(p) for p in points]}}


def block(*points):
    return {"type": "Feature", "properties": {}, "geometry": {"type": "Polygon", "coordinates": [[list(p) for p in (*points, points[0])]]}}


def messages(data, grid=""):
    with pytest.raises(ValidationError) as refused:
        read_plan(data, grid)
    return " ".join(refused.value.messages)


def test_a_plan_in_longitude_and_latitude_keeps_its_streets_areas_and_names():
    data = collection([
        street("Main Square", (15.1105, 46.3590), (15.1130, 46.3592)),
        block((15.1106, 46.3591), (15.1129, 46.3593), (15.1129, 46.3596), (15.1106, 46.3594)),
        {"type": "Feature", "properties": {"name": "Fountain"}, "geometry": {"type": "Point", "coordinates": [15.11, 46.359]}},
    ])
    plan = read_plan(data)
    assert [(feature.kind, feature.name) for feature in plan.features] == [("street", "Main Square"), ("area", "")]
    assert plan.features[0].parts == [[[15.1105, 46.359], [15.113, 46.3592]]]
    again = plan_module.stored(plan.geojson())
    assert [(feature.kind, feature.name, feature.parts) for feature in again.features] == \
        [(feature.kind, feature.name, feature.parts) for feature in plan.features]


@pytest.mark.parametrize("data, expected", [
    (b"<kml>not json</kml>", "not GeoJSON"),
    (b"\xff\xfe\x00", "not GeoJSON"),
    (json.dumps({"type": "Feature", "geometry": None}).encode(), "not a GeoJSON FeatureCollection"),
    (collection([]), "no features"),
    (collection([{"type": "Feature", "geometry": {"type": "Circle", "coordinates": [1, 2]}}]), "cannot draw (Circle)"),
    (collection([street("A", (15.1, 46.3))]), "too few of them"),
    (collection([street("A", (15.1, "north"), (15.2, 46.3))]), "not pairs of numbers"),
    (collection([street("A", (15.1, 46.3), (200.5, 46.3))], crs="urn:ogc:def:crs:OGC:1.3:CRS84"), "out of range"),
    (collection([street("A", (15.1, 46.3), (15.2, 95))]), "this page cannot convert"),
    (collection([street("A", (500000, 4000000), (500100, 4000100))], crs="EPSG:32633"), "ogr2ogr"),
    (collection([street("A", (1, 2), (3, 4))], crs="EPSG:3794"), "out of range for Slovenia"),
    (collection([street("A", (1, 2), (3, 4))], crs="a local grid"), "does not know"),
])
def test_a_file_that_cannot_be_the_plan_is_refused_with_why(data, expected):
    assert expected in messages(data)


def test_a_plan_with_too_many_features_or_points_is_refused(monkeypatch):
    monkeypatch.setattr(plan_module, "MAX_FEATURES", 2)
    lines = [street(str(n), (15.1, 46.3), (15.2, 46.4)) for n in range(3)]
    assert "too large: it has 3 features, at most 2" in messages(collection(lines))
    monkeypatch.setattr(plan_module, "MAX_FEATURES", 10)
    monkeypatch.setattr(plan_module, "MAX_POINTS", 5)
    assert "too large: it has 6 points, at most 5" in messages(collection(lines))


@pytest.mark.parametrize("crs", ["EPSG:3794", "urn:ogc:def:crs:EPSG::3794"])
def test_a_plan_in_slovenias_d96_tm_grid_is_converted_to_longitude_and_latitude(crs):
    east, north = transverse_mercator(*VELENJE_TITOV_TRG, **D96_TM)
    assert 500000 < east < 510000 and 130000 < north < 140000  # Velenje, a little east of the 15th meridian
    plan = read_plan(collection([street("Titov trg", (east, north), (east + 100, north))], crs=crs))
    first, second = plan.features[0].parts[0]
    assert metres_apart(first, VELENJE_TITOV_TRG) < 1
    assert 99 < metres_apart(first, second) < 101


def test_a_plan_in_polands_cs92_grid_is_converted_even_when_the_file_does_not_name_it():
    east, north = transverse_mercator(*WARSAW_PALACE_OF_CULTURE, **CS92)
    data = collection([street("Marszałkowska", (east, north), (east, north + 250))])
    for plan in (read_plan(collection([street("Marszałkowska", (east, north), (east, north + 250))], crs="EPSG:2180")), read_plan(data)):
        first, second = plan.features[0].parts[0]
        assert metres_apart(first, WARSAW_PALACE_OF_CULTURE) < 1
        assert 249 < metres_apart(first, second) < 251


def test_metres_that_fit_both_grids_are_converted_only_once_the_uploader_names_the_grid():
    east, north = transverse_mercator(*VELENJE_TITOV_TRG, **D96_TM)
    data = collection([street("Titov trg", (east, north), (east + 100, north))])
    assert "more than one national grid" in messages(data)
    first = read_plan(data, "3794").features[0].parts[0][0]
    assert metres_apart(first, VELENJE_TITOV_TRG) < 1


class Unit(SimpleNamespace):
    def __str__(self):
        return f"Station Road {self.number}"


def units(count):
    statuses = ["occupied", "vacant_marketed", "vacant_no_board", "under_offer", "refurbishment", "not_in_use", None]
    return [Unit(number=index + 1, longitude=15.1100 + (index % 25) * 0.0002, latitude=46.3580 + (index // 25) * 0.0001,
                 status_now=statuses[index % len(statuses)], get_floor_display=lambda: "upper floor",
                 get_absolute_url=lambda index=index: f"/premises/register/{100000 + index}/")
            for index in range(count)]


def demo_base_plan():
    return SimpleNamespace(geojson=read_plan(json.dumps(demo.base_plan())).geojson(), credit=demo.PLAN_CREDIT)


def render(base_plan, items, language="en"):
    with translation.override(language):
        return Template("{% load premises_tags %}{% premises_plan base_plan units %}").render(Context({"base_plan": base_plan, "units": items}))


def svg_of(page):
    return page[page.index("<svg class=\"plan-svg\""):page.index("</svg>", page.index("<svg class=\"plan-svg\"")) + 6]


def test_the_svg_of_500_markers_is_under_200_kb_and_every_marker_is_a_named_link():
    page = render(demo_base_plan(), units(500))
    svg = svg_of(page)
    assert len(svg.encode()) < 200 * 1024
    links = re.findall(r'<a href="(/premises/register/\d+/)" aria-label="([^"]+)">', svg)
    assert len(links) == 500
    assert links[0] == ("/premises/register/100000/", "Station Road 1, upper floor: occupied")
    assert links[6][1] == "Station Road 7, upper floor: no status recorded"
    assert "Invented plan of Riverbend (demo)" in page
    # The key names every status shown in words, beside its shape; the table lists every marker.
    legend = page[page.index("plan-legend"):page.index("</ul>", page.index("plan-legend"))]
    for words in ("occupied", "vacant and marketed", "vacant, no agent board", "under offer", "being refurbished",
                  "not in commercial use", "no status recorded"):
        assert words in legend
    assert len(set(re.findall(r'href="#plan-([a-z-]+)"', legend))) == 7
    table = page[page.index("<table"):]
    assert table.count("<tr>") == 501


def test_the_plan_is_drawn_the_same_on_a_right_to_left_page():
    items = units(30)
    english, persian = svg_of(render(demo_base_plan(), items)), svg_of(render(demo_base_plan(), items, "fa"))
    geometry = r'(?:d|x|y|transform)="[^"]*"'
    assert re.findall(geometry, english) == re.findall(geometry, persian)
    assert 'dir="rtl"' not in persian and "scale(-1" not in persian


def test_without_a_plan_the_located_units_are_still_drawn_and_without_either_nothing():
    assert "plan-svg" in render(None, units(3))
    assert render(None, []).strip() == ""


def test_the_demo_plan_has_the_six_demo_streets_and_every_demo_unit_stands_on_its_street():
    plan = read_plan(json.dumps(demo.base_plan()))
    lines = {feature.name: feature.parts[0] for feature in plan.features if feature.kind == "street"}
    assert sorted(lines) == sorted(name for name, *_rest in demo.STREETS)
    for unit in demo.plan(datetime.date(2026, 6, 1)):
        (x1, y1), (x2, y2) = lines[unit.street]
        point = (float(unit.longitude), float(unit.latitude))
        along = ((point[0] - x1) * (x2 - x1) + (point[1] - y1) * (y2 - y1)) / ((x2 - x1) ** 2 + (y2 - y1) ** 2)
        assert 0 < along < 1
        assert metres_apart(point, (x1 + along * (x2 - x1), y1 + along * (y2 - y1))) < 1
