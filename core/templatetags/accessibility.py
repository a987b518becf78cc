"""Accessibility pieces every template shares: the one error summary of a page, the box a wide
table scrolls in, and the machine-readable moment of a <time> element."""
import html
import re
from dataclasses import dataclass

from django import template
from django.forms import BaseForm
from django.forms.formsets import BaseFormSet
from django.utils.html import format_html, strip_tags

register = template.Library()


@dataclass(frozen=True)
class PageError:
    """One line of the error summary: what is wrong and, for a field, the id of the field to jump to."""

    label: str
    message: str
    field_id: str = ""


def _form_errors(form):
    errors = [PageError("", str(message)) for message in form.non_field_errors()]
    for field in form:
        if not field.is_hidden:
            field_id = field.id_for_label or field.auto_id
            errors += [PageError(field.label or "", str(message), field_id) for message in field.errors]
    return errors


def _formset_errors(formset):
    errors = [PageError("", str(message)) for message in formset.non_form_errors()]
    for form in formset.forms:
        errors += _form_errors(form)
    return errors


def bound_forms(values):
    """The bound forms and formsets among `values`, each once, forms without a prefix (the page's
    main form) first."""
    forms, seen = [], set()
    for value in values:
        if isinstance(value, (BaseForm, BaseFormSet)) and value.is_bound and id(value) not in seen:
            seen.add(id(value))
            forms.append(value)
    return sorted(forms, key=lambda form: bool(form.prefix))


def bound_errors(forms):
    errors = []
    for form in forms:
        errors += _formset_errors(form) if isinstance(form, BaseFormSet) else _form_errors(form)
    return errors


def _give_focus_to_the_summary(forms):
    """A field's own autofocus (the sign-in form's user name) would take the focus from the summary."""
    for form in forms:
        for each in form.forms if isinstance(form, BaseFormSet) else [form]:
            for field in each.fields.values():
                field.widget.attrs.pop("autofocus", None)


@register.simple_tag(takes_context=True)
def page_errors(context):
    """{% page_errors as errors %}: what every refused form on the page asks to correct (base.html
    shows one summary at the top of the page, which takes the focus, and prefixes the title with "Error:")."""
    forms = bound_forms(context.flatten().values())
    errors = bound_errors(forms)
    if errors:
        _give_focus_to_the_summary(forms)
    return errors


CAPTION = re.compile(r"<caption\b[^>]*>(.*?)</caption>", re.S)
DESCRIBED_BY = re.compile(r'<table\b[^>]*\baria-(?:labelledby|describedby)="([^"]+)"')


class ScrollBoxNode(template.Node):
    def __init__(self, nodelist, names):
        self.nodelist, self.names = nodelist, names

    def render(self, context):
        content = self.nodelist.render(context)
        if "labelledby" in self.names:
            return self._box(content, "aria-labelledby", self.names["labelledby"].resolve(context))
        if "label" in self.names:
            return self._box(content, "aria-label", self.names["label"].resolve(context))
        caption = CAPTION.search(content)
        if caption:
            return self._box(content, "aria-label", " ".join(html.unescape(strip_tags(caption.group(1))).split()))
        described_by = DESCRIBED_BY.search(content)
        if described_by:
            return self._box(content, "aria-labelledby", described_by.group(1))
        raise template.TemplateSyntaxError(
            "scroll_box: the table has no caption or heading to name its box by; give label= or labelledby="
        )

    @staticmethod
    def _box(content, attribute, name):
        return format_html(
            '<div class="table-responsive" tabindex="0" role="group" {}="{}">{}</div>', attribute, name, content,
        )


@register.tag
def scroll_box(parser, token):
    """{% scroll_box %}<table>…</table>{% end_scroll_box %}: the box a wide table scrolls sideways in
    on a phone. Keyboard users reach it with Tab (to scroll it with the arrow keys), and screen
    readers hear it as a group named by the table's caption, or by the heading the table's
    aria-labelledby/aria-describedby names, or by label="…" (a text) or labelledby="…" (an element's id).
    A group rather than a region: a page has up to twenty such boxes, often named like the section
    around them or like each other (one question in two surveys), and landmarks must be few and unique."""
    names = {}
    for bit in token.split_contents()[1:]:
        name, _sep, value = bit.partition("=")
        if name not in ("label", "labelledby") or not value:
            raise template.TemplateSyntaxError(f"scroll_box takes label=… or labelledby=…, not {bit}")
        names[name] = parser.compile_filter(value)
    nodelist = parser.parse(("end_scroll_box",))
    parser.delete_first_token()
    return ScrollBoxNode(nodelist, names)
