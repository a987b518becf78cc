"""Town-centre indicators, their measurements, and the targets initiatives set on them."""
import datetime

from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import F, OuterRef, Q, Subquery
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from initiatives.models.programme import Initiative
from initiatives.models.target_status import target_status
from initiatives.units import StandardUnit, unit_name, with_unit
from simple_history.models import HistoricalRecords

from core.models import EditVersion
from core.translated import Translated, shown

VALUE = {"max_digits": 14, "decimal_places": 3}
TREND_SPAN = datetime.timedelta(days=365)


def _measurement_value(indicator_ref, *, on_or_before=None, first=False, field="value"):
    rows = Measurement.objects.filter(indicator=indicator_ref)
    if on_or_before is not None:
        rows = rows.filter(measured_on__lte=on_or_before)
    rows = rows.order_by("measured_on" if first else "-measured_on")
    return Subquery(rows.values(field)[:1])


class IndicatorQuerySet(models.QuerySet):
    def with_trend(self):
        """Latest value and date, and the value a year before it (or the first one if younger)."""
        latest = self.annotate(
            latest_value=_measurement_value(OuterRef("pk")),
            latest_on=_measurement_value(OuterRef("pk"), field="measured_on"),
        )
        year_before = models.ExpressionWrapper(OuterRef("latest_on") - TREND_SPAN, output_field=models.DateField())
        return latest.annotate(
            earlier_value=Coalesce(
                _measurement_value(OuterRef("pk"), on_or_before=year_before),
                _measurement_value(OuterRef("pk"), first=True),
            ),
            earlier_on=Coalesce(
                _measurement_value(OuterRef("pk"), on_or_before=year_before, field="measured_on"),
                _measurement_value(OuterRef("pk"), first=True, field="measured_on"),
            ),
        )


class Indicator(Translated, EditVersion):  # the version: see core.models.EditVersion
    """A measure of the town centre's health (footfall, vacancy rate, PM2.5, …)."""

    translated_fields = ("name", "description")

    name = models.CharField(_("name"), max_length=150, unique=True)
    slug = models.SlugField(_("slug"), max_length=150, unique=True)
    standard_unit = models.CharField(
        _("unit"), max_length=40, choices=StandardUnit.choices, blank=True,
        help_text=_("Figures are written with this unit in every language (“188 businesses”)."),
    )
    unit = models.CharField(
        _("other unit"), max_length=50, blank=True,
        help_text=_("Only when the list has no fitting unit. It is shown as a label before the figure (“Visitors: 188”)."),
    )
    higher_is_better = models.BooleanField(
        _("higher is better"), default=True, help_text=_("Untick for measures such as vacancy or pollution.")
    )
    description = models.TextField(_("how it is measured"), blank=True)
    decimal_places = models.PositiveSmallIntegerField(_("decimal places shown"), default=0)

    objects = IndicatorQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("indicator")
        verbose_name_plural = _("indicators")
        constraints = [
            models.CheckConstraint(
                condition=~Q(standard_unit="") | ~Q(unit=""), name="indicator_has_a_unit",
                violation_error_message=_("Choose a unit from the list, or type one."),
            ),
        ]

    def __str__(self):
        return self.display_name

    @property
    def display_name(self):
        """The name in the reader's language (core.translated; the demo's names come with theirs)."""
        return shown(self, "name")

    @property
    def display_unit(self):
        """The unit on its own, for a column header or a legend."""
        return unit_name(standard_unit=self.standard_unit, typed_unit=self.unit)

    def measure(self, value, *, sign=False):
        """`value` with this indicator's decimal places and unit: "188 podjetij", "Visitors: 188"."""
        return with_unit(
            value, standard_unit=self.standard_unit, typed_unit=self.unit, decimal_places=self.decimal_places, sign=sign
        )

    def get_absolute_url(self):
        return reverse("initiatives:indicator-detail", kwargs={"slug": self.slug})

    @property
    def trend(self):
        """"improving", "worsening" or "steady" between earlier_value and latest_value (needs with_trend())."""
        latest, earlier = getattr(self, "latest_value", None), getattr(self, "earlier_value", None)
        if latest is None or earlier is None or latest == earlier:
            return "steady"
        return "improving" if (latest > earlier) == self.higher_is_better else "worsening"

    @property
    def change(self):
        latest, earlier = getattr(self, "latest_value", None), getattr(self, "earlier_value", None)
        if latest is None or earlier is None:
            return None
        return latest - earlier


class Measurement(models.Model):
    class Period(models.TextChoices):
        DAY = "day", _("day")
        WEEK = "week", _("week")
        MONTH = "month", _("month")
        QUARTER = "quarter", _("quarter")
        YEAR = "year", _("year")

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="measurements"
    )
    measured_on = models.DateField(_("date"), help_text=_("For a period, its first day."))
    period = models.CharField(_("period"), max_length=8, choices=Period.choices, default=Period.DAY)
    value = models.DecimalField(_("value"), **VALUE)
    source = models.CharField(_("source"), max_length=200, blank=True)
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    class Meta:
        ordering = ["indicator", "-measured_on"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "measured_on"],
                name="measurement_one_per_indicator_and_date",
                violation_error_message=_("This indicator already has a value for that date."),
            )
        ]

    def __str__(self):
        return f"{self.indicator}: {self.value} ({self.measured_on})"


class TargetQuerySet(models.QuerySet):
    def with_latest(self):
        return self.select_related("indicator", "initiative").annotate(
            latest_value=_measurement_value(OuterRef("indicator")),
            latest_on=_measurement_value(OuterRef("indicator"), field="measured_on"),
        )

    def of_public_initiatives(self):
        return self.filter(initiative__is_public=True)

    def visible_to(self, user):
        """The targets of the initiatives `user` may see (see InitiativeQuerySet.visible_to)."""
        return self.filter(initiative__in=Initiative.objects.visible_to(user))


class Target(models.Model):
    """An initiative aims to move an indicator from a baseline to a target value by a date."""

    initiative = models.ForeignKey(
        "initiatives.Initiative", verbose_name=_("initiative"), on_delete=models.CASCADE, related_name="targets"
    )
    indicator = models.ForeignKey(Indicator, verbose_name=_("indicator"), on_delete=models.PROTECT, related_name="targets")
    baseline = models.DecimalField(_("baseline"), **VALUE)
    baseline_on = models.DateField(_("baseline date"))
    target_value = models.DecimalField(_("target"), **VALUE)
    target_on = models.DateField(_("to reach by"))

    history = HistoricalRecords()
    objects = TargetQuerySet.as_manager()

    class Meta:
        ordering = ["initiative", "indicator__name"]
        verbose_name = _("target")
        verbose_name_plural = _("targets")
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "indicator"],
                name="target_one_per_initiative_and_indicator",
                violation_error_message=_("This initiative already has a target on that indicator."),
            ),
            models.CheckConstraint(
                condition=Q(target_on__gt=F("baseline_on")),
                name="target_after_baseline",
                violation_error_message=_("The target date must be after the baseline date."),
            ),
        ]

    def __str__(self):
        return f"{self.initiative}: {self.indicator} → {self.target_value}"

    def clean(self):
        if self.target_value is not None and self.target_value == self.baseline:
            raise ValidationError({"target_value": _("The target must differ from the baseline.")})

    @property
    def status(self):
        """On track / at risk / off track (needs with_latest())."""
        return target_status(
            baseline=self.baseline,
            baseline_on=self.baseline_on,
            target=self.target_value,
            target_on=self.target_on,
            latest=getattr(self, "latest_value", None),
            latest_on=getattr(self, "latest_on", None),
            higher_is_better=self.indicator.higher_is_better,
        )
