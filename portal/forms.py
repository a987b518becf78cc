"""Forms of the cross-app pages: the summary's period and committee filter, and site search."""
import datetime
from dataclasses import dataclass

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Column, Layout, Row, Submit
from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from committees.models import Committee

# A custom period longer than this is almost certainly a typing mistake in the year.
LONGEST_PERIOD = datetime.timedelta(days=366 * 20)


def one_year_before(day):
    """The same day a year earlier (28 February for a 29 February)."""
    try:
        return day.replace(year=day.year - 1)
    except ValueError:
        return day.replace(year=day.year - 1, day=28)


@dataclass(frozen=True)
class Period:
    """A span of whole days, both ends included."""

    start: datetime.date
    end: datetime.date
    label: str

    @property
    def starts_at(self):
        """The first moment of the period, for datetime fields."""
        return timezone.make_aware(datetime.datetime.combine(self.start, datetime.time.min))

    @property
    def ends_before(self):
        """The first moment after the period, for datetime fields."""
        return timezone.make_aware(datetime.datetime.combine(self.end + datetime.timedelta(days=1), datetime.time.min))


class SummaryFilterForm(forms.Form):
    """The summary's GET form: which period and which committee. Works without JavaScript."""

    THIS_YEAR = "year"
    LAST_12_MONTHS = "12m"
    CUSTOM = "custom"
    PERIOD_CHOICES = [
        (THIS_YEAR, _("this year")),
        (LAST_12_MONTHS, _("last 12 months")),
        (CUSTOM, _("custom (from – to)")),
    ]

    period = forms.ChoiceField(label=_("Period"), choices=PERIOD_CHOICES, required=False, initial=THIS_YEAR)
    start = forms.DateField(label=_("From"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    end = forms.DateField(label=_("To"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    committee = forms.ModelChoiceField(
        label=_("Committee"),
        queryset=Committee.objects.all(),
        required=False,
        to_field_name="slug",
        empty_label=_("all committees"),
    )

    def __init__(self, *args, today=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.today = today or timezone.localdate()
        self.helper = FormHelper()
        self.helper.form_method = "get"
        self.helper.form_class = "filters"
        self.helper.layout = Layout(
            Row(
                *(Column(name, css_class="col-sm-6 col-lg") for name in ("period", "start", "end", "committee")),
                Column(Submit("", _("Show"), css_class="btn-primary mb-3"), css_class="col-auto d-flex align-items-end"),
            )
        )

    def clean(self):
        data = super().clean()
        if data.get("period") != self.CUSTOM:
            return data
        start, end = data.get("start"), data.get("end")
        if "start" in data and not start:
            self.add_error("start", _("Give the first day of the period."))
        if "end" in data and not end:
            self.add_error("end", _("Give the last day of the period."))
        if start and end and end < start:
            self.add_error("end", _("The period cannot end before it starts."))
        elif start and end and end - start > LONGEST_PERIOD:
            self.add_error("end", _("Choose a period of at most twenty years."))
        return data

    def selection(self):
        """(period, committee) the page shows; this year and all committees while the form is unbound or wrong."""
        data = self.cleaned_data if self.is_bound and self.is_valid() else {}
        return self._period(data), data.get("committee")

    def _period(self, data):
        today = self.today
        choice = data.get("period") or self.THIS_YEAR
        if choice == self.CUSTOM:
            return Period(data["start"], data["end"], _("custom period"))
        if choice == self.LAST_12_MONTHS:
            return Period(one_year_before(today) + datetime.timedelta(days=1), today, _("last 12 months"))
        return Period(datetime.date(today.year, 1, 1), datetime.date(today.year, 12, 31), _("this year"))


class SearchForm(forms.Form):
    q = forms.CharField(label=_("Search for"), max_length=200, required=False)

    def clean_q(self):
        return " ".join(self.cleaned_data["q"].split())
