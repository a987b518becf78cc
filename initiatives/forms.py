from django import forms
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from committees.models import Committee
from committees.rules import member_committee_ids
from initiatives.models import FundingLine, Indicator, Initiative, Measurement, Milestone, ProgressUpdate, Target
from initiatives.places import offered_units, unit_place_label
from premises.models import Unit
from core.edit_forms import VersionedModelForm
from core.more_rows import TypedRowsFormSet
from core.number_input import TypedNumbersModelForm
from core.roles import managers
from core.sheet_import import SpreadsheetUploadForm
from core.translated import OriginalLanguageField

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def slug_from(form, text, fallback):
    """The slug a form's blank slug field gets: `text` made a slug (Latin letters only, as the pages'
    addresses take), or `fallback` when nothing is left of it (a Persian name), with -2, -3… added
    where another row has it already."""
    model, max_length = form._meta.model, form._meta.model._meta.get_field("slug").max_length
    base = slugify(text)[: max_length - 4].strip("-") or fallback
    taken = set(model.objects.exclude(pk=form.instance.pk).filter(slug__startswith=base).values_list("slug", flat=True))
    slug, counter = base, 2
    while slug in taken:
        slug, counter = f"{base}-{counter}", counter + 1
    return slug


class InitiativeForm(OriginalLanguageField, VersionedModelForm):
    class Meta:
        model = Initiative
        fields = [
            "original_language", "title", "slug", "summary", "description", "theme", "status", "lead_committee", "responsible_manager",
            "partners", "area", "start_on", "end_on", "is_public", "is_featured", "progress_override",
        ]
        widgets = {"start_on": DATE, "end_on": DATE, "description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("The web address of the page; made from the title when left empty.")
        committees = Committee.objects.all()
        if not user.is_superuser:
            committees = committees.filter(pk__in=member_committee_ids(user))
        self.fields["lead_committee"].queryset = committees
        self.fields["responsible_manager"].queryset = managers()
        self.fields["responsible_manager"].label_from_instance = lambda u: u.get_full_name() or u.username

    def clean_slug(self):
        return self.cleaned_data.get("slug") or slug_from(self, self.cleaned_data.get("title", ""), "initiative")


class MilestoneForm(TypedNumbersModelForm):
    class Meta:
        model = Milestone
        fields = ["title", "due_on", "done_on"]
        widgets = {"due_on": DATE, "done_on": DATE}


class RowsFetchedOnceFormSet(TypedRowsFormSet, forms.BaseInlineFormSet):
    """Checks each posted row's id against the rows the formset reads once, instead of Django's
    query per row. "More rows" shows the rows again as typed (core.more_rows)."""

    def add_fields(self, form, index):
        super().add_fields(form, index)
        name = self.model._meta.pk.name
        if name in form.fields:
            form.fields[name] = FetchedRowField(self, form.fields[name])

    def rows(self):
        """What a valid formset asks for, as the row dicts of initiatives.services: each row the
        editor added (id None) or changed with its fields, and each stored row marked for removal."""
        names = [name for name in self.form._meta.fields if name != self.fk.name]
        rows = []
        for form in self.forms:
            row_id = form.instance.pk if form in self.initial_forms else None
            delete = self.can_delete and form.cleaned_data.get(forms.formsets.DELETION_FIELD_NAME, False)
            if delete and row_id is not None:
                rows.append({"id": row_id, "delete": True})
            elif form.has_changed() and not delete:
                rows.append({"id": row_id, **{name: form.cleaned_data[name] for name in names}})
        return rows


class FetchedRowField(forms.ModelChoiceField):
    """A row's hidden id, found among its formset's rows (a removed row's id is an invalid choice)."""

    def __init__(self, formset, field):
        super().__init__(field.queryset, required=False, widget=field.widget, initial=field.initial)
        self.formset = formset

    def to_python(self, value):
        if value in self.empty_values:
            return None
        rows = {str(row.pk): row for row in self.formset.get_queryset()}
        if str(value) not in rows:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return rows[str(value)]


class MilestoneDoneForm(forms.Form):
    """When a milestone was done: today unless the editor says another day (never one still to come:
    Milestone.clean, checked again by the service)."""

    done_on = forms.DateField(label=_("Done on"), widget=DATE)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        today = timezone.localdate()
        self.fields["done_on"].initial = today
        self.fields["done_on"].widget.attrs["max"] = today.isoformat()

    def clean_done_on(self):
        done_on = self.cleaned_data["done_on"]
        if done_on > timezone.localdate():
            raise forms.ValidationError(_("A milestone cannot be done on a day still to come."))
        return done_on


MilestoneFormSet = forms.inlineformset_factory(
    Initiative, Milestone, form=MilestoneForm, formset=RowsFetchedOnceFormSet, extra=2, can_delete=True
)


class ProgressUpdateForm(TypedNumbersModelForm):
    class Meta:
        model = ProgressUpdate
        fields = ["date", "text", "photo", "photo_description"]
        widgets = {"date": DATE, "text": forms.Textarea(attrs={"rows": 4})}


FundingLineFormSet = forms.inlineformset_factory(
    Initiative, FundingLine, form=TypedNumbersModelForm, formset=RowsFetchedOnceFormSet,
    fields=["source", "note", "planned", "spent"],
    extra=2, can_delete=True,
)


class TargetBaseFormSet(RowsFetchedOnceFormSet):
    """Reads the indicator choices once for all rows instead of once per row."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        choices = list(self.empty_form.fields["indicator"].choices)
        for form in self.forms:
            form.fields["indicator"].choices = choices


TargetFormSet = forms.inlineformset_factory(
    Initiative,
    Target,
    form=TypedNumbersModelForm,
    formset=TargetBaseFormSet,
    fields=["indicator", "baseline", "baseline_on", "target_value", "target_on"],
    widgets={"baseline_on": DATE, "target_on": DATE},
    extra=1,
    can_delete=True,
)


class IndicatorForm(OriginalLanguageField, VersionedModelForm):
    class Meta:
        model = Indicator
        fields = [
            "original_language", "name", "slug", "standard_unit", "unit", "higher_is_better", "reporting_period",
            "roll_up", "decimal_places", "description",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["slug"].required = False
        self.fields["slug"].help_text = _("The web address of the page; made from the name when left empty.")

    def clean_slug(self):
        return self.cleaned_data.get("slug") or slug_from(self, self.cleaned_data.get("name", ""), "indicator")


class MeasurementForm(VersionedModelForm):
    """A measurement typed by hand, or corrected: its date, period, value, source, and whether it is
    excluded (with the reason)."""

    class Meta:
        model = Measurement
        fields = ["measured_on", "period", "value", "source", "is_excluded", "excluded_reason"]
        widgets = {"measured_on": DATE}

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.instance.indicator = indicator
        if not self.instance.pk:
            self.initial.setdefault("period", indicator.reporting_period)

    def clean_measured_on(self):
        # The indicator is not a form field, so the model's unique constraint is not checked for us.
        measured_on = self.cleaned_data["measured_on"]
        others = Measurement.objects.filter(indicator=self.instance.indicator, measured_on=measured_on)
        if others.exclude(pk=self.instance.pk).exists():
            raise forms.ValidationError(_("This indicator already has a value for that date."))
        return measured_on

    def clean(self):
        cleaned_data = super().clean()
        if cleaned_data.get("is_excluded") and not cleaned_data.get("excluded_reason"):
            self.add_error("excluded_reason", _("Say why the value is excluded."))
        return cleaned_data


class MeasurementImportForm(SpreadsheetUploadForm):
    period = forms.ChoiceField(
        label=_("each row covers one"), choices=Measurement.Period.choices,
        help_text=_("Unless a row says its own period in a third column (day, week, month, quarter or year)."),
    )
    source = forms.CharField(label=_("source"), max_length=200, required=False, help_text=_("For example “footfall counter, Main Square”."))

    field_order = ["file", "period", "source", "language"]

    def __init__(self, *args, indicator, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["period"].initial = indicator.reporting_period
        self.fields["file"].help_text = _(
            "One row per measurement: date and value, and if you like its period (CSV or an Excel workbook, "
            ".xlsx). A header row is optional."
        )


class InitiativePlaceForm(VersionedModelForm):
    """The units of the premises register an initiative works on, and its place on the plan: typed
    (longitude, latitude, read as the editor's language writes numbers), clicked on the plan (the
    script fills the same fields), or taken from one of the units (`at_unit`)."""

    at_unit = forms.ModelChoiceField(
        label=_("Or place it where one of the units is"), queryset=None, required=False,
        empty_label=_("(no: use the longitude and latitude above)"),
    )

    class Meta:
        model = Initiative
        fields = ["units", "longitude", "latitude"]
        widgets = {"units": forms.CheckboxSelectMultiple(attrs={"class": "form-check-input", "aria-describedby": "units-help"})}
        help_texts = {
            "units": _("The units it works on, from the registers you keep, by street."),
            "longitude": _("Where the initiative is on the town plan, as GeoJSON writes it (WGS 84), e.g. 15.1124."),
            "latitude": _("For example 46.3592. Leave both empty if it has no one place."),
        }

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.offered = list(offered_units(user, self.instance))
        located = [unit for unit in self.offered if unit.longitude is not None]
        units, at_unit = self.fields["units"], self.fields["at_unit"]
        # The querysets check what is posted; the choices are the units read above (no second query).
        units.queryset = Unit.objects.filter(pk__in=[unit.pk for unit in self.offered])
        units.choices = [(unit.pk, unit_place_label(unit)) for unit in self.offered]
        at_unit.queryset = Unit.objects.filter(pk__in=[unit.pk for unit in located])
        at_unit.choices = [("", at_unit.empty_label), *((unit.pk, str(unit)) for unit in located)]

    def unit_groups(self):
        """[(street, [the checkbox of each unit in it])], in street order, for a fieldset per street."""
        streets = {str(unit.pk): unit.street for unit in self.offered}
        groups = {}
        for option in self["units"]:
            groups.setdefault(streets[str(option.data["value"])], []).append(option)
        return list(groups.items())

    def clean(self):
        cleaned = super().clean()
        unit = cleaned.get("at_unit")
        if unit is None:
            return cleaned
        typed = (cleaned.get("longitude"), cleaned.get("latitude"))
        if typed != (None, None) and typed != (unit.longitude, unit.latitude):
            self.add_error("at_unit", _("Choose a unit or type the longitude and latitude, not both: they give different places."))
        else:
            cleaned["longitude"], cleaned["latitude"] = unit.longitude, unit.latitude
        return cleaned
