"""The public premises pages: the figures of the centre (/premises/) and the units available to let
(/premises/available/), with the photos of the units those pages show.

Everyone reads them, signed in or not; anonymous visitors get them from the page cache (core.page_cache,
premises being content: every register write shows at once). Only units kept by public committees are
shown. A unit whose owner has not agreed to publication (`publish_address` off) is shown by its street
only: its number, unit name and its place on the plan are left out, and so is its photo (a shop front
is its address). Owners, agents and notes are never read here. Enquiries go to the keeping committee's
public enquiry e-mail and phone (committees.Committee), never to an owner.
"""
import datetime

from django import forms
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _, gettext_lazy
from django.views.decorators.http import require_safe

from committees.models import Committee
from core.files import file_response
from core.number_input import NumberField
from core.page_cache import public_page
from premises.mix import monthly_use_mix, use_mix_on
from premises.models import BasePlan, Floor, Unit, UseClass
from premises.rules import can_read_register
from premises.vacancy import AVAILABLE, COUNTED, Vacancy, counted_units, long_term_vacant, monthly_vacancy, vacancy_by_street, vacancy_on

MONTHS_SHOWN = 24  # the vacancy series on the figures page: the last two years, month by month
YEARS_SHOWN = 5  # the mix of uses: at the end of each of the last five years, and today


def public_units():
    """The units the public pages may show: those kept by public committees."""
    return Unit.objects.filter(committee__in=Committee.objects.public())


class PublicUnit:
    """What a public page (and the plan drawn on it) may say of a unit: nothing of its owner, notes or
    edits, and its number and unit name only if its address is published."""

    def __init__(self, unit, url=""):
        self.pk, self.street, self.floor, self.use_class = unit.pk, unit.street, unit.floor, unit.use_class
        self.floor_area, self.asking_rent = unit.floor_area, unit.asking_rent
        self.status_now = getattr(unit, "status_now", None)
        self.publish_address = unit.publish_address
        self.number = unit.number if unit.publish_address else ""
        self.unit_name = unit.unit_name if unit.publish_address else ""
        self.longitude = unit.longitude if unit.publish_address else None
        self.latitude = unit.latitude if unit.publish_address else None
        self.has_photo = bool(unit.photo) and unit.publish_address
        self.photo_description = unit.photo_description if self.has_photo else ""
        self.committee = unit.committee
        self._url = url

    def __str__(self):
        if not self.publish_address:
            return _("A unit on %(street)s") % {"street": self.street}
        address = f"{self.street} {self.number}"
        return f"{address}, {self.unit_name}" if self.unit_name else address

    def get_absolute_url(self):
        return self._url

    def get_floor_display(self):
        return Floor(self.floor).label

    def get_use_class_display(self):
        return UseClass(self.use_class).label if self.use_class in UseClass.values else self.use_class

    @property
    def photo_url(self):
        return reverse("premises:unit-photo", args=[self.pk]) if self.has_photo else ""


def _public_committees():
    return list(Committee.objects.public().order_by("pk").values_list("pk", flat=True))


def _month_start(day, months_back):
    number = day.year * 12 + day.month - 1 - months_back
    return datetime.date(number // 12, number % 12 + 1, 1)


def public_monthly_vacancy(start, end, committees):
    """premises.vacancy's monthly series over the registers of the public committees, added up month by
    month (one query per public committee)."""
    series = [monthly_vacancy(start=start, end=end, committee=pk) for pk in committees]
    if not series:
        return []
    return [Vacancy(on=months[0].on, units=sum(m.units for m in months), empty=sum(m.empty for m in months),
                    available=sum(m.available for m in months)) for months in zip(*series)]


@require_safe
@public_page(params=("plan",))
def figures(request):
    """The vacancy rate now and month by month, by street, the long-term vacant, the mix of uses, the plan."""
    today = timezone.localdate()
    units = public_units()
    committees = _public_committees()
    series = public_monthly_vacancy(_month_start(today, MONTHS_SHOWN - 1), today, committees)
    year_ends = [datetime.date(today.year - back, 12, 31) for back in range(YEARS_SHOWN, 0, -1)]
    monthly_mix = {mix.on: mix for mix in monthly_use_mix(start=year_ends[0], end=today, committees=committees)}
    mixes = [monthly_mix[day] for day in year_ends if day in monthly_mix] + [use_mix_on(today, units)]
    on_plan = [unit for unit in units.select_related("committee").with_status_on(today).filter(publish_address=True)
               .exclude(longitude=None).in_street_order()]
    available_url = reverse("premises:available")
    plan_units = [PublicUnit(unit, url=f"{available_url}#unit-{unit.pk}" if unit.status_now in AVAILABLE else "#by-street")
                  for unit in on_plan]
    plan = BasePlan.objects.filter(committee__in=committees).order_by("-uploaded_at", "-pk").first()
    highest = max([month.rate or 0 for month in series] + [1])
    return render(request, "premises/public_figures.html", {
        "today": today,
        "vacancy": vacancy_on(today, units),
        "series": [(month, (month.rate or 0) * 100 / highest) for month in series],
        "by_street": vacancy_by_street(today, units),
        "long_term_count": long_term_vacant(today, units).count(),
        "mix_dates": [mix.on for mix in mixes],
        "mix_rows": [(label, [mix.share(value) for mix in mixes]) for value, label in UseClass.choices],
        "base_plan": plan,
        "plan_units": plan_units,
        "plan_by": "use" if request.GET.get("plan") == "use" else "status",  # what the markers tell: a link switches
        # Those the figures count (premises.vacancy): ground floor, in commercial use today.
        "unpublished_count": counted_units(units).filter(publish_address=False).with_status_on(today)
                             .filter(status_now__in=COUNTED).count(),
    })


class AvailableFilterForm(forms.Form):
    """The filter of the units to let (GET): use class, street, least floor area."""

    use_class = forms.ChoiceField(label=gettext_lazy("Use class"), required=False)
    street = forms.ChoiceField(label=gettext_lazy("Street"), required=False)
    min_area = NumberField(label=gettext_lazy("At least (m²)"), required=False, min_value=0, max_digits=8, decimal_places=1)

    def __init__(self, *args, streets=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["use_class"].choices = [("", _("any use")), *UseClass.choices]
        self.fields["street"].choices = [("", _("every street")), *((street, street) for street in streets)]

    def filter(self, units):
        """`units` narrowed to what was chosen; nothing narrowed by a value the form refuses (it says why)."""
        if not self.is_valid():
            return units
        chosen = self.cleaned_data
        for name in ("use_class", "street"):
            if chosen[name]:
                units = units.filter(**{name: chosen[name]})
        if chosen["min_area"] is not None:
            units = units.filter(floor_area__gte=chosen["min_area"])
        return units


@require_safe
@public_page(params=("use_class", "street", "min_area"))
def available(request):
    """The units available to let today (premises.vacancy's AVAILABLE), on every floor, largest first
    within each street; with the keeping committee's public enquiry contact."""
    today = timezone.localdate()
    to_let = public_units().with_status_on(today).filter(status_now__in=AVAILABLE)
    streets = to_let.order_by("street").values_list("street", flat=True).distinct()
    filter_form = AvailableFilterForm(request.GET or None, streets=list(streets))
    shown = filter_form.filter(to_let).select_related("committee").order_by("street", "number_order", "number", "floor", "pk")
    response = render(request, "premises/public_available.html", {
        "today": today,
        "filter_form": filter_form,
        "filtered": filter_form.is_bound,
        "units": [PublicUnit(unit) for unit in shown],
        "total": to_let.count(),
    })
    if filter_form.is_bound and not filter_form.is_valid():
        response["Cache-Control"] = "no-store"  # a value that is not one of the page's own: not kept
    return response


@require_safe
def unit_photo(request, pk):
    """A unit's photo: to everyone while the unit is on the public list of units to let (kept by a public
    committee, available today, its address published); to staff readers always (the register shows it)."""
    units = Unit.objects.exclude(photo="")
    public = public_photo_units(units)
    if not can_read_register(request.user):
        units = public
    unit = get_object_or_404(units, pk=pk)
    return file_response(unit.photo, public=public.filter(pk=unit.pk).exists())


def public_photo_units(units):
    """Of `units`, those whose photo the public pages show."""
    return public_units().filter(pk__in=units.values("pk"), publish_address=True).with_status_on().filter(status_now__in=AVAILABLE)
