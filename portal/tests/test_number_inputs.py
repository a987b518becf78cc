"""Every number people type goes through core.number_input (issue 13): no form of the portal offers
the browser's type=number, which drops what it cannot parse, or Django's own number fields, which
read neither decimal commas nor thousands separators."""
import importlib
import inspect

import pytest
from django import forms
from django.forms.formsets import BaseFormSet

from core.number_input import NumberField

FORM_MODULES = ["core.edit_forms", "committees.forms", "initiatives.forms", "surveys.forms", "surveys.answering", "portal.forms"]


def form_classes():
    for module_name in FORM_MODULES:
        module = importlib.import_module(module_name)
        for name, value in vars(module).items():
            if not inspect.isclass(value) or value.__module__ not in (module_name, "django.forms.models", "django.forms.formsets"):
                continue
            if issubclass(value, BaseFormSet) and hasattr(value, "form"):
                yield f"{module_name}.{name}", value.form
            elif issubclass(value, forms.BaseForm) and value.__module__ == module_name:
                yield f"{module_name}.{name}", value


NUMBER_INPUTS = [
    (f"{form_name}.{field_name}", field)
    for form_name, form_class in form_classes()
    for field_name, field in form_class.base_fields.items()
    if not field.widget.is_hidden
    and (isinstance(field, (forms.IntegerField, forms.DecimalField, forms.FloatField, NumberField)) or isinstance(field.widget, forms.NumberInput))
]


def test_the_forms_of_the_portal_have_number_inputs_to_check():
    names = {name for name, _field in NUMBER_INPUTS}
    assert {"initiatives.forms.FundingLineFormSet.planned", "surveys.forms.InvitationGenerateForm.count",
            "initiatives.forms.InitiativeForm.progress_override", "surveys.forms.QuestionForm.max_value"} <= names


@pytest.mark.parametrize(("name", "field"), NUMBER_INPUTS, ids=[name for name, _field in NUMBER_INPUTS])
def test_every_number_people_type_is_read_in_their_language(name, field):
    assert isinstance(field, NumberField), f"{name} is a {type(field).__name__}"
    assert not isinstance(field.widget, forms.NumberInput) and field.widget.input_type == "text"
    assert field.widget.attrs["inputmode"] in {"decimal", "numeric"}
