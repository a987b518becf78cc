"""The register's statuses as people read them: a label, and the badge colour of its kind."""
from django import template
from django.utils import formats
from django.utils.translation import gettext as _

from premises.models import Status
from premises.plan import drawing, stored

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
def premises_plan(context, base_plan, units, place=False):
    """The base plan (a premises.models.BasePlan, or None) drawn as inline SVG with `units` (annotated
    with `status_now`) as links on it, a legend and the same units as a table. With `place`, the
    unit form's script lets a click on the plan set the form's longitude and latitude."""
    plan = stored(base_plan.geojson) if base_plan else None
    units = list(units)
    drawn = drawing(plan, units)
    statuses = [status for status in (*Status.values, "") if any((unit.status_now or "") == status for unit in drawn["markers"])] if drawn else []
    legend = [{"shape": _shape(status), "label": status_label(status) if status else _("no status recorded"),
               "count": sum((unit.status_now or "") == status for unit in drawn["markers"])} for status in statuses]
    for unit in drawn["markers"] if drawn else []:
        unit.plan_shape = _shape(unit.status_now)
    return {
        "drawn": drawn, "base_plan": base_plan, "legend": legend, "place": place,
        "unplaced": len(units) - len(drawn["markers"]) if drawn else len(units),
        "decimal": formats.get_format("DECIMAL_SEPARATOR"), "request": context.get("request"),
    }


def _shape(status):
    return MARKERS.get(status, "ring")
