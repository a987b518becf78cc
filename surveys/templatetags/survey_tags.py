"""Template tags other apps use to show survey results without importing the surveys app."""
from django import template

from core.roles import is_staff_reader
from surveys.models import Survey
from surveys import rules
from surveys.results import headlines, minimum_group_size

register = template.Library()


@register.inclusion_tag("surveys/includes/residents_said.html", takes_context=True)
def residents_said(context, initiative):
    """Headline results of the published surveys that inform `initiative`: all of them for staff,
    those with public results for everybody else."""
    request = context.get("request")
    surveys = Survey.objects.informing(initiative.slug).select_related("committee").order_by("-closes_at")
    for_public = not (request and rules.can_see_small_groups(request.user))
    if not (request and is_staff_reader(request.user)):
        surveys = surveys.with_public_results()
    return {"surveys": headlines(surveys, for_public=for_public), "minimum_group": minimum_group_size(), "for_public": for_public}
