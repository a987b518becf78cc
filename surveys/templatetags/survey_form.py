"""Tags of the survey form."""
from django import template
from django.utils.html import format_html, format_html_join

register = template.Library()


@register.simple_tag
def choice_input(option):
    """The <input> of one radio button or checkbox, exactly as `{{ option.tag }}` writes it.

    Rendering each option through the form renderer's templates (input.html, attrs.html) took most
    of a survey page's time; this writes the same markup directly.
    """
    data = option.data
    value = "" if data["value"] is None else format_html(' value="{}"', data["value"])
    attrs = [(name, value) for name, value in data["attrs"].items() if value is not False]
    rendered = format_html_join(
        "", "{}{}", ((f" {name}", "" if value is True else format_html('="{}"', value)) for name, value in attrs)
    )
    return format_html('<input type="{}" name="{}"{}{}>', data["type"], data["name"], value, rendered)
