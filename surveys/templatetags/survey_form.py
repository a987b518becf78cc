"""Tags of the survey form."""
from html import escape

from django import template
from django.utils.safestring import mark_safe

register = template.Library()


def _escaped(value):
    # What autoescaping does (conditional_escape), without its per-call overhead: text already
    # marked safe stays as it is, anything else is escaped.
    return value.__html__() if hasattr(value, "__html__") else escape(str(value))


@register.simple_tag
def choice_input(option):
    """The <input> of one radio button or checkbox, exactly as `{{ option.tag }}` writes it.

    Rendering each option through the form renderer's templates (input.html, attrs.html) took most
    of a survey page's time; this writes the same markup directly (and without format_html, which
    cost more than the rest of the tag).
    """
    data = option.data
    parts = ['<input type="', _escaped(data["type"]), '" name="', _escaped(data["name"]), '"']
    if data["value"] is not None:
        parts += [' value="', _escaped(data["value"]), '"']
    for name, value in data["attrs"].items():
        if value is True:
            parts += [" ", _escaped(name)]
        elif value is not False:
            parts += [" ", _escaped(name), '="', _escaped(value), '"']
    parts.append(">")
    return mark_safe("".join(parts))
