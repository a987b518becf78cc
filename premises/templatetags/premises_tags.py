"""The register's statuses as people read them: a label, and the badge colour of its kind."""
from django import template
from django.utils import formats
from django.utils.translation import gettext as _

from premises.models import Status, Unit, UseClass
from premises.plan import drawing, stored
from premises.shading import AREAS, STREETS, band_of, key, shaded

register = template.Library()

STATUS_CLASSES = {
    Status.OCCUPIED: "text-bg-success",
    Status.VACANT_MARKETED: "text-bg-danger",
    Status.VACANT_NO_BOARD: "text-bg-danger",
    Status.UNDER_OFFER: "text-bg-warning",
    Status.REFURBISHMENT: "text-bg-info",
    Status.NOT_IN_USE: "text-bg-secondary",
}


@register.filter
def status_label(value):
    """The name of a status code (as an annotation gives it), in the reader's language."""
    return Status(value).label if value in Status.values else value


@register.filter
def status_class(value):
    return STATUS_CLASSES.get(value, "text-bg-light")


@register.filter
def trimmed(value):
    """A stored decimal without the zeros its column pads it with (84.0 → 84, 15.1107400 → 15.11074),
    for the `number` filter to write as the reader's language does."""
    if value is None:
        return value
    return value.quantize(1) if value == value.to_integral_value() else value.normalize()


# How each status is drawn on the plan: a shape as well as a colour, so that the legend and the
# markers can be told apart without colour. (shape, fill, outline only)
MARKERS = {
    Status.OCCUPIED: "circle",
    Status.VACANT_MARKETED: "square",
    Status.VACANT_NO_BOARD: "square-open",
    Status.UNDER_OFFER: "triangle",
    Status.REFURBISHMENT: "diamond",
    Status.NOT_IN_USE: "cross",
}


@register.inclusion_tag("premises/includes/plan.html", takes_context=True)
def premises_plan(context, base_plan, units, place=False, extra=(), shading="", unit_anchors=False, by="status"):
    """The base plan (a premises.models.BasePlan, or None) drawn as inline SVG with `units` (annotated
    with `status_now`) as links on it, a legend and the same units as a table. With `place`, the
    unit form's script lets a click on the plan set the form's longitude and latitude.

    `extra`: premises.plan.PlanItems another app draws too (initiatives), listed in a table of their
    own. `shading` ("street" or "area"): each street or area of the plan shaded by its vacancy band
    today, with the figures in a table. `unit_anchors`: the unit markers lead to `#unit-<pk>` on the
    page (a public page, where the register's pages are not open) instead of the register. `by`:
    "status" (the default) or "use": the markers, key and table tell each unit's status or its use class."""
    plan = stored(base_plan.geojson) if base_plan else None
    units = list(units)
    figures = _shading_figures(shading, plan, base_plan)
    drawn = drawing(plan, units, extra, {name: band_of(row.rate).key for name, row in figures.items() if row.rate is not None})
    shape_of, label_of, value_of = _marker_kind(by)
    values = [value for value in label_of if any(value_of(unit) == value for unit in drawn["markers"])] if drawn else []
    legend = [{"shape": shape_of(value), "label": label_of[value],
               "count": sum(value_of(unit) == value for unit in drawn["markers"])} for value in values]
    bands = [{**band, "stroke": STREET_BANDS[band["key"]][0], "dash": STREET_BANDS[band["key"]][1]} for band in key()] if figures else []
    labels = {band["key"]: band["label"] for band in bands}
    for street in drawn["shaded_streets"] if drawn else []:
        street["stroke"], street["dash"] = STREET_BANDS[street["band"]]
    for unit in drawn["markers"] if drawn else []:
        unit.plan_shape, unit.plan_value_label = shape_of(value_of(unit)), label_of.get(value_of(unit), value_of(unit))
        unit.plan_url = f"#unit-{unit.pk}" if unit_anchors else unit.get_absolute_url()
    return {
        "drawn": drawn, "base_plan": base_plan, "legend": legend, "place": place, "by": by,
        "unplaced": len(units) - len(drawn["markers"]) if drawn else len(units),
        "decimal": formats.get_format("DECIMAL_SEPARATOR"), "request": context.get("request"),
        "shading": shading if drawn and figures else "", "bands": bands,
        "shading_rows": [{"figures": row, "band": labels[band_of(row.rate).key]} for row in figures.values()],
    }


# How a street of each vacancy band is drawn over its white casing: a colour and a dash pattern
# (solid, long dashes, short dashes, dots), so that the bands differ without colour too.
STREET_BANDS = {"low": ("#198754", ""), "middle": ("#b58105", "14 5"), "high": ("#d35400", "6 4"), "very-high": ("#a02030", "2 3")}


def _shading_figures(shading, plan, base_plan):
    """{street or area name: Vacancy} today, over the units of the committee whose plan it is."""
    if shading not in (STREETS, AREAS) or not base_plan:
        return {}  # without a plan there is nothing to shade (and no committee to count the units of)
    return shaded(shading, plan, Unit.objects.filter(committee_id=base_plan.committee_id))


def _shape(status):
    return MARKERS.get(status, "ring")


# How each use class is drawn when the plan tells uses (`by="use"`): a shape of its own and a colour.
USE_MARKERS = {
    UseClass.COMPARISON_RETAIL: "use-circle", UseClass.CONVENIENCE_RETAIL: "use-square",
    UseClass.FOOD_AND_DRINK: "use-triangle", UseClass.LEISURE_AND_CULTURE: "use-diamond",
    UseClass.SERVICES: "use-hexagon", UseClass.OFFICES: "use-square-open", UseClass.OTHER: "use-ring",
}


def _marker_kind(by):
    """How the markers of `by` ("status" or "use") are drawn: (shape of a value, {value: its name in the
    key's order}, the value of a unit)."""
    if by == "use":
        return (lambda value: USE_MARKERS.get(value, "use-ring"), dict(UseClass.choices),
                lambda unit: unit.use_class)
    names = {**dict(Status.choices), "": _("no status recorded")}
    return _shape, names, lambda unit: unit.status_now or ""
