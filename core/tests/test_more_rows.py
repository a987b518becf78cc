"""A form with rows comes back from "More rows" as typed, unjudged, with room for more (core.more_rows)."""
from django import forms

from core.more_rows import MORE_ROWS, TypedRowsFormSet, asks_for_more_rows, typed_values


class StepForm(forms.Form):
    title = forms.CharField()
    done_on = forms.DateField(required=False)
    urgent = forms.BooleanField(required=False)


StepFormSet = forms.formset_factory(StepForm, formset=TypedRowsFormSet, extra=1)


def posted(*rows, more="steps"):
    data = {"steps-TOTAL_FORMS": str(len(rows)), "steps-INITIAL_FORMS": "0", "more_rows": more}
    for index, row in enumerate(rows):
        data.update({f"steps-{index}-{name}": value for name, value in row.items()})
    return data


def test_the_rows_come_back_as_typed_even_the_wrong_ones_with_three_empty_rows_more_and_no_error():
    typed = StepFormSet(posted({"title": "Lights bought", "done_on": "not a day", "urgent": "on"}, {"title": ""}),
                        prefix="steps")
    again = StepFormSet.as_typed(typed, more=MORE_ROWS)
    html = again.as_div()
    assert not again.is_bound and len(again.forms) == 2 + MORE_ROWS
    assert 'value="Lights bought"' in html and 'value="not a day"' in html and "checked" in html
    assert "error" not in html
    assert 'name="steps-TOTAL_FORMS" value="5"' in html


def test_a_form_started_from_what_was_typed_shows_it_without_judging_it():
    typed = StepForm({"title": "", "done_on": "31.02.2025"})
    again = StepForm(initial=typed_values(typed))
    assert not again.is_bound and 'value="31.02.2025"' in str(again) and "error" not in str(again)


def test_only_the_more_rows_button_of_that_formset_asks_for_more_rows():
    assert asks_for_more_rows(posted(), "steps")
    assert not asks_for_more_rows(posted(more="funding"), "steps")
    assert not asks_for_more_rows(None, "steps")
