"""Template filters for pages of any app that mention a committee."""
from django import template

from committees.rules import can_view_committee

register = template.Library()


@register.filter
def visible_to(committee, user):
    """`{% if survey.committee|visible_to:user %}`: may this user read the committee's name? A
    public page names no committee that is not public (its members and staff still see it)."""
    return can_view_committee(user, committee)
