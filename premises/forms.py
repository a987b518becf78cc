"""The register's forms: a unit, a status with its date, and the list's filter. Typed numbers (floor
area, coordinates) are read as the editor's language writes them (core.number_input)."""
from django import forms
from django.utils.translation import gettext_lazy as _

from committees.forms import DateInput
from core.edit_forms import VersionedModelForm
from premises.models import Floor, Status, Unit, UnitStatus, UseClass

UNIT_FIELDS = [
    "committee", "street", "number", "unit_name", "floor", "floor_area", "use_class",
    "longitude", "latitude", "publish_address", "notes",
]


class UnitForm(VersionedModelForm):
    """A unit's details; the committee is one whose register the editor keeps (`committees`)."""

    class Meta:
        model = Unit
        fields = UNIT_FIELDS
        widgets = {"notes": forms.Textarea(attrs={"rows": 4})}
        help_texts = {
            "longitude": _("Where the unit is on the town plan, as GeoJSON writes it (WGS 84), e.g. 15.1124."),
            "latitude": _("For example 46.3592. Leave both empty if the unit is not placed yet."),
        }

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        self.fields["committee"].empty_label = None


class UnitCreateForm(UnitForm):
    """A new unit, with its status as it is found (and the date it was found so) if known."""

    status = forms.ChoiceField(label=_("Status"), choices=[("", _("not known yet")), *Status.choices], required=False)
    status_since = forms.DateField(label=_("Status since"), required=False, widget=DateInput(),
                                   help_text=_("The day the unit was found with this status."))

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") and not cleaned.get("status_since") and "status_since" not in self.errors:
            self.add_error("status_since", _("Give the date of this status."))
        if cleaned.get("status_since") and not cleaned.get("status"):
            self.add_error("status", _("Choose the status found on that date, or leave the date empty."))
        return cleaned

    def service_arguments(self):
        return {**self.changes(), "status": self.cleaned_data["status"], "status_since": self.cleaned_data["status_since"]}


class UnitStatusForm(VersionedModelForm):
    """A status with its date: recorded new, or a recorded one corrected."""

    class Meta:
        model = UnitStatus
        fields = ["status", "since", "note"]
        widgets = {"since": DateInput()}
        help_texts = {"since": _("The day the unit was found with this status (or changed to it).")}

    def __init__(self, *args, unit, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.unit = unit  # so that a second status on the same day is refused here, with the form


class RegisterFilterForm(forms.Form):
    """The register list's filter (GET): status today, use class, floor, street."""

    status = forms.ChoiceField(label=_("Status"), required=False, choices=[("", _("any status")), ("none", _("no status recorded")), *Status.choices])
    use_class = forms.ChoiceField(label=_("Use class"), required=False, choices=[("", _("any use")), *UseClass.choices])
    floor = forms.ChoiceField(label=_("Floor"), required=False, choices=[("", _("any floor")), *Floor.choices])
    street = forms.ChoiceField(label=_("Street"), required=False)

    def __init__(self, *args, streets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["street"].choices = [("", _("every street")), *((street, street) for street in streets)]

    def filter(self, units):
        """`units` (annotated with their status today) narrowed to what was chosen; nothing narrowed
        by a choice that is not offered (the form then says so)."""
        if not self.is_valid():
            return units
        chosen = self.cleaned_data
        if chosen["status"] == "none":
            units = units.filter(status_now__isnull=True)
        elif chosen["status"]:
            units = units.filter(status_now=chosen["status"])
        for name in ("use_class", "floor", "street"):
            if chosen[name]:
                units = units.filter(**{name: chosen[name]})
        return units
