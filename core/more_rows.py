"""A form with rows (a formset) that offers as many rows as the editor needs, without JavaScript: a
"More rows" submit button (`MORE_ROWS_FIELD`) posts what was typed; the page comes back with it all
kept and room for MORE_ROWS more rows, nothing saved and no error shown for the rows not yet filled.
Script may add a row in the page itself (it raises the formset's TOTAL_FORMS)."""
from django.forms.utils import ErrorDict, ErrorList

MORE_ROWS_FIELD = "more_rows"  # the button's name; its value is the formset's prefix
MORE_ROWS = 3


def asks_for_more_rows(data, prefix):
    """Whether `data` (request.POST, or None) was sent by the "More rows" button of formset `prefix`."""
    return data is not None and data.get(MORE_ROWS_FIELD) == prefix


def with_more_rows(data, prefix, formset_class, more=MORE_ROWS):
    """A copy of the posted `data` with room for `more` more rows in formset `prefix` (never past the
    formset's own maximum)."""
    data = data.copy()
    key = f"{prefix}-TOTAL_FORMS"
    try:
        total = int(data.get(key) or 0)
    except ValueError:
        total = 0
    data[key] = str(max(0, min(total + more, formset_class.absolute_max)))
    return data


def without_errors(*forms_and_formsets):
    """Show these bound forms as typed, without checking them: they are not being saved yet."""
    for item in forms_and_formsets:
        for form in getattr(item, "forms", [item]):
            form._errors = ErrorDict()
        if hasattr(item, "forms"):  # a formset: its own errors, and the list of its forms' errors
            item._errors = [form._errors for form in item.forms]
            item._non_form_errors = ErrorList()
