"""The forms of the businesses' pages: the public directory's filter, a business, and its occupancies
(started, ended, corrected)."""
from django import forms
from django.core.validators import URLValidator
from django.utils.translation import gettext_lazy as _

from committees.forms import DateInput
from core.edit_forms import VersionedModelForm
from premises.businesses import SAFE_SCHEMES
from premises.models import Business, BusinessCategory, Occupancy, Unit

BY_CATEGORY, BY_STREET = "category", "street"


class DirectoryFilterForm(forms.Form):
    """The directory's filter (GET): a name, a category, a street, and how the list is grouped."""

    q = forms.CharField(label=_("Business name"), required=False, max_length=200,
                        widget=forms.SearchInput(attrs={"autocomplete": "off", "dir": "auto"}))
    category = forms.ChoiceField(label=_("Category"), required=False, choices=[("", _("every category")), *BusinessCategory.choices])
    street = forms.ChoiceField(label=_("Street"), required=False)
    group = forms.ChoiceField(label=_("Group by"), required=False,
                              choices=[(BY_CATEGORY, _("category")), (BY_STREET, _("street"))])

    def __init__(self, *args, streets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["street"].choices = [("", _("every street")), *((street, street) for street in streets)]

    def chosen(self):
        """What was chosen, with nothing narrowed by a value the form does not offer (it says so)."""
        if not self.is_bound or not self.is_valid():
            return {"q": "", "category": "", "street": "", "group": BY_CATEGORY}
        return {**self.cleaned_data, "group": self.cleaned_data["group"] or BY_CATEGORY}


class BusinessForm(VersionedModelForm):
    """A business's details; its committee is one whose register the editor keeps (`committees`)."""

    website = forms.URLField(
        label=_("website"), required=False, max_length=200, assume_scheme="https",
        validators=[URLValidator(schemes=SAFE_SCHEMES)],
        error_messages={"invalid": _("Enter a web address that starts with https:// or http://.")},
        help_text=_("Optional: its web address, starting with https:// or http://."),
    )

    class Meta:
        model = Business
        fields = ["committee", "name", "category", "website"]

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        self.fields["committee"].empty_label = None
        self.fields["name"].widget.attrs["dir"] = "auto"


class OccupancyForm(VersionedModelForm):
    """An occupancy of a unit of the business's committee: started, or corrected."""

    class Meta:
        model = Occupancy
        fields = ["unit", "since", "until"]
        widgets = {"since": DateInput(), "until": DateInput()}
        help_texts = {
            "since": _("The first day the business trades in the unit."),
            "until": _("Its last day in the unit, if it has left or the day is known; empty while it stays."),
        }

    def __init__(self, *args, business, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.business = business  # so that the form checks overlaps and the unit's committee
        self.fields["unit"].queryset = Unit.objects.filter(committee_id=business.committee_id).in_street_order()


class OccupancyEndForm(VersionedModelForm):
    """The last day of an occupancy that runs on."""

    class Meta:
        model = Occupancy
        fields = ["until"]
        widgets = {"until": DateInput()}
        labels = {"until": _("Last day in the unit")}

    def __init__(self, *args, business=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["until"].required = True
