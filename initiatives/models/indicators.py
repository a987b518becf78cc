"""Town-centre indicators, their measurements, and the targets initiatives set on them."""
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator
from django.db import models
from django.db.models import Case, F, OuterRef, Q, Subquery, When
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from initiatives.models.programme import Initiative
from initiatives.models.rollup import Period, RollUp
from initiatives.models.target_status import target_status
from initiatives.units import StandardUnit, unit_name, with_unit
from simple_history.models import HistoricalRecords

from core.models import EditVersion
from core.translated import Translated, shown

VALUE = {"max_digits": 14, "decimal_places": 3}


def _period_value(indicator_ref, field="value", **filters):
    """The newest complete rolled-up period of the indicator (matching `filters`): its `field`."""
    rows = PeriodValue.objects.filter(indicator=indicator_ref, complete=True, **filters).order_by("-starts_on")
    return Subquery(rows.values(field)[:1])


def _newest_period(indicator_ref, field):
    """The newest rolled-up period of the indicator, complete or not: its `field`."""
    return Subquery(PeriodValue.objects.filter(indicator=indicator_ref).order_by("-starts_on").values(field)[:1])


class IndicatorQuerySet(models.QuerySet):
    def with_trend(self):
        """From the rolled-up series (initiatives.models.rollup): the latest complete period's value and
        start (latest_value, latest_on), the same period a year before (earlier_value, earlier_on: none
        when that period has no complete value: no like-for-like comparison), and the newest period
        if it is still partial (partial_value, partial_on, partial_days_covered, partial_days)."""
        indicator = OuterRef("pk")
        latest = self.annotate(
            latest_value=_period_value(indicator),
            latest_on=_period_value(indicator, "starts_on"),
            latest_year_before=_period_value(indicator, "year_before_on"),
            newest_complete=_newest_period(indicator, "complete"),
        )
        year_before = OuterRef("latest_year_before")
        return latest.annotate(
            earlier_value=_period_value(indicator, starts_on=year_before),
            earlier_on=_period_value(indicator, "starts_on", starts_on=year_before),
            partial_value=Case(When(newest_complete=False, then=_newest_period(indicator, "value"))),
            partial_on=Case(When(newest_complete=False, then=_newest_period(indicator, "starts_on"))),
            partial_days_covered=Case(When(newest_complete=False, then=_newest_period(indicator, "days_covered"))),
            partial_days=Case(When(newest_complete=False, then=_newest_period(indicator, "days"))),
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
    decimal_places = models.PositiveSmallIntegerField(
        _("decimal places shown"), default=0, validators=[MaxValueValidator(VALUE["decimal_places"])]
    )
    reporting_period = models.CharField(
        _("reported per"), max_length=8, choices=Period.choices, default=Period.MONTH,
        help_text=_("Values are shown, compared and checked against targets per this period."),
    )
    roll_up = models.CharField(
        _("finer data adds up as"), max_length=8, choices=RollUp.choices, default=RollUp.LAST,
        help_text=_("How the measurements within one period (a month of daily counts) make the period's value."),
    )

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
    def is_fed_from_register(self):
        """Its values are computed from the premises register (initiatives.vacancy_indicator), never typed."""
        return self.slug == settings.VACANCY_INDICATOR

    @property
    def partial_percent(self):
        """How much of the newest, partial period is measured so far, per cent (needs with_trend())."""
        days = getattr(self, "partial_days", None)
        return None if not days else Decimal(100 * self.partial_days_covered) / days

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


class MeasurementQuerySet(models.QuerySet):
    def counted(self):
        """The measurements the roll-up counts: all but the excluded ones."""
        return self.filter(is_excluded=False)

    def excluded(self):
        return self.filter(is_excluded=True)


class Measurement(EditVersion):
    Period = Period

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="measurements"
    )
    measured_on = models.DateField(_("date"), help_text=_("For a period, its first day."))
    period = models.CharField(_("period"), max_length=8, choices=Period.choices, default=Period.DAY)
    value = models.DecimalField(_("value"), **VALUE)
    source = models.CharField(_("source"), max_length=200, blank=True)
    is_excluded = models.BooleanField(
        _("excluded"), default=False,
        help_text=_("Left out of the period values, trends, targets and the summary, and shown as a gap."),
    )
    excluded_reason = models.CharField(
        _("why it is excluded"), max_length=200, blank=True, help_text=_("For example “counter fault” or “roadworks”.")
    )
    computed_from = models.CharField(
        _("computed from"), max_length=100, blank=True,
        help_text=_("The register this value is computed from; such values are corrected there, not by hand."),
    )
    created_at = models.DateTimeField(_("entered at"), auto_now_add=True)

    history = HistoricalRecords()
    objects = MeasurementQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "-measured_on"]
        verbose_name = _("measurement")
        verbose_name_plural = _("measurements")
        constraints = [
            models.UniqueConstraint(
                fields=["indicator", "measured_on"],
                name="measurement_one_per_indicator_and_date",
                violation_error_message=_("This indicator already has a value for that date."),
            ),
            models.CheckConstraint(
                condition=Q(is_excluded=False) | ~Q(excluded_reason=""), name="measurement_excluded_with_reason",
                violation_error_message=_("Say why the value is excluded."),
            ),
        ]

    def __str__(self):
        return f"{self.indicator}: {self.value} ({self.measured_on})"

    @property
    def is_computed(self):
        """Computed from another register (computed_from names it): corrected there, never by hand."""
        return bool(self.computed_from)


class PeriodValueQuerySet(models.QuerySet):
    def complete(self):
        return self.filter(complete=True)


class PeriodValue(models.Model):
    """One reporting period's value of an indicator, rolled up from its counted measurements by
    initiatives.models.rollup (the one place that says how) and stored by
    initiatives.services.series_refresh after every change, so lists, targets and the summary read
    it in one query. Never written otherwise."""

    indicator = models.ForeignKey(
        Indicator, verbose_name=_("indicator"), on_delete=models.CASCADE, related_name="period_values"
    )
    starts_on = models.DateField(_("period starts on"))
    ends_on = models.DateField(_("period ends on"))
    year_before_on = models.DateField(_("the same period a year before starts on"))
    value = models.DecimalField(_("value"), **VALUE)
    complete = models.BooleanField(_("complete"))
    days_covered = models.PositiveIntegerField(_("days covered"))
    days = models.PositiveIntegerField(_("days"))
    counted = models.PositiveIntegerField(_("measurements counted"))
    overlapping = models.PositiveIntegerField(_("measurements covered by a longer one"), default=0)

    objects = PeriodValueQuerySet.as_manager()

    class Meta:
        ordering = ["indicator", "starts_on"]
        verbose_name = _("period value")
        verbose_name_plural = _("period values")
        constraints = [
            models.UniqueConstraint(fields=["indicator", "starts_on"], name="period_value_one_per_indicator_and_start"),
        ]

    def __str__(self):
        return f"{self.indicator}: {self.value} ({self.starts_on}–{self.ends_on})"


class TargetQuerySet(models.QuerySet):
    def with_latest(self):
        """The indicator's latest complete rolled-up period: its value and start (latest_value, latest_on)."""
        return self.select_related("indicator", "initiative").annotate(
            latest_value=_period_value(OuterRef("indicator")),
            latest_on=_period_value(OuterRef("indicator"), "starts_on"),
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
