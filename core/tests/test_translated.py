"""The one rule for content in several languages (core/translated.py), on plain items; the apps test
their pages, forms and search with real rows."""
from types import SimpleNamespace

import pytest
from django.template import Context, Template
from django.utils import translation

from core.translated import (
    complete_languages, language_states, missing_fields, shown, translations_problems, original_language_changes,
    with_translation,
)


def item(original_language="sl", translations=None, **texts):
    texts = {"title": "Prenova tržnice", "body": "Nova streha.", **texts}
    return SimpleNamespace(translated_fields=("title", "body"), original_language=original_language,
                           translations=translations or {}, **texts)


def test_the_reader_sees_her_translation_where_there_is_one():
    row = item(translations={"en": {"title": "Market renewal"}})
    title = shown(row, "title", "en")
    assert (title, title.language, title.missing) == ("Market renewal", "en", False)


def test_a_missing_translation_falls_back_to_the_original_language_marked_not_to_english():
    row = item(original_language="pl", title="Odnowa rynku", translations={"en": {"title": "Market renewal"}})
    title = shown(row, "title", "fa")
    assert (title, title.language, title.missing) == ("Odnowa rynku", "pl", True)
    assert title.direction == "ltr"


def test_the_original_reader_sees_the_original_unmarked():
    title = shown(item(), "title", "sl")
    assert (title, title.missing) == ("Prenova tržnice", False)


def test_an_empty_original_is_not_marked_as_missing():
    body = shown(item(body=""), "body", "en")
    assert (body, body.missing) == ("", False)


def test_the_active_language_is_the_reader_s_and_regional_codes_read_as_the_language():
    row = item(translations={"fa": {"title": "نوسازی بازار"}})
    with translation.override("fa"):
        title = shown(row, "title")
    assert (title, title.direction) == ("نوسازی بازار", "rtl")
    assert shown(row, "title", "fa-ir") == "نوسازی بازار"


def test_complete_languages_need_every_written_text_of_every_item():
    survey = item(translations={"en": {"title": "Market", "body": "Roof."}, "pl": {"title": "Rynek"}})
    question = item(body="", translations={"en": {"title": "Age?"}, "pl": {"title": "Wiek?"}})
    assert complete_languages([survey, question]) == ["en", "sl"]
    assert missing_fields(survey, "pl") == ["body"]
    states = {state.code: state for state in language_states([survey, question])}
    assert states["sl"].original and states["sl"].complete
    assert (states["pl"].missing, states["fa"].missing) == (1, 3)


def test_a_translation_is_replaced_whole_blank_texts_are_left_out_and_an_empty_one_removed():
    row = item(translations={"en": {"title": "Market", "body": "Roof."}})
    assert with_translation(row, "en", {"title": " Market hall ", "body": "  "}) == {"en": {"title": "Market hall"}}
    assert with_translation(row, "en", {"title": ""}) == {}
    assert row.translations == {"en": {"title": "Market", "body": "Roof."}}  # the row itself is unchanged
    with pytest.raises(ValueError):
        with_translation(row, "sl", {"title": "x"})  # the original language is the columns, not a translation
    with pytest.raises(ValueError):
        with_translation(row, "en", {"owner": "x"})


def test_a_new_original_language_swaps_places_with_its_translation_and_loses_nothing():
    row = item(original_language="en", title="Market", body="Roof.",
               translations={"sl": {"title": "Tržnica"}, "pl": {"title": "Rynek"}})
    changes = original_language_changes(row, "sl")
    assert changes == {"title": "Tržnica", "translations": {"pl": {"title": "Rynek"}, "en": {"title": "Market"}}}


def test_a_new_original_language_without_a_translation_only_puts_the_label_right():
    row = item(original_language="en", title="Tržnica", translations={"pl": {"title": "Rynek"}})
    assert original_language_changes(row, "sl") == {"translations": {"pl": {"title": "Rynek"}}}
    assert original_language_changes(row, "en") == {}


def test_a_text_typed_in_the_same_save_is_kept_as_typed():
    row = item(original_language="en", title="Market", translations={"sl": {"title": "Tržnica"}})
    assert original_language_changes(row, "sl", {"title": "Mestna tržnica"}) == {"translations": {"en": {"title": "Market"}}}


def test_a_text_posted_back_with_a_browser_s_line_ends_counts_as_unchanged():
    row = item(original_language="en", body="Line one\nLine two", translations={"sl": {"body": "Prva\nDruga"}})
    assert original_language_changes(row, "sl", {"body": "Line one\r\nLine two "}) == {
        "body": "Prva\nDruga", "translations": {"en": {"body": "Line one\nLine two"}}}


def test_malformed_translations_are_named():
    row = item()
    assert translations_problems(row, {"en": {"title": "Market"}}) == []
    assert len(translations_problems(row, {"sl": {"title": "x"}, "xx": {}, "en": {"owner": "x"}})) == 3
    assert translations_problems(row, ["en"])


def render(template, **context):
    return Template("{% load content %}" + template).render(Context(context))


def test_the_content_tag_carries_language_and_direction_and_marks_a_stand_in():
    row = item(title="<Tržnica>", translations={"fa": {"body": "سقف نو"}})
    with translation.override("en"):
        html = render('{% content row "title" %}', row=row)
    assert html == '<span lang="sl" dir="auto">&lt;Tržnica&gt;</span> <span class="content-language">(Slovenian)</span>'
    with translation.override("fa"):
        block = render('{% content row "body" block=True %}', row=row)
    assert block == '<div lang="fa" dir="auto"><p>سقف نو</p></div>'
    with translation.override("fa"):
        assert render('{% translated row "title" as t %}{{ t.language }}:{{ t }}', row=row) == "sl:&lt;Tržnica&gt;"
