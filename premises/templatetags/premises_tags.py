"""The register's statuses as people read them: a label, and the badge colour of its kind."""
from django import template

from premises.models import Status

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
