"""The town's own content in the portal's languages: one original, translations beside it.

A row residents read (a survey and its questions, an initiative, a committee, an indicator, a
document) says which language it was written in (`original_language`), keeps that text in its own
columns as before, and keeps its translations in `translations`: {language: {field: text}}. The
original language never appears in `translations`.

A reader sees her language's text where it exists; where it does not, she sees the ORIGINAL, marked
with its language, never some third language and never an empty field. `shown` is that one rule;
templates use the `{% content %}` / `{% translated %}` tags of core/templatetags/content.py, which
also set `lang` and `dir="auto"` on the text, so mixed-script pages read correctly.

Why not django-modeltranslation or django-parler (README, "Content in several languages"): both
pick the fallback from a site-wide language order, while ours is each row's own original language;
modeltranslation adds a column per field and language and rewrites `title` to the active language's
column on write (a Slovenian secretary editing would write to `title_sl`), and needs the change
history registered around it; parler keeps translations in a second table per model, read with a
query (or a prefetch on every page), which our change history (django-simple-history) does not
follow. One JSON column per row is tracked by the history as it is, keeps every existing row and
service as it was, and is searched with one `Q`.

Names the portal itself translates (themes, kinds, statuses) stay in the gettext catalogs.
"""
from dataclasses import dataclass
from types import SimpleNamespace

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models import F, Q
from django.db.models.fields.json import KeyTextTransform, KeyTransform
from django.utils.translation import get_language, get_language_info
from django.utils.translation import gettext_lazy as _

from core.free_text import contains_ignoring_accents
from core.edits import edit_write, lock_at_version, stamp_editor

LANGUAGE_CODES = tuple(code for code, _name in settings.LANGUAGES)


def reader_language(language=None):
    """The portal language of `language` (default: the active one): "sl-si" reads as "sl"; anything
    the portal does not offer reads as the default language."""
    code = (language or get_language() or settings.LANGUAGE_CODE).split("-")[0].lower()
    return code if code in LANGUAGE_CODES else settings.LANGUAGE_CODE


def language_name(code):
    """The name of language `code` in the reader's language ("slovenščina" is "Slovenian" to an
    English reader)."""
    return get_language_info(code)["name_translated"]


def language_direction(code):
    return "rtl" if get_language_info(code)["bidi"] else "ltr"


class Translated(models.Model):
    """A row whose texts residents read, written in one language and translatable into the others.
    Subclasses name their translatable text fields in `translated_fields`."""

    translated_fields = ()

    original_language = models.CharField(
        _("original language"), max_length=8, choices=settings.LANGUAGES, default=settings.LANGUAGE_CODE,
        help_text=_("The language the texts below are written in. Readers of other languages see this "
                    "text, marked with its language, until a translation is given."),
    )
    translations = models.JSONField(_("translations"), default=dict, blank=True, editable=False)

    class Meta:
        abstract = True

    def original_language_changes(self, language, typed=None):
        """What else changes when the texts are said to be in `language` (core.edits.edit_write):
        see original_language_changes."""
        return original_language_changes(self, language, typed)

    def clean(self):
        super().clean()
        # A form that changes the original language checks the row before the service swaps the
        # translation into that language with the texts (core.edits.edit_write): not an error here.
        # The problems concern no field a form shows, so they are the row's own.
        problems = translations_problems(self, self.translations, new_original=True)
        if problems:
            raise ValidationError(problems)


def translations_problems(item, translations, new_original=False):
    """What is wrong with `translations` for `item` (a list of messages; empty: nothing). With
    `new_original`, a translation into the item's (newly chosen) original language is allowed: it is
    about to swap places with the texts (original_language_changes)."""
    if not isinstance(translations, dict):
        return [_("Translations must be a mapping of language to texts.")]
    problems = []
    for language, texts in translations.items():
        if language not in LANGUAGE_CODES or (language == item.original_language and not new_original):
            problems.append(_("“%(language)s” is not a language this text can be translated into.")
                            % {"language": language})
        elif not isinstance(texts, dict) or any(
                name not in item.translated_fields or not isinstance(text, str) or not text.strip()
                for name, text in texts.items()):
            problems.append(_("The %(language)s translation names a text this item does not have, or is empty.")
                            % {"language": language_name(language)})
        else:
            problems += [_("The %(language)s translation of “%(field)s” is longer than its %(limit)s characters.")
                         % {"language": language_name(language), "field": field.verbose_name, "limit": field.max_length}
                         for field in _fields(item, texts) if field.max_length and len(texts[field.name]) > field.max_length]
    return problems


def _fields(item, texts):
    """The model fields of `item` that `texts` translates (none for an item that is not a model row)."""
    meta = getattr(item, "_meta", None)
    return [meta.get_field(name) for name in texts] if meta else []


class Shown(str):
    """A text as shown to a reader: the string itself, plus the language it is written in and whether
    it is the original standing in for a missing translation (`missing`)."""

    language: str
    missing: bool

    def __new__(cls, text, language, missing=False):
        shown = super().__new__(cls, text)
        shown.language = language
        shown.missing = missing
        return shown

    @property
    def direction(self):
        return language_direction(self.language)

    @property
    def language_name(self):
        return language_name(self.language)


def shown(item, field, language=None):
    """The text of `item`'s `field` for a reader of `language` (default: the active language): her
    translation where there is one, else the original (`missing` set when it stands in for one)."""
    original = getattr(item, field) or ""
    wanted = reader_language(language)
    if wanted == item.original_language:
        return Shown(original, wanted)
    text = (item.translations or {}).get(wanted, {}).get(field)
    if text:
        return Shown(text, wanted)
    return Shown(original, item.original_language, missing=bool(original))


def shown_in_values(row, prefix, field, language=None):
    """`shown` for a row read with `.values()` (no model instance): `row` holds `prefix + field`,
    `prefix + "original_language"` and `prefix + "translations"` ("indicator__name", …)."""
    item = SimpleNamespace(**{field: row[prefix + field]}, original_language=row[prefix + "original_language"],
                           translations=row[prefix + "translations"])
    return shown(item, field, language)


def missing_fields(item, language):
    """The translatable fields of `item` with an original text but no `language` translation."""
    if language == item.original_language:
        return []
    given = (item.translations or {}).get(language, {})
    return [name for name in item.translated_fields if getattr(item, name) and not given.get(name)]


def complete_languages(items):
    """The portal languages every one of `items` can be read in (its original or a full translation),
    in the portal's order; for a survey, pass the survey with all its sections, questions and choices."""
    items = list(items)
    return [code for code in LANGUAGE_CODES if not any(missing_fields(item, code) for item in items)]


def with_translation(item, language, texts):
    """`item`'s translations with `language`'s texts replaced by `texts` ({field: text}; blank texts are
    left out, and a language left with no text is removed): the value a service writes."""
    if language not in LANGUAGE_CODES or language == item.original_language:
        raise ValueError(f"{language!r} is not a language {item!r} can be translated into")
    unknown = set(texts) - set(item.translated_fields)
    if unknown:
        raise ValueError(f"{sorted(unknown)} are not translatable fields of {type(item).__name__}")
    translations = {code: dict(given) for code, given in (item.translations or {}).items()}
    kept = {name: text.strip() for name, text in texts.items() if text and text.strip()}
    if kept:
        translations[language] = kept
    else:
        translations.pop(language, None)
    return translations


def catalog_translations(texts, original_language=settings.LANGUAGE_CODE):
    """{language: {field: text}} for `texts` ({field: English text}) the gettext catalogs already
    translate: for rows that began as the portal's own vocabulary (the demo's indicators), so that
    they read as before once they are content."""
    from django.utils.translation import gettext, override

    translations = {}
    for language in LANGUAGE_CODES:
        if language == original_language:
            continue
        with override(language):
            given = {field: gettext(text) for field, text in texts.items() if text and gettext(text) != text}
        if given:
            translations[language] = given
    return translations


def original_language_changes(item, language, typed=None):
    """The changes that go with saying `item`'s texts are in `language` now, nothing lost either way:
    - a text with a translation into `language` swaps places with it: the translation becomes the
      original and the old original a translation into the old language (an English survey fully
      translated into Slovenian can become a Slovenian one);
    - a text without one stays as it is, now said to be in `language` (a label put right: rows
      written before languages were recorded are marked English).
    A text the editor changed in the same save (`typed`, {field: text}) is kept as typed.
    Returns {field: text, "translations": …} to write with the new `original_language`."""
    old = item.original_language
    if language == old:
        return {}
    target = (item.translations or {}).get(language, {})
    translations = {code: dict(given) for code, given in (item.translations or {}).items() if code != language}
    changes, moved = {}, {}
    for field in item.translated_fields:
        stored = getattr(item, field) or ""
        if target.get(field) and _same_text((typed or {}).get(field, stored), stored):
            changes[field] = target[field]
        if target.get(field) and stored:
            moved[field] = stored  # the old original stays, as a translation, even where the editor typed anew
    if moved:
        translations[old] = moved
    changes["translations"] = translations
    return changes


def follow_original_language(rows, language):
    """Rows that belong to an item (a survey's questions, an initiative's milestones) written in its
    language, moved with it to `language` as original_language_changes moves the item; returns the
    names of the fields to save."""
    fields = set()
    for row in rows:
        for name, value in original_language_changes(row, language).items():
            setattr(row, name, value)
            fields.add(name)
        row.original_language = language
    return ["original_language", *sorted(fields | {"translations"})]


def _same_text(typed, stored):
    """Whether a text posted by a form is the stored one (a browser sends a textarea's line ends as
    CRLF, and forms strip the ends)."""
    def plain(text):
        return (text or "").replace("\r\n", "\n").strip()
    return plain(typed) == plain(stored)


def text_matches(fields, word, prefix="", ignore_accents=False):
    """One Q: `word` (case-insensitive) in any of `fields`, in the original or in any translation.
    `prefix` reaches a related row ("initiative__"); so may a field ("committee__name": the name in
    the committee's own translations). With `ignore_accents`, "salek" also finds "Šalek" (the site
    search; core.free_text.contains_ignoring_accents)."""
    q = Q()
    for field in fields:
        path, _, name = field.rpartition("__")
        row = f"{prefix}{path}__" if path else prefix
        if ignore_accents:
            q |= contains_ignoring_accents(F(f"{prefix}{field}"), word)
            for language in LANGUAGE_CODES:
                q |= contains_ignoring_accents(KeyTextTransform(name, KeyTransform(language, f"{row}translations")), word)
            continue
        q |= Q(**{f"{prefix}{field}__icontains": word})
        for language in LANGUAGE_CODES:
            q |= Q(**{f"{row}translations__{language}__{name}__icontains": word})
    return q


def translation_set(row, language, texts):
    """Give `row` (not saved) `language`'s texts ({field: text}) as with_translation does, checked as
    Translated.clean checks them; whether its translations changed (a row that did not need no save)."""
    translations = with_translation(row, language, texts)
    if translations == row.translations:
        return False
    row.translations = translations
    row.clean()
    return True


@transaction.atomic
def translation_save(*, item, by, expected_version, language, texts, parts=(), stamp=None):
    """Write the `language` translation of `item` (`texts`: {field: text}; a blank text is not
    translated yet), only if `item` is still at `expected_version` (else EditConflict, nothing written);
    the one write behind every app's `<thing>_translate` service (core.translated).

    `parts` translates rows that belong to the item and are translated on its page (an initiative's
    milestones): pairs of (the item's rows, {row id: texts}); a row no longer among them is passed
    over, one whose translation stays as stored is not saved. `stamp(row, by, saved_item)` names the
    author of a part's history record (default: stamp_editor). Returns the item as saved."""
    stored = lock_at_version(item, expected_version)
    saved = edit_write(stored, by=by, translations=with_translation(stored, language, texts))
    for rows, texts_by_id in parts:
        for row in rows.filter(pk__in=list(texts_by_id)).select_for_update():
            if translation_set(row, language, texts_by_id[row.pk]):
                if stamp:
                    stamp(row, by, saved)
                else:
                    stamp_editor(row, by)
                row.save(update_fields=["translations"])
    return saved


@dataclass(frozen=True)
class LanguageState:
    """A language as the builder of a translated item shows it."""

    code: str
    name: str
    original: bool
    missing: int  # how many texts have no translation yet

    @property
    def complete(self):
        return self.missing == 0


def language_states(items):
    """For each portal language: is it the original of the first item, and how many texts of
    `items` still lack a translation into it (the builder's "which languages are complete")."""
    items = list(items)
    original = items[0].original_language if items else settings.LANGUAGE_CODE
    return [
        LanguageState(code, language_name(code), code == original,
                      sum(len(missing_fields(item, code)) for item in items))
        for code in LANGUAGE_CODES
    ]


class OriginalLanguageField:
    """A ModelForm mixin for a translated row's create/edit form: a new row's original language is,
    until the editor says otherwise, the language of the page she writes it on; a form posted without
    the field (a script, an import) keeps the stored language, or takes the page's for a new row."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if "original_language" in self.fields:
            self.fields["original_language"].required = False
            if not self.instance.pk:
                self.initial.setdefault("original_language", reader_language())

    def clean_original_language(self):
        chosen = self.cleaned_data.get("original_language")
        return chosen or (self.instance.original_language if self.instance.pk else reader_language())


def translation_form_class():
    """The form of one language's translation of an item (built lazily: forms import models); a row
    translated on its item's page (an initiative's milestone) takes a `prefix`."""
    from django import forms
    from django.utils.html import format_html
    from django.utils.text import capfirst

    from core.edit_forms import EditVersionForm

    class TranslationForm(EditVersionForm):
        """The texts of `instance` in `language`, each with its original shown beside it. A text
        left blank is not translated yet (readers see the original, marked)."""

        def __init__(self, data=None, *, instance, language, prefix=None):
            super().__init__(data, instance=instance, prefix=prefix)
            self.instance, self.language = instance, language
            given = (instance.translations or {}).get(language, {})
            for name in instance.translated_fields:
                original = getattr(instance, name)
                if not original:
                    continue  # nothing written, nothing to translate
                model_field = instance._meta.get_field(name)
                attrs = {"lang": language, "dir": "auto"}
                widget = (forms.Textarea(attrs={**attrs, "rows": 3}) if isinstance(model_field, models.TextField)
                          else forms.TextInput(attrs=attrs))
                self.fields[name] = forms.CharField(
                    label=capfirst(model_field.verbose_name), required=False, max_length=model_field.max_length,
                    widget=widget, initial=given.get(name, ""),
                    help_text=format_html('{} <span lang="{}" dir="auto">{}</span>', _("Original:"),
                                          instance.original_language, original),
                )

        def texts(self):
            """{field: text} as typed: what `with_translation` takes."""
            return {name: self.cleaned_data.get(name, "") for name in self.instance.translated_fields
                    if name in self.fields}

    return TranslationForm
