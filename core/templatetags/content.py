"""The town's content in templates, in the reader's language (core/translated.py).

    {% content initiative "title" %}         inline: <span lang dir="auto">…</span>, marked when it is
                                             the original standing in for a missing translation
    {% content initiative "description" block=True %}   the same as paragraphs (linebreaks)
    {% translated initiative "title" as title %}         the text alone (core.translated.Shown), for
                                             <title>, attributes and anything that is not markup
    {% original survey "title" %}            the original text, with its language (for its editors)
    {% content_text field.label %}           a Shown text taken earlier (form labels), written as
                                             {% content %} writes it
"""
from django import template
from django.template.defaultfilters import linebreaks_filter
from django.utils.html import conditional_escape, format_html

from core.translated import shown

register = template.Library()


@register.simple_tag
def translated(item, field):
    return shown(item, field)


@register.simple_tag
def content(item, field, block=False):
    return shown_markup(shown(item, field), block=block)


@register.simple_tag
def content_text(text, mark=True):
    """A text already taken from an item (a form field's label, an option's: a core.translated.Shown)
    as {% content %} writes it; `mark=False` leaves out the stand-in's language name (each option of a
    question whose question says it). Any other text (a label of the portal's own) is escaped as it is."""
    if not hasattr(text, "missing"):
        return conditional_escape(text)
    return shown_markup(text, mark=mark)


def shown_markup(text, block=False, mark=True):
    if not text:
        return ""
    mark = (format_html(' <span class="content-language">({})</span>', text.language_name)
            if text.missing and mark else "")
    if block:
        return format_html('<div lang="{}" dir="auto">{}</div>{}', text.language,
                           linebreaks_filter(text, autoescape=True), mark)
    return format_html('<span lang="{}" dir="auto">{}</span>{}', text.language, text, mark)


@register.simple_tag
def original(item, field):
    """The original text of `item`'s `field`, marked with its language: what its editors see (the
    survey builder), whatever the page's language."""
    return format_html('<span lang="{}" dir="auto">{}</span>', item.original_language, getattr(item, field))


@register.simple_tag
def content_lang(item, field):
    """` lang="…" dir="auto"` for an element that holds the text itself (a heading, a link)."""
    text = shown(item, field)
    return format_html(' lang="{}" dir="auto"', text.language)
