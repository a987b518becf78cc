"""A form with rows (a formset) that offers as many rows as the editor needs, without JavaScript: a
"More rows" submit button posts what was typed; the page comes back with it all kept and room for
MORE_ROWS more rows, nothing saved and no error shown, since nothing was judged yet. The forms come
back unbound, started from what was typed (`typed_values`, `TypedRowsFormSet.as_typed`). Script may
add a row in the page itself (it raises the formset's TOTAL_FORMS)."""
from django import forms

MORE_ROWS_FIELD = "more_rows"  # the button's name; its value is the formset's prefix
MORE_ROWS = 3  # the empty rows "More rows" adds


def asks_for_more_rows(data, prefix):
    """Whether `data` (request.POST, or None) was sent by the "More rows" button of formset `prefix`."""
    return data is not None and data.get(MORE_ROWS_FIELD) == prefix


def typed_values(form):
    """{field name: the value `form` shows} of a bound form: what was typed (a disabled field: its
    initial value), to start an unbound form from."""
    return {name: form[name].value() for name in form.fields}


class TypedRowsFormSet(forms.BaseFormSet):
    """A formset that can come back unbound with its rows as typed (mixed into inline formsets too)."""

    typed = ()  # the rows as typed, each row's initial values (as_typed)

    @classmethod
    def as_typed(cls, formset, more=0):
        """An unbound copy of the bound `formset` showing its rows as typed, and `more` empty rows: it
        judges nothing, so it shows no errors."""
        kwargs = {"prefix": formset.prefix}
        if hasattr(formset, "instance"):  # an inline formset: the rows of the same parent
            kwargs["instance"] = formset.instance
        unbound = cls(**kwargs)
        unbound.typed = [typed_values(form) for form in formset.forms]
        unbound.extra = max(0, len(unbound.typed) - unbound.initial_form_count()) + more
        return unbound

    def get_form_kwargs(self, index):
        kwargs = super().get_form_kwargs(index)
        if index is not None and index < len(self.typed):  # None: the empty row
            kwargs["initial"] = self.typed[index]
        return kwargs
