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
