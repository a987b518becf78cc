"""The town's content in templates, in the reader's language (core/translated.py).

    {% content initiative "title" %}         inline: <span lang dir="auto">…</span>, marked when it is
                                             the original standing in for a missing translation
    {% content initiative "description" block=True %}   the same as paragraphs (linebreaks)
    {% translated initiative "title" as title %}         the text alone (core.translated.Shown), for
                                             <title>, attributes and anything that is not markup
    {% content_text text %}                  a Shown found otherwise (a row read as values:
                                             core.translated.shown_in_values), marked up as {% content %}
"""
from django import template
from django.template.defaultfilters import linebreaks_filter
from django.utils.html import format_html

from core.translated import shown

register = template.Library()


@register.simple_tag
def translated(item, field):
    return shown(item, field)


@register.simple_tag
def content(item, field, block=False):
    return content_text(shown(item, field), block)


@register.simple_tag
def content_text(text, block=False):
    if not text:
        return ""
    mark = (format_html(' <span class="content-language">({})</span>', text.language_name)
            if text.missing else "")
    if block:
        return format_html('<div lang="{}" dir="auto">{}</div>{}', text.language,
                           linebreaks_filter(text, autoescape=True), mark)
    return format_html('<span lang="{}" dir="auto">{}</span>{}', text.language, text, mark)


@register.simple_tag
def content_lang(item, field):
    """` lang="…" dir="auto"` for an element that holds the text itself (a heading, a link)."""
    text = shown(item, field)
    return format_html(' lang="{}" dir="auto"', text.language)
