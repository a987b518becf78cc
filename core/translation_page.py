"""The staff page that translates one item of the town's content (and the rows translated with it, such
as an initiative's milestones) into one language; each app's view finds the item, checks who may
edit it and hands over the call to its `<thing>_translate` service (core.translated.translation_save)."""
from dataclasses import dataclass

from django.contrib import messages
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from core.edit_forms import VERSION, conflict_details, differing_fields
from core.edits import EditConflict
from core.translated import LANGUAGE_CODES, language_name, language_states, translation_form_class


@dataclass
class TranslatedPart:
    """Rows translated on their item's page: `key` names them in the service call, `heading` on the page;
    `counted`: whether a missing translation of theirs leaves the item's language incomplete (an
    initiative's running log of progress updates does not)."""

    key: str
    heading: str
    rows: list
    counted: bool = True


def translation_links(items, url_for):
    """The languages of `items` as an edit page lists them: each with how many texts still lack a
    translation, and (but the original) the address of its translation page."""
    return [{"state": state, "url": None if state.original else url_for(state.code)}
            for state in language_states(items)]


def translation_page(request, *, item, language, save, back_url, url_for, parts=()):
    """GET shows the `language` texts of `item` (and of `parts`' rows) beside the originals; POST saves
    them with `save(expected_version=…, texts=…, parts={key: {row id: texts}})`, then returns to
    `back_url`. A save refused because someone else saved the item meanwhile shows the page again
    with what was typed. `url_for(language)`: this page for another language."""
    if language not in LANGUAGE_CODES or language == item.original_language:
        raise Http404
    data = request.POST if request.method == "POST" else None
    form = translation_form_class()(data, instance=item, language=language)
    groups = _part_forms(data, parts, language)
    conflict = None
    if data is not None and form.is_valid() and all(part.is_valid() for _part, forms in groups for part in forms):
        try:
            save(expected_version=form.expected_version, texts=form.texts(),
                 parts={part.key: {each.instance.pk: each.texts() for each in forms} for part, forms in groups})
        except EditConflict as edit_conflict:
            form, conflict = _after_conflict(form, edit_conflict, language)
        else:
            messages.success(request, _("The translation into %(language)s is saved.")
                             % {"language": language_name(language)})
            return redirect(back_url)
    return render(request, "core/translation_form.html", {
        "item": item, "title_field": item.translated_fields[0], "form": form, "groups": groups, "conflict": conflict, "back_url": back_url,
        "language": language, "language_name": language_name(language),
        "original_name": language_name(item.original_language),
        "content_languages": translation_links(
            [item, *(row for part in parts if part.counted for row in part.rows)], url_for),
    })


def _part_forms(data, parts, language):
    """[(part, [a form per row with a text to translate])]; each form's `legend` is the row's first text."""
    part_form = translation_form_class()
    groups = []
    for part in parts:
        forms = [part_form(data, instance=row, language=language, prefix=f"{part.key}-{row.pk}") for row in part.rows
                 if row.original_language != language]  # a row already written in it has nothing to translate
        for form in forms:
            form.legend = Truncator(getattr(form.instance, form.instance.translated_fields[0])).chars(80)
        groups.append((part, [form for form in forms if form.fields]))
    return groups


def _after_conflict(form, edit_conflict, language):
    """The form again with what was typed, now opened at the stored version, and what differs."""
    stored = edit_conflict.stored
    data = form.data.copy()
    data[VERSION] = stored.version
    form_class = translation_form_class()
    again = form_class(data, instance=stored, language=language)
    again.is_valid()
    return again, conflict_details(stored, differing_fields(again, form_class(instance=stored, language=language)))
