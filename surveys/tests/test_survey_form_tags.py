"""The survey form writes its radio buttons and checkboxes itself: the markup must stay Django's."""
from django import forms
from django.utils.safestring import mark_safe

from surveys.templatetags.survey_form import choice_input


class ChoicesForm(forms.Form):
    age = forms.ChoiceField(choices=[("1", "Under 18"), ("2", "18 & over")], widget=forms.RadioSelect)
    reasons = forms.MultipleChoiceField(
        choices=[("3", "Shopping"), ("4", "Cafés")], widget=forms.CheckboxSelectMultiple, required=False
    )
    other = forms.ChoiceField(choices=[("x\"<", "odd value")], widget=forms.RadioSelect, required=False)


def every_option(form):
    for name in form.fields:
        form.fields[name].widget.attrs.update({"class": "form-check-input", "data-note": mark_safe("a & b <i>")})
        yield from form[name]


def test_choice_input_writes_what_option_tag_writes_unbound_bound_and_with_errors():
    bound_with_error = ChoicesForm(data={"reasons": ["4"], "other": "missing"})
    assert not bound_with_error.is_valid()
    for form in (ChoicesForm(), ChoicesForm(initial={"age": "2"}), bound_with_error):
        options = list(every_option(form))
        assert options
        for option in options:
            assert str(choice_input(option)) == str(option.tag())
