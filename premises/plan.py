"""The base plan of the centre: read from an uploaded GeoJSON file, kept as plain GeoJSON text
(longitude, latitude, WGS 84), and drawn by the server as inline SVG with the units on it.

No tile server, no geocoder, no request to any other site: the plan is what staff uploaded once
(from the town's GIS or an OpenStreetMap extract), with its credit line. Towns' GIS exports often
use a national grid; files in Slovenia's D96/TM (EPSG:3794) or Poland's CS92 (EPSG:2180) are
converted on upload with pyproj. Any other projected file is refused with how to convert it.

The drawing projects longitude and latitude onto the page equirectangularly, longitude scaled by
the cosine of the plan's middle latitude: over a town centre (a kilometre or two) this differs from
a true map projection by far less than a marker's width.
"""
import json
import math
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# How many features and points a plan may have: it is drawn into every page that shows it.
MAX_FEATURES = 5000
MAX_POINTS = 60000
LINES = {"LineString", "MultiLineString"}
AREAS = {"Polygon", "MultiPolygon"}
LONLAT_CODES = {"4326", "4258", "4979", "CRS84"}  # WGS 84 and ETRS89 read as longitude, latitude
# The national grids converted on upload, and the extent of each (easting, northing ranges in metres)
# used to recognise a file that names no coordinate system.
GRIDS = {
    "3794": ((370_000, 630_000), (20_000, 200_000)),
    "2180": ((140_000, 880_000), (120_000, 800_000)),
}
GRID_NAMES = {"3794": "Slovenia D96/TM (EPSG:3794)", "2180": "Poland CS92 (EPSG:2180)"}
CRS_CODE = re.compile(r"(?:EPSG:{1,2}(?:[\d.]*:)?(\d+)|(CRS84))\s*$", re.IGNORECASE)
DIGITS = 7  # stored coordinates: about a centimetre


@dataclass
class Feature:
    kind: str  # "street" (lines) or "area" (polygons)
    name: str
    parts: list  # lines or rings: each a list of (longitude, latitude)


@dataclass
class Plan:
    features: list = field(default_factory=list)

    def points(self):
        for feature in self.features:
            for part in feature.parts:
                yield from part

    def geojson(self):
        """The plan as a GeoJSON FeatureCollection (longitude, latitude), as it is stored."""
        def feature(item):
            if item.kind == "street":
                geometry = {"type": "MultiLineString", "coordinates": item.parts}
            else:
                geometry = {"type": "MultiPolygon", "coordinates": [[ring] for ring in item.parts]}
            return {"type": "Feature", "properties": {"name": item.name} if item.name else {}, "geometry": geometry}
        return json.dumps({"type": "FeatureCollection", "features": [feature(item) for item in self.features]},
                          ensure_ascii=False, separators=(",", ":"))


def stored(text):
    """A plan as it was stored (already read and checked by read_plan)."""
    plan = Plan()
    for item in json.loads(text)["features"]:
        geometry, name = item["geometry"], item.get("properties", {}).get("name", "")
        if geometry["type"] == "MultiLineString":
            plan.features.append(Feature("street", name, geometry["coordinates"]))
        else:
            plan.features.append(Feature("area", name, [ring for polygon in geometry["coordinates"] for ring in polygon]))
    return plan


def read_plan(data, grid=""):
    """The plan in `data` (the bytes of a GeoJSON FeatureCollection), in longitude and latitude.
    `grid` ("3794" or "2180") says which national grid a file that names none is in. Raises
    ValidationError, with every problem found, for a file that cannot be the centre's plan."""
    try:
        document = json.loads(data.decode("utf-8-sig") if isinstance(data, bytes) else data)
    except (UnicodeDecodeError, ValueError):
        raise ValidationError(_("The file is not GeoJSON: it could not be read as JSON text."))
    if not isinstance(document, dict) or document.get("type") != "FeatureCollection" or not isinstance(document.get("features"), list):
        raise ValidationError(_("The file is not a GeoJSON FeatureCollection (a plan is one, with its streets and areas as features)."))
    items = document["features"]
    if not items:
        raise ValidationError(_("The file has no features: a plan needs at least one street or area."))
    if len(items) > MAX_FEATURES:
        raise ValidationError(_("The plan is too large: it has %(count)s features, at most %(limit)s are drawn.")
                              % {"count": len(items), "limit": MAX_FEATURES})
    plan, problems = Plan(), []
    for index, item in enumerate(items, start=1):
        try:
            plan.features.extend(_features(item, index))
        except ValidationError as problem:
            problems.extend(problem.messages)
        if len(problems) >= 10:
            break
    if problems:
        raise ValidationError(problems)
    if not plan.features:
        raise ValidationError(_("The file has no streets (lines) or areas (polygons) to draw."))
    count = sum(1 for _point in plan.points())
    if count > MAX_POINTS:
        raise ValidationError(_("The plan is too large: it has %(count)s points, at most %(limit)s are drawn. Simplify it first (in QGIS: Vector › Geometry Tools › Simplify).")
                              % {"count": count, "limit": MAX_POINTS})
    _to_lonlat(plan, _crs_code(document), grid)
    return plan


def _features(item, index):
    if not isinstance(item, dict) or item.get("type") != "Feature" or not isinstance(item.get("geometry"), dict):
        raise ValidationError(_("Feature %(index)s is not a GeoJSON Feature with a geometry.") % {"index": index})
    geometry = item["geometry"]
    kind, coordinates = geometry.get("type"), geometry.get("coordinates")
    properties = item.get("properties") if isinstance(item.get("properties"), dict) else {}
    name = str(properties.get("name") or "").strip()[:120]
    if kind == "GeometryCollection":
        found = []
        for part in geometry.get("geometries") or []:
            found.extend(_features({"type": "Feature", "geometry": part, "properties": properties}, index))
        return found
    if kind in ("Point", "MultiPoint"):
        return []  # points of interest are not part of the base plan; the units are the plan's points
    if kind not in LINES | AREAS:
        raise ValidationError(_("Feature %(index)s has a geometry this plan cannot draw (%(kind)s): use lines for streets and polygons for blocks and areas.")
                              % {"index": index, "kind": str(kind)[:40]})
    try:
        if kind == "LineString":
            parts = [_line(coordinates, 2)]
        elif kind == "MultiLineString":
            parts = [_line(line, 2) for line in coordinates]
        elif kind == "Polygon":
            parts = [_line(ring, 4) for ring in coordinates]
        else:
            parts = [_line(ring, 4) for polygon in coordinates for ring in polygon]
    except (TypeError, ValueError):
        raise ValidationError(_("Feature %(index)s has coordinates that are not pairs of numbers, or too few of them.") % {"index": index})
    return [Feature("street" if kind in LINES else "area", name, parts)]


def _line(points, least):
    if not isinstance(points, list) or len(points) < least:
        raise ValueError
    line = []
    for point in points:
        if not isinstance(point, list) or len(point) < 2 or any(isinstance(value, bool) for value in point[:2]):
            raise ValueError
        x, y = float(point[0]), float(point[1])
        if not (math.isfinite(x) and math.isfinite(y)):
            raise ValueError
        line.append((x, y))
    return line


def _crs_code(document):
    """The EPSG code (or "CRS84") the file's (pre-2016 GeoJSON) `crs` member names, "" if none."""
    crs = document.get("crs")
    if not isinstance(crs, dict):
        return ""
    name = str((crs.get("properties") or {}).get("name") or "")
    match = CRS_CODE.search(name)
    if not match:
        raise ValidationError(_("The file names a coordinate system this page does not know (%(name)s). Convert it to longitude and latitude (WGS 84) first, for example with ogr2ogr -t_srs EPSG:4326, or in QGIS with Export › Save Features As… and CRS EPSG:4326.")
                              % {"name": name[:80]})
    return (match.group(1) or match.group(2)).upper()


def _to_lonlat(plan, code, grid):
    lonlat = all(-180 <= x <= 180 and -90 <= y <= 90 for x, y in plan.points())
    if code in LONLAT_CODES or (not code and lonlat):
        if not lonlat:
            raise ValidationError(_("Some coordinates are out of range: longitude must be between −180 and 180 and latitude between −90 and 90."))
        _round(plan, lambda x, y: (x, y))
        return
    if not code:
        code = grid or _grid_of(plan)
    if code not in GRIDS:
        raise ValidationError(_("The coordinates are in metres of a grid this page cannot convert. Convert the file to longitude and latitude (WGS 84) first, for example with ogr2ogr -t_srs EPSG:4326, or in QGIS with Export › Save Features As… and CRS EPSG:4326; Slovenia's D96/TM (EPSG:3794) and Poland's CS92 (EPSG:2180) are converted here."))
    (east_low, east_high), (north_low, north_high) = GRIDS[code]
    if not all(east_low <= x <= east_high and north_low <= y <= north_high for x, y in plan.points()):
        raise ValidationError(_("Some coordinates are out of range for %(grid)s: check that the file is in that grid.") % {"grid": GRID_NAMES[code]})
    from pyproj import Transformer

    transformer = Transformer.from_crs(f"EPSG:{code}", "EPSG:4326", always_xy=True)
    _round(plan, transformer.transform)


def _grid_of(plan):
    """The national grid whose extent holds every point of a file that names none ("" if not exactly one)."""
    fitting = [code for code, ((east_low, east_high), (north_low, north_high)) in GRIDS.items()
               if all(east_low <= x <= east_high and north_low <= y <= north_high for x, y in plan.points())]
    if len(fitting) > 1:
        raise ValidationError(_("The coordinates are in metres, and could be in more than one national grid: choose which grid the file uses."))
    return fitting[0] if fitting else ""


def _round(plan, convert):
    for feature in plan.features:
        feature.parts = [[[round(value, DIGITS) for value in convert(x, y)] for x, y in part] for part in feature.parts]


# ---- Drawing ------------------------------------------------------------------------------------

WIDTH = 1000  # the SVG's width in its own units; its height follows the plan's shape
MARGIN = 24
LABEL_OFFSET = 18  # how far a street's name stands from its line


@dataclass
class Projection:
    """Longitude, latitude → SVG x, y: equirectangular, longitude scaled by cos(middle latitude),
    fitted into WIDTH with MARGIN. North is up and east is right on every page, right-to-left too."""

    do_not_call_in_templates = True  # templates read its fields (the unit form's script needs them)

    west: float
    north: float
    scale_x: float
    scale_y: float
    height: int

    @classmethod
    def fitting(cls, points):
        points = list(points)
        west, east = min(x for x, _y in points), max(x for x, _y in points)
        south, north = min(y for _x, y in points), max(y for _x, y in points)
        squeeze = math.cos(math.radians((north + south) / 2))
        span_x, span_y = max((east - west) * squeeze, 1e-6), max(north - south, 1e-6)
        scale = (WIDTH - 2 * MARGIN) / max(span_x, span_y)  # a tall plan is centred across the width
        height = round(span_y * scale + 2 * MARGIN)
        left = MARGIN + ((WIDTH - 2 * MARGIN) - span_x * scale) / 2
        return cls(west - left / (scale * squeeze), north + MARGIN / scale, scale * squeeze, scale, height)

    def __call__(self, longitude, latitude):
        return (round((float(longitude) - self.west) * self.scale_x, 1), round((self.north - float(latitude)) * self.scale_y, 1))


def _number(value):
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _path(points, project, closed=False):
    drawn = [project(x, y) for x, y in points]
    text = "M" + "L".join(f"{_number(x)} {_number(y)}" for x, y in drawn)
    return text + "Z" if closed else text


def drawing(plan, markers, extras=(), shading=None):
    """What the plan's template draws: the viewBox, areas and streets as SVG paths, street labels,
    `markers` (objects with `longitude`, `latitude`) given their `x`, `y`, and `extras` (PlanItems
    the caller adds: initiatives) given theirs or their outline's path. `shading` ({street or area
    name: band key}) gives the streets and areas it names their `band`. None without a plan and
    without anything placed."""
    located = [marker for marker in markers if marker.longitude is not None and marker.latitude is not None]
    extras = [item for item in extras if item.placed]
    points = list(plan.points()) if plan else []
    placed = [(float(m.longitude), float(m.latitude)) for m in located]
    placed += [point for item in extras for point in item.points()]
    if not points and not placed:
        return None
    project = Projection.fitting(points + placed)
    shading = shading or {}
    areas, streets, labels = [], [], []
    for feature in plan.features if plan else []:
        band = shading.get(feature.name.strip()) if feature.name else None
        if feature.kind == "area":
            areas.append({"name": feature.name, "band": band,
                          "d": "".join(_path(ring, project, closed=True) for ring in feature.parts)})
        else:
            streets.append({"name": feature.name, "band": band, "d": "".join(_path(line, project) for line in feature.parts)})
            if feature.name:
                labels.append({"name": feature.name, **_label_place(feature.parts, project)})
    for marker in located:
        marker.x, marker.y = project(marker.longitude, marker.latitude)
    for item in extras:
        item.drawn(project)
    return {
        "width": WIDTH, "height": project.height, "areas": areas, "streets": streets, "labels": labels,
        "markers": located, "extras": extras, "projection": project,
        "shaded_streets": [street for street in streets if street["band"]],
    }


def _label_place(lines, project):
    """The middle of a street's longest segment, and the angle of that segment (kept upright)."""
    best = max(((project(*a), project(*b)) for line in lines for a, b in zip(line, line[1:])),
               key=lambda seg: math.dist(*seg))
    (x1, y1), (x2, y2) = best
    angle = math.degrees(math.atan2(y2 - y1, x2 - x1))
    if angle > 90:
        angle -= 180
    elif angle < -90:
        angle += 180
    length = math.dist((x1, y1), (x2, y2)) or 1
    # Beside the street rather than on its markers: LABEL_OFFSET above the line as the label reads.
    normal_x, normal_y = (y2 - y1) / length, -(x2 - x1) / length
    if normal_y > 0:
        normal_x, normal_y = -normal_x, -normal_y
    return {"x": _number((x1 + x2) / 2 + normal_x * LABEL_OFFSET), "y": _number((y1 + y2) / 2 + normal_y * LABEL_OFFSET),
            "angle": _number(angle)}


@dataclass
class PlanItem:
    """Something another app draws on the plan (premises imports none of them): an initiative, say.
    `label` is its accessible name and its name in the table, `url` where its marker leads, `kind` a
    word the template draws a symbol for ("initiative"), and its place a point (`longitude`,
    `latitude`) or an `outline` (rings of (longitude, latitude), GeoJSON's order)."""

    label: str
    url: str
    kind: str = "initiative"
    longitude: object = None
    latitude: object = None
    outline: list = field(default_factory=list)
    note: str = ""  # a few words the table shows beside the label (a status, a date)

    @property
    def placed(self):
        return bool(self.outline) or (self.longitude is not None and self.latitude is not None)

    def points(self):
        if self.outline:
            return [(float(x), float(y)) for ring in self.outline for x, y in ring]
        return [(float(self.longitude), float(self.latitude))]

    def drawn(self, project):
        """Set where the template draws it: `x`, `y` (a point, or the middle of the outline) and `d`."""
        if self.outline:
            self.d = "".join(_path(ring, project, closed=True) for ring in self.outline)
            drawn = [project(x, y) for x, y in self.points()]
            self.x = round(sum(x for x, _y in drawn) / len(drawn), 1)
            self.y = round(sum(y for _x, y in drawn) / len(drawn), 1)
        else:
            self.d = ""
            self.x, self.y = project(self.longitude, self.latitude)
