"""The register's forms: a unit, a status with its date, and the list's filter. Typed numbers (floor
area, coordinates) are read as the editor's language writes them (core.number_input)."""
from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.core.validators import FileExtensionValidator
from django.utils.translation import gettext_lazy as _

from committees.forms import DateInput
from core.edit_forms import VersionedModelForm
from core.files import PHOTO_FORMATS, decoded_photo, validate_upload_size
from premises.models import Floor, Status, Unit, UnitStatus, UseClass
from premises.plan import read_plan

UNIT_FIELDS = [
    "committee", "street", "number", "unit_name", "floor", "floor_area", "use_class", "asking_rent",
    "longitude", "latitude", "publish_address", "notes",
]
PHOTO_EXTENSIONS = [*PHOTO_FORMATS.values(), "jpeg"]
PHOTO_TYPES = "image/jpeg,image/png,image/webp"


class UnitForm(VersionedModelForm):
    """A unit's details; the committee is one whose register the editor keeps (`committees`)."""

    class Meta:
        model = Unit
        fields = [*UNIT_FIELDS, "photo", "photo_description"]
        widgets = {"notes": forms.Textarea(attrs={"rows": 4}), "photo": forms.ClearableFileInput(attrs={"accept": PHOTO_TYPES})}
        help_texts = {
            "longitude": _("Where the unit is on the town plan, as GeoJSON writes it (WGS 84), e.g. 15.1124."),
            "latitude": _("For example 46.3592. Leave both empty if the unit is not placed yet."),
        }

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        self.fields["committee"].empty_label = None
        self.fields["photo"].validators += [FileExtensionValidator(PHOTO_EXTENSIONS), validate_upload_size]
        self.fields["photo"].help_text = _("JPEG, PNG or WebP. Shown on the public list of units to let while the unit is available, unless its address is not published.")

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if isinstance(photo, UploadedFile):
            decoded_photo(photo)  # the whole image must decode: the extension and first bytes prove nothing
        return photo

    def clean(self):
        cleaned = super().clean()
        photo = cleaned.get("photo")
        if photo and not cleaned.get("photo_description", "").strip() and "photo" not in self.errors:
            self.add_error("photo_description", _("Describe the photo for people who cannot see it."))
        return cleaned


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


class BasePlanForm(forms.Form):
    """A base plan uploaded as GeoJSON, for a committee whose register the uploader keeps, with its credit line."""

    committee = forms.ModelChoiceField(label=_("Plan of"), queryset=None, empty_label=None)
    file = forms.FileField(
        label=_("GeoJSON file"), validators=[FileExtensionValidator(["geojson", "json"]), validate_upload_size],
        help_text=_("A FeatureCollection: streets as lines, blocks and areas as polygons, with a “name” property if they have one. Longitude and latitude (WGS 84), or Slovenia's D96/TM or Poland's CS92 grid."),
    )
    grid = forms.ChoiceField(
        label=_("Coordinates"), required=False,
        choices=[("", _("as the file says (longitude and latitude if it says nothing)")),
                 ("3794", _("Slovenia D96/TM (EPSG:3794), in metres")), ("2180", _("Poland CS92 (EPSG:2180), in metres"))],
        help_text=_("Only needed for a file in metres that does not name its grid."),
    )
    credit = forms.CharField(
        label=_("Credit line"), max_length=300,
        help_text=_("Shown under the plan, as its source asks, e.g. “© OpenStreetMap contributors” or “Town of Velenje, GIS office”."),
    )

    def __init__(self, *args, committees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("file"):
            cleaned["file"].seek(0)
            try:
                cleaned["plan"] = read_plan(cleaned["file"].read(), cleaned.get("grid") or "")
            except ValidationError as problem:
                self.add_error("file", problem)
        return cleaned
